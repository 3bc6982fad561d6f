import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { CaseSummary, OfficeQueue, OfficeQueuesView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import CaseRow from '../../components/case-row';
import LoadStatus from '../../components/load-status';
import PickTile from '../../components/pick-tile';
import { fetchOfficeQueue } from '../../services/cloud';
import { formatMonthDayTime } from '../../lib/labels';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';

/** The queues in the order the office works them, with their names in words (督办: 回访 answered 不满意). */
const QUEUES: Array<{ id: OfficeQueue; name: string }> = [
  { id: 'escalated', name: '已上报' },
  { id: 'office-only', name: '仅社区办理' },
  { id: 'emergency', name: '紧急' },
  { id: 'overdue', name: '已超时' },
  { id: 'open', name: '全部未办结' },
  { id: 'supervise', name: '督办' },
];

const nameOf = (q: OfficeQueue) => QUEUES.find((x) => x.id === q)?.name ?? q;

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: OfficeQueuesView };

/** A case in an office list: its row, what it is about, and its deadline (marked when past). */
function OfficeRow({ c, testId }: { c: CaseSummary; testId: string }) {
  return (
    <CaseRow c={c} testId={testId}>
      <Text className='gk-row__line office__desc'>{c.description}</Text>
      {c.supervisionComment !== undefined ? (
        <Text className='gk-row__line office__due--over' data-testid='supervision-comment'>
          回访不满意{c.supervisionComment ? `：${c.supervisionComment}` : ''}
        </Text>
      ) : null}
      {c.dueAt ? (
        <Text className={`gk-row__line${c.overdue ? ' office__due--over' : ''}`}>
          期限：{formatMonthDayTime(c.dueAt)}
          {c.overdue ? '（已经过了）' : ''}
        </Text>
      ) : null}
    </CaseRow>
  );
}

/**
 * The community office's console: 「交给我的」 (what I hold now), then one queue at a time, a page of at most 100 cases;
 * tap one to act on it.
 */
export default function OfficeQueues() {
  const [queue, setQueue] = useState<OfficeQueue>('escalated');
  const [page, setPage] = useState(0);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** Counts stay on the tiles while another queue loads. */
  const [counts, setCounts] = useState<OfficeQueuesView['counts'] | null>(null);
  /** 「交给我的」: the office cases I hold now; kept while another queue loads. */
  const [mine, setMine] = useState<OfficeQueuesView['mine'] | null>(null);
  /** The latest request wins: a slow answer for a queue the user already left is dropped. */
  const latest = useRef(0);

  const show = async (q: OfficeQueue, p: number) => {
    const ticket = ++latest.current;
    setQueue(q);
    setPage(p);
    setLoad({ state: 'loading' });
    const res = await fetchOfficeQueue(q, p);
    if (ticket !== latest.current) return;
    if (res.ok) {
      setCounts(res.data.counts);
      setMine(res.data.mine);
      setLoad({ state: 'ready', view: res.data });
    } else {
      setLoad({ state: 'failed', message: res.error.message });
    }
  };

  // Coming back from a case: the queue may have changed.
  useDidShow(() => {
    show(queue, page);
  });

  const view = load.state === 'ready' ? load.view : null;

  return (
    <View className='gk-page office' style={scaleStyle()}>
      {mine ? (
        <View data-testid='office-mine'>
          <Text className='gk-heading'>交给我的（{mine.length}）</Text>
          {mine.length === 0 ? <Text className='gk-empty'>现在没有交给您办的事。</Text> : null}
          {mine.map((c) => (
            <OfficeRow key={c.id} c={c} testId={`mine-item-${c.id}`} />
          ))}
        </View>
      ) : null}

      <Text className='gk-label office__first-label' id='office-queue-label'>
        看哪一类？
      </Text>
      <View className='gk-tiles' role='group' aria-labelledby='office-queue-label'>
        {QUEUES.map((q) => {
          const on = q.id === queue;
          return (
            <PickTile key={q.id} on={on} className='gk-tile--stack office__queue' testId={`queue-${q.id}`} onTap={() => show(q.id, 0)}>
              <Text className='office__queue-name'>
                {on ? '✓ ' : ''}
                {q.name}
              </Text>
              <Text className='office__queue-count' data-testid={`queue-count-${q.id}`}>
                {counts ? `${counts[q.id]} 件` : '……'}
              </Text>
            </PickTile>
          );
        })}
      </View>

      <Text className='gk-heading' data-testid='office-list-heading'>
        {nameOf(queue)}
        {counts ? `（共 ${counts[queue]} 件）` : ''}
        {page > 0 ? `　第 ${page + 1} 页` : ''}
      </Text>

      <LoadStatus load={load} onRetry={() => show(queue, page)} />

      {view && view.cases.length === 0 ? <Text className='gk-empty'>这一类现在没有事项。</Text> : null}
      {view ? view.cases.map((c) => <OfficeRow key={c.id} c={c} testId={`office-item-${c.id}`} />) : null}

      {view && (view.hasMore || view.page > 0) ? (
        <View className='office__pager'>
          {view.page > 0 ? <BigButton text='上一页' variant='secondary' testId='prev-page' onTap={() => show(view.queue, view.page - 1)} /> : null}
          {view.hasMore ? <BigButton text='下一页' testId='next-page' onTap={() => show(view.queue, view.page + 1)} /> : null}
        </View>
      ) : null}
    </View>
  );
}
