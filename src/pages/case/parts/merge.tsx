import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseView, SimilarCase } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import Notice from '../../../components/notice';
import { askConfirm, CONFIRM_FAILED } from '../../../lib/confirm';
import { routes } from '../../../lib/routes';
import { fetchDuplicatesOf, mergeCase } from '../../../services/cloud';
import type { CaseAction } from '../use-action';
import { ActionError } from './action-panel';

type Found = { state: 'closed' } | { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; list: SimilarCase[] };

/**
 * 合并重复的事 (members who may see the case, the office): on a tap, the open cases of the same kind at the same building
 * in the last 72 hours; 「并入这件」 merges this case into the picked one after a question. Read only on the tap, so the
 * page itself still loads with one call.
 */
export default function Merge({ view: v, action }: { view: CaseView; action: CaseAction }) {
  const [found, setFound] = useState<Found>({ state: 'closed' });
  if (!v.can.merge) return null;

  const look = async () => {
    if (action.running()) return;
    setFound({ state: 'loading' });
    const res = await fetchDuplicatesOf(v.id);
    setFound(res.ok ? { state: 'ready', list: res.data.cases } : { state: 'failed', message: res.error.message });
  };

  const mergeInto = (kept: SimilarCase) =>
    action.run(
      'merge',
      async () => {
        const answer = await askConfirm({
          title: '合并成一件事',
          content: `这件事并入事项 ${kept.code}，以后只办那一件，这件的反映人会一起收到进展。可以吗？`,
          confirmText: '确定合并',
          cancelText: '不合并',
        });
        if (answer === 'failed') return { said: CONFIRM_FAILED };
        return answer === 'yes' ? mergeCase(v.id, kept.id) : null;
      },
      `已经并入事项 ${kept.code}。`,
    );

  return (
    <View className='gk-section case__actions'>
      <BigButton
        text={found.state === 'loading' ? '正在查找……' : '合并重复的事'}
        variant='secondary'
        size='small'
        expanded={found.state !== 'closed'}
        testId='merge-button'
        onTap={look}
      />
      <ActionError action={action} which='merge' />
      {found.state === 'failed' ? <Notice kind='error' lines={[found.message]} testId='merge-error' /> : null}
      {found.state === 'ready' && found.list.length === 0 ? (
        <Text className='gk-text gk-muted' data-testid='merge-none'>
          72小时内同一幢楼没有同类的事，不用合并。
        </Text>
      ) : null}
      {found.state === 'ready'
        ? found.list.map((c) => (
            <View key={c.id} className='gk-card' data-testid={`merge-candidate-${c.code}`}>
              <Text className='gk-text'>
                事项 {c.code}：{c.categoryName}
              </Text>
              <Text className='gk-text'>{c.placeText}</Text>
              <Text className='gk-text'>{c.excerpt}</Text>
              <Text className='gk-text gk-muted'>
                {c.reportedText} 反映，{c.statusText}
              </Text>
              <BigButton
                text={action.busy === 'merge' ? '正在合并……' : '并入这件'}
                variant='secondary'
                size='small'
                disabled={action.busy === 'merge'}
                label={`并入事项 ${c.code}`}
                testId={`merge-into-${c.code}`}
                onTap={() => mergeInto(c)}
              />
              <BigButton
                text='看看这件'
                variant='secondary'
                size='small'
                testId={`merge-open-${c.code}`}
                onTap={() => Taro.navigateTo({ url: routes.caseOf(c.id) })}
              />
            </View>
          ))
        : null}
    </View>
  );
}

/** A merged case: which case to follow from now on, with a way there. */
export function MergedInto({ view: v }: { view: CaseView }) {
  if (!v.mergedInto) return null;
  const into = v.mergedInto;
  return (
    <View className='gk-card' data-testid='merged-into'>
      <Text className='gk-text'>这件事和事项 {into.code} 是同一件事，已经合在一起办。以后的进展都在那一件里。</Text>
      <BigButton text={`看事项 ${into.code}`} variant='secondary' testId='merged-into-open' onTap={() => Taro.navigateTo({ url: routes.caseOf(into.id) })} />
    </View>
  );
}
