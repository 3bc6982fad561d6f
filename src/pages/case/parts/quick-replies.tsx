import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { QuickReplyStep } from '../../../../types/config';
import { appendPhrase } from '../../../../types/quick-replies';
import { cachedMe, loadMe } from '../../../lib/session';

/** The 常用语 of `step` as the admin set them (MeView.quickReplies, loadMe's cache); empty until read, or for residents. */
export function useQuickReplies(step: QuickReplyStep | null): string[] {
  const [list, setList] = useState<string[]>(() => (step ? (cachedMe()?.quickReplies?.[step] ?? []) : []));
  useEffect(() => {
    if (!step) return;
    let live = true;
    loadMe().then((res) => {
      if (live && res.ok) setList(res.data.quickReplies?.[step] ?? []);
    });
    return () => {
      live = false;
    };
  }, [step]);
  return list;
}

export interface QuickReplyChipsProps {
  step: QuickReplyStep;
  /** The field's text now, and how to replace it. */
  text: string;
  onText: (text: string) => void;
  /** The field's most characters. */
  maxlength: number;
  /** Test ids: `${testIdPrefix}${index}`. */
  testIdPrefix: string;
}

/**
 * 常用语 above a step's text field: large chips that wrap across lines; one tap appends the phrase to the text
 * (with 「，」 between when there is text already), never past the field's most characters.
 */
export default function QuickReplyChips({ step, text, onText, maxlength, testIdPrefix }: QuickReplyChipsProps) {
  const phrases = useQuickReplies(step);
  const [full, setFull] = useState(false);
  if (phrases.length === 0) return null;
  const labelId = `quick-${step}-label`;
  return (
    <View className='case__quick' data-testid={`${testIdPrefix}chips`}>
      <Text className='gk-hint' id={labelId}>
        常用语（点一下就填到下面）：
      </Text>
      <View className='case__quick-chips' role='group' aria-labelledby={labelId}>
        {phrases.map((p, i) => (
          <View
            key={`${i}-${p}`}
            className='case__quick-chip'
            role='button'
            tabIndex={0}
            aria-label={`填入：${p}`}
            data-testid={`${testIdPrefix}${i}`}
            onClick={() => {
              const next = appendPhrase(text, p, maxlength);
              setFull(next === null);
              if (next !== null) onText(next);
            }}
          >
            {p}
          </View>
        ))}
      </View>
      {full ? <Text className='gk-hint case__quick-full'>字数已经满了，填不进去了。</Text> : null}
    </View>
  );
}
