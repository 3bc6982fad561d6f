import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { HandledCase } from '../../../types/domain';
import BigButton from '../../components/big-button';
import CaseRow from '../../components/case-row';
import LoadStatus from '../../components/load-status';
import { fetchHandled } from '../../services/cloud';
import { formatMonthDayTime } from '../../lib/labels';

type Load = { state: 'closed' } | { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; cases: HandledCase[] };

/**
 * 「我经手的」: on a tap, the cases I handed over, escalated or filed for a resident (代办), with who has each now and
 * my step; a row opens the case.
 */
export default function Handled() {
  const [load, setLoad] = useState<Load>({ state: 'closed' });
  const busy = useRef(false);

  const open = async () => {
    if (busy.current) return;
    busy.current = true;
    setLoad({ state: 'loading' });
    const res = await fetchHandled();
    busy.current = false;
    setLoad(res.ok ? { state: 'ready', cases: res.data.cases } : { state: 'failed', message: res.error.message });
  };

  return (
    <View data-testid='handled'>
      <Text className='gk-heading'>我经手的{load.state === 'ready' ? `（${load.cases.length}）` : ''}</Text>
      {load.state === 'closed' ? (
        <BigButton text='看看我转交、上报、代办的事' sub='现在由谁在办、办得怎么样了' variant='secondary' testId='handled-open' onTap={open} />
      ) : null}
      {load.state === 'loading' || load.state === 'failed' ? <LoadStatus load={load} onRetry={open} /> : null}
      {load.state === 'ready' && load.cases.length === 0 ? <Text className='gk-empty'>您还没有转交、上报或代办过事情。</Text> : null}
      {load.state === 'ready'
        ? load.cases.map((c) => (
            <CaseRow key={c.id} c={c} testId={`handled-item-${c.id}`}>
              <Text className='gk-row__line'>
                {formatMonthDayTime(c.myStep.at)} {c.myStep.text}
              </Text>
            </CaseRow>
          ))
        : null}
    </View>
  );
}
