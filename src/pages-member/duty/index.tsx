import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { ResponseOf, SubscribeAnswer } from '../../../types/api';
import type { CaseSummary, DutyView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import CaseTags from '../../components/case-tags';
import Notice from '../../components/notice';
import { claimCase, fetchDutyBoard, subscribeAlerts } from '../../services/cloud';
import { requestSubscribe } from '../../services/subscribe';
import { formatDate, formatMonthDayTime } from '../../lib/labels';
import { routes } from '../../lib/routes';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';
import Handled from './handled';

type Board = ResponseOf<'cases', 'dutyBoard'>;

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; board: Board };

const openCase = (caseId: string) => () => {
  Taro.navigateTo({ url: routes.caseOf(caseId) });
};

/** The deadline of the row's next step in words: 认领 for the pool, 办结 for my own cases. */
function dueLine(c: CaseSummary, step: '认领' | '办结'): string | null {
  if (!c.dueAt) return null;
  const when = formatMonthDayTime(c.dueAt);
  return c.overdue ? `应在 ${when} 前${step}，已经过了` : `请在 ${when} 前${step}`;
}

/** The case's words shown in both lists: what, where, when, by when. */
function CaseLines({ c, step }: { c: CaseSummary; step: '认领' | '办结' }) {
  const due = dueLine(c, step);
  return (
    <View>
      <Text className='gk-row__title'>
        {c.categoryName}：{c.statusText}
      </Text>
      <Text className='gk-row__line'>地点：{c.placeText}</Text>
      <Text className='gk-row__line duty__desc'>{c.description}</Text>
      {due ? <Text className={`gk-row__line${c.overdue ? ' duty__due--over' : ''}`}>{due}</Text> : null}
      <Text className='gk-row__line gk-muted gk-code'>
        编号 {c.code}　{formatDate(c.createdAt)}
      </Text>
    </View>
  );
}

/** The pool's heading: whose it is when I only look at it (another group on duty), and how many wait. */
function poolHeading(duty: DutyView, count: number, readOnly: boolean): string {
  if (readOnly && !duty.me.onDuty && duty.groupName) return `${duty.groupName}的待认领（${count}），只能看`;
  return `待认领（${count}）`;
}

/** My own situation in words: group, on duty or not. */
function myStatusText(me: DutyView['me']): string {
  const group = me.groupName ? `我在${me.groupName}` : '我还没有分到小组';
  if (me.onLeave) return `${group}，今天请假`;
  if (me.onDuty) return `${group}，现在正在值班`;
  return `${group}，现在不是我们组值班`;
}

/** Duty member's workspace: who is on duty, my own load, cases waiting for someone, cases I hold, cases I passed on. */
export default function Duty() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [claimError, setClaimError] = useState<string | null>(null);
  const [claiming, setClaiming] = useState<string | null>(null);
  const busy = useRef(false);
  const [toppingUp, setToppingUp] = useState(false);
  const topUpBusy = useRef(false);
  /** What the top-up came to: the alerts left (from the server's count), or why nothing changed. */
  const [alertCredits, setAlertCredits] = useState<number | null>(null);
  const [alertNote, setAlertNote] = useState<string | null>(null);
  const [alertError, setAlertError] = useState<string | null>(null);

  const reload = async () => {
    const res = await fetchDutyBoard();
    setLoad(res.ok ? { state: 'ready', board: res.data } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    setClaimError(null);
    reload();
  });

  const finishTopUp = async (asking: Promise<Record<string, SubscribeAnswer>>, templates: string[]) => {
    const answers = await asking;
    const res = await subscribeAlerts(answers);
    topUpBusy.current = false;
    setToppingUp(false);
    if (!res.ok) {
      setAlertError(res.error.message);
      return;
    }
    // Each alert uses one credit of every template it is sent with: the smallest count is what is certain.
    setAlertCredits(Math.min(...templates.map((t) => res.data.credits[t] ?? 0)));
    setAlertNote(templates.some((t) => answers[t] === 'accept') ? null : '您没有点“允许”，这次没有多加提醒。');
  };

  const onTopUpAlerts = (templates: string[]) => {
    if (topUpBusy.current) return;
    topUpBusy.current = true;
    setToppingUp(true);
    setAlertError(null);
    setAlertNote(null);
    // NOTE: WeChat shows the subscribe prompt only when asked synchronously inside the tap: start it before any await.
    finishTopUp(requestSubscribe(templates), templates);
  };

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

  const callOffice = (phone: string) => {
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page duty' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={reload} />
      </View>
    );
  }

  const { duty, pool, mine } = load.board;
  // 回访 nobody answered: call the resident (a board read before this version knows none).
  const callBacks = load.board.callBacks ?? [];
  const me = duty.me;
  const cannotClaim = me.cannotClaimBecause;
  const alertTemplates = me.alertTemplates;

  return (
    <View className='gk-page duty' style={scaleStyle()}>
      <View className='gk-card duty__today' data-testid='duty-today'>
        {duty.groupId ? (
          <Text className='gk-title duty__today-title'>
            今天值班：{duty.groupName} {duty.hours}
          </Text>
        ) : (
          <View>
            <Text className='gk-title duty__today-title'>现在没有小组值班</Text>
            <Text className='gk-text'>值班时间：{duty.hours}</Text>
          </View>
        )}
        {duty.members.length > 0 ? (
          <Text className='gk-text' data-testid='duty-members'>
            值班成员：{duty.members.map((m) => m.name).join('、')}
          </Text>
        ) : null}
      </View>

      <View className='gk-card duty__me' data-testid='my-status'>
        <Text className='gk-text'>{myStatusText(me)}</Text>
        <Text className='duty__load' data-testid='my-load'>
          我手上 {me.openCount} 件（最多 {me.cap} 件）
        </Text>
      </View>
      {cannotClaim ? <Notice kind='error' lines={[cannotClaim]} testId='cannot-claim' /> : null}

      {claimError ? <Notice kind='error' lines={[claimError]} testId='claim-error' /> : null}

      <Text className='gk-heading' data-testid='pool-heading'>
        {poolHeading(duty, pool.length, cannotClaim !== null)}
      </Text>
      {pool.length === 0 ? <Text className='gk-empty'>现在没有等人认领的事。</Text> : null}
      {pool.length > 0 && cannotClaim ? (
        <Text className='gk-hint' data-testid='pool-read-only'>
          {me.onDuty ? '您现在不能认领，可以点开看看。' : '这些事由值班的组认领，您可以点开看看，不能认领。'}
        </Text>
      ) : null}
      {/* The pool comes in the order to take it: the first case's 我来处理 is the page's one filled button, the rest lighter. */}
      {pool.map((c, i) => (
        <View key={c.id} className={`gk-card duty__item${c.preferred ? ' duty__item--preferred' : ''}`} data-testid={`pool-item-${c.id}`}>
          <CaseTags c={c} showPreferred />
          <View className='gk-row' role='button' tabIndex={0} onClick={openCase(c.id)}>
            <CaseLines c={c} step='认领' />
          </View>
          {cannotClaim ? null : (
            <BigButton
              text={claiming === c.id ? '正在认领……' : '我来处理'}
              variant={i === 0 ? 'primary' : 'secondary'}
              disabled={claiming !== null}
              label={`我来处理：${c.categoryName}，${c.placeText}`}
              testId={`pool-claim-${c.id}`}
              onTap={() => onClaim(c.id)}
            />
          )}
        </View>
      ))}

      <Text className='gk-heading'>我正在处理（{mine.length}）</Text>
      {mine.length === 0 ? <Text className='gk-empty'>您手上没有正在办的事。</Text> : null}
      {mine.map((c) => (
        <View key={c.id} className='gk-card gk-row' role='button' tabIndex={0} data-testid={`mine-item-${c.id}`} onClick={openCase(c.id)}>
          <CaseTags c={c} />
          <CaseLines c={c} step='办结' />
        </View>
      ))}

      {callBacks.length > 0 ? (
        <>
          <Text className='gk-heading' data-testid='call-backs-heading'>
            要打电话回访（{callBacks.length}）
          </Text>
          <Text className='gk-hint'>这些事办好了，但居民几天没有回答回访。打开一件，点“我来打这个电话”。</Text>
          {callBacks.map((c) => (
            <View key={c.id} className='gk-card gk-row' role='button' tabIndex={0} data-testid={`call-back-item-${c.id}`} onClick={openCase(c.id)}>
              <CaseTags c={c} />
              <CaseLines c={c} step='办结' />
            </View>
          ))}
        </>
      ) : null}

      <Text className='gk-heading'>其他</Text>
      <BigButton
        text='帮居民登记'
        sub='替没有智能手机的居民登记一件事'
        variant='secondary'
        testId='intake-button'
        onTap={() => Taro.navigateTo({ url: routes.intake })}
      />

      <View className='gk-card duty__office' data-testid='duty-office'>
        <Text className='gk-text duty__office-text'>社区办公室电话：{duty.officePhone || '还没有登记'}</Text>
        {duty.officePhone ? (
          <BigButton
            text='拨打'
            size='small'
            label={`拨打社区办公室电话 ${duty.officePhone}`}
            testId='call-office'
            onTap={() => callOffice(duty.officePhone)}
          />
        ) : null}
      </View>

      {alertTemplates.length > 0 ? (
        <View className='gk-card duty__alerts' data-testid='duty-alerts'>
          <Text className='gk-text'>有新事项时用微信提醒您。微信规定：每点一次“允许”，只能收到一次提醒。</Text>
          <BigButton
            text={toppingUp ? '正在开启……' : '开启新事项提醒'}
            variant='secondary'
            disabled={toppingUp}
            testId='topup-alerts'
            onTap={() => onTopUpAlerts(alertTemplates)}
          />
          {alertCredits !== null ? (
            <Text className='duty__load' data-testid='alert-credits'>
              还能收到 {alertCredits} 次提醒
            </Text>
          ) : null}
          {alertNote ? <Text className='gk-text'>{alertNote}</Text> : null}
          {alertError ? <Notice kind='error' lines={[alertError]} testId='alert-error' /> : null}
        </View>
      ) : null}

      <Handled />

      <BigButton
        text='我的服务记录'
        sub='每个月值班和办事的记录，可以打印'
        variant='secondary'
        size='small'
        testId='my-service-record'
        onTap={() => Taro.navigateTo({ url: routes.serviceRecordOf() })}
      />
    </View>
  );
}
