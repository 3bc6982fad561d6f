import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { CaseSummary, DutyView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import { claimCase, fetchDutyBoard } from '../../services/cloud';
import { formatDate } from '../../lib/labels';
import { routes } from '../../lib/routes';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

interface Board {
  duty: DutyView;
  pool: CaseSummary[];
  mine: CaseSummary[];
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; board: Board };

const openCase = (caseId: string) => () => {
  Taro.navigateTo({ url: routes.caseOf(caseId) });
};

/** The case's words shown in both lists: what, where, when, who holds it. */
function CaseLines({ c }: { c: CaseSummary }) {
  return (
    <View>
      <Text className='gk-row__title'>
        {c.categoryName}：{c.statusText}
      </Text>
      <Text className='gk-row__line'>地点：{c.placeText}</Text>
      <Text className='gk-row__line duty__desc'>{c.description}</Text>
      <Text className='gk-row__line gk-muted gk-code'>
        编号 {c.code}　{formatDate(c.createdAt)}
      </Text>
    </View>
  );
}

/** Duty member's workspace: who is on duty, cases waiting for someone, cases I hold. */
export default function Duty() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [claimError, setClaimError] = useState<string | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const busy = useRef(false);

  const reload = async () => {
    const res = await fetchDutyBoard();
    setLoad(res.ok ? { state: 'ready', board: res.data } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    setClaimError(null);
    reload();
  });

  const onClaim = async (caseId: string) => {
    if (busy.current) return;
    busy.current = true;
    setClaiming(caseId);
    setClaimError(null);
    const res = await claimCase(caseId);
    busy.current = false;
    setClaiming(null);
    if (res.ok) {
      Taro.navigateTo({ url: routes.caseOf(res.data.id) });
      return;
    }
    // e.g. another member was quicker: say so and show the pool as it is now.
    setClaimError(res.error.message);
    reload();
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page duty' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={reload} />
      </View>
    );
  }

  const { duty, pool, mine } = load.board;

  return (
    <View className='gk-page duty' style={scaleStyle()}>
      <View className='gk-card duty__today' data-testid='duty-today'>
        {duty.groupId ? (
          <Text className='gk-title duty__today-title'>今天值班：{duty.groupName}</Text>
        ) : (
          <Text className='gk-title duty__today-title'>现在没有小组值班</Text>
        )}
        <Text className='gk-text'>值班时间：{duty.hours}</Text>
        {duty.members.length > 0 ? <Text className='gk-text'>值班成员：{duty.members.map((m) => m.name).join('、')}</Text> : null}
      </View>

      {claimError ? <Notice kind='error' lines={[claimError]} testId='claim-error' /> : null}

      <Text className='gk-heading'>待认领（{pool.length}）</Text>
      {pool.length === 0 ? <Text className='gk-empty'>现在没有等人认领的事。</Text> : null}
      {pool.map((c) => (
        <View key={c.id} className={`gk-card duty__item${c.preferred ? ' duty__item--preferred' : ''}`} data-testid={`pool-item-${c.id}`}>
          {c.preferred ? <Text className='gk-tag'>我管的小区</Text> : null}
          <View className='gk-row' role='button' onClick={openCase(c.id)}>
            <CaseLines c={c} />
          </View>
          <BigButton
            text={claiming === c.id ? '正在认领……' : '我来处理'}
            disabled={claiming !== null}
            label={`我来处理：${c.categoryName}，${c.placeText}`}
            testId={`pool-claim-${c.id}`}
            onTap={() => onClaim(c.id)}
          />
        </View>
      ))}

      <Text className='gk-heading'>我正在处理（{mine.length}）</Text>
      {mine.length === 0 ? <Text className='gk-empty'>您手上没有正在办的事。</Text> : null}
      {mine.map((c) => (
        <View key={c.id} className='gk-card gk-row' role='button' data-testid={`mine-item-${c.id}`} onClick={openCase(c.id)}>
          <CaseLines c={c} />
        </View>
      ))}
    </View>
  );
}
