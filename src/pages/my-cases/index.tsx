import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { CaseSummary } from '../../../types/domain';
import { fetchMyCases } from '../../services/cloud';
import { formatDate } from '../../lib/labels';
import { routes } from '../../lib/routes';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';
import BigButton from '../../components/big-button';

/** Still being handled: waiting for someone, or someone is on it. Everything else (办结, 撤回, 不予受理) is done. */
const inProgress = (c: CaseSummary) => c.status === 'pending' || c.status === 'claimed';

/** One group of my cases under its heading, newest first as the server orders them; tap one to see it. */
function CaseGroup({ title, testId, empty, cases }: { title: string; testId: string; empty: string; cases: CaseSummary[] }) {
  return (
    <View className='gk-section' data-testid={testId}>
      <Text className='gk-heading'>
        {title}（{cases.length}件）
      </Text>
      {cases.length === 0 ? <Text className='gk-text gk-muted'>{empty}</Text> : null}
      {cases.map((c) => (
        <View
          key={c.id}
          className='gk-card gk-row'
          role='button'
          tabIndex={0}
          data-testid={`case-item-${c.id}`}
          onClick={() => Taro.navigateTo({ url: routes.caseOf(c.id) })}
        >
          <Text className='gk-row__title'>
            {c.categoryName}：{c.statusText}
          </Text>
          {c.status === 'cancelled' ? null : (
            <Text className='gk-row__line'>
              {inProgress(c) ? '现在由' : '办理人'}：{c.holderText}
            </Text>
          )}
          <Text className='gk-row__line gk-muted my-cases__desc'>{c.description}</Text>
          <Text className='gk-row__line gk-muted gk-code'>
            编号 {c.code}　{formatDate(c.createdAt)}
          </Text>
        </View>
      ))}
    </View>
  );
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; cases: CaseSummary[] };

/** Everything I have reported, in two groups: 进行中 and 已办完. */
export default function MyCases() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const reload = async () => {
    const res = await fetchMyCases();
    setLoad(res.ok ? { state: 'ready', cases: res.data.cases } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    reload();
  });

  return (
    <View className='gk-page my-cases' style={scaleStyle()}>
      <Text className='gk-title'>我反映过的事</Text>
      <LoadStatus load={load} onRetry={reload} />
      {load.state === 'ready' && load.cases.length === 0 ? (
        <Text className='gk-empty' data-testid='my-cases-empty'>
          您还没有反映过事情。有事要反映，请回到首页点“我要反映问题”。
        </Text>
      ) : null}
      {load.state === 'ready' && load.cases.length > 0 ? (
        <>
          <CaseGroup title='进行中' testId='my-cases-open' empty='现在没有正在办的事。' cases={load.cases.filter(inProgress)} />
          <CaseGroup title='已办完' testId='my-cases-done' empty='还没有办完的事。' cases={load.cases.filter((c) => !inProgress(c))} />
        </>
      ) : null}
      {/* 家人的地址: the places this resident reports for someone else (a subpackage page). */}
      <View className='gk-section' data-testid='family-places'>
        <Text className='gk-heading'>家人的地址</Text>
        <Text className='gk-text gk-muted'>家里人住得远？存好他们的地址，反映问题时选一下就行。</Text>
        <BigButton
          text='家人的地址'
          size='small'
          variant='secondary'
          testId='family-places-button'
          onTap={() => Taro.navigateTo({ url: routes.familyPlaces })}
        />
      </View>
    </View>
  );
}
