import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import type { Rating } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import TextField from '../../../components/text-field';

/** The three things a resident rates, each 1–5 stars. */
export type RatingKey = 'result' | 'speed' | 'attitude';
const RATING_ROWS: Array<{ key: RatingKey; label: string }> = [
  { key: 'result', label: '办事结果' },
  { key: 'speed', label: '办事速度' },
  { key: 'attitude', label: '服务态度' },
];
const STARS = [1, 2, 3, 4, 5];
export type Stars = Record<RatingKey, number | null>;
export const NO_STARS: Stars = { result: null, speed: null, attitude: null };

/** "★★★★☆ 4星": the glyphs for the eye, the number in words. */
function starsText(n: number): string {
  return `${'★'.repeat(n)}${'☆'.repeat(Math.max(0, 5 - n))} ${n}星`;
}

export interface RatePanelProps {
  stars: Stars;
  comment: string;
  onStar: (key: RatingKey, n: number) => void;
  onComment: (text: string) => void;
  /** The failure's words, shown above 提交评价. */
  error: ReactNode;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** 评价: three rows of five stars (the chosen count also in words), an optional comment, confirm and cancel. */
export function RatePanel({ stars, comment, onStar, onComment, error, busy, onConfirm, onCancel }: RatePanelProps) {
  return (
    <View className='case__panel' data-testid='panel-rate'>
      {RATING_ROWS.map(({ key, label }) => {
        const chosen = stars[key];
        const labelId = `case-rate-${key}-label`;
        return (
          <View key={key}>
            <Text className='gk-label case__panel-first' id={labelId}>
              {label}
            </Text>
            <View className='case__stars' role='group' aria-labelledby={labelId}>
              {STARS.map((n) => {
                const lit = chosen !== null && n <= chosen;
                return (
                  <View
                    key={n}
                    className={`case__star${lit ? ' case__star--on' : ''}`}
                    role='button'
                    tabIndex={0}
                    aria-pressed={chosen === n ? 'true' : 'false'}
                    aria-label={`${n}星`}
                    data-testid={`star-${key}-${n}`}
                    onClick={() => onStar(key, n)}
                  >
                    <Text className='case__star-glyph' aria-hidden='true'>
                      {lit ? '★' : '☆'}
                    </Text>
                    <Text className='case__star-num' aria-hidden='true'>
                      {n}
                    </Text>
                  </View>
                );
              })}
              <Text className='case__star-words' data-testid={`stars-${key}`}>
                {chosen === null ? '还没选' : `${chosen}星`}
              </Text>
            </View>
          </View>
        );
      })}
      <TextField
        multiline
        label='还想说的话（可以不写）'
        value={comment}
        maxlength={300}
        placeholder='例如：来得很快，态度很好'
        testId='rate-comment'
        onInput={onComment}
      />
      {error}
      <BigButton text={busy ? '正在提交……' : '提交评价'} disabled={busy} testId='rate-confirm' onTap={onConfirm} />
      <View className='case__panel-cancel'>
        <BigButton text='取消' variant='secondary' size='small' disabled={busy} testId='cancel-rate' onTap={onCancel} />
      </View>
    </View>
  );
}

/** The resident's rating, in words (the stars only add to them). */
export function RatingCard({ rating: r }: { rating: Rating }) {
  return (
    <View className='gk-card' data-testid='case-rating'>
      <Text className='gk-heading case__first-heading'>居民的评价</Text>
      {RATING_ROWS.map(({ key, label }) => (
        <Text key={key} className='gk-text'>
          {label}：<Text aria-hidden='true'>{starsText(r[key]).split(' ')[0]} </Text>
          {r[key]}星
        </Text>
      ))}
      {r.comment ? <Text className='gk-text case__description'>还想说的话：{r.comment}</Text> : null}
    </View>
  );
}
