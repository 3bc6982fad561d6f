import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CaseView } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import Notice from '../../../components/notice';
import { cancelCase, confirmCase, rateCase, reopenCase, urgeCase } from '../../../services/cloud';
import { requestSubscribe } from '../../../services/subscribe';
import { askConfirm, CONFIRM_FAILED } from '../../../lib/confirm';
import { formatClock, formatMonthDayTime, sameBeijingDay } from '../../../lib/labels';
import { ActionError, type ActionsProps, Opener } from './action-panel';
import { NO_STARS, RatePanel, type Stars } from './rating';

/** 「15点05分后可以再催」, with the date in front when it is another day than the last urge. */
function urgeWaitText(urge: CaseView['urge']): string | null {
  if (!urge.next) return null;
  const day = urge.last && sameBeijingDay(urge.last, urge.next) ? '' : `${formatMonthDayTime(urge.next).split(' ')[0]} `;
  return `${day}${formatClock(urge.next)}后可以再催`;
}

/** The person who reported the case (the first step's actor). */

export interface ResidentActionsProps extends ActionsProps {
  /** 「已提醒处理人」 right where 催一催 was, until the page is shown again. */
  urgedNow: boolean;
  onUrged: (urged: boolean) => void;
  /** Opened right after 提交 (the receipt is on top): 催一催 is a small, quiet button then, not the main one. */
  justSubmitted?: boolean;
}

/** The resident's steps: 催一催, 撤回, 问题解决了, 评价, 重新反映 — each only while the server says it may be done. */
export default function ResidentActions({ view: v, action, open, onOpen, onClose, urgedNow, onUrged, justSubmitted = false }: ResidentActionsProps) {
  const [stars, setStars] = useState<Stars>(NO_STARS);
  const [rateComment, setRateComment] = useState('');
  const caseId = v.id;
  const can = v.can;
  // 「15点05分后可以再催」: only for the person who reported it, while the case is open and it is too soon (the server's
  // can.urge already compares with its own clock, so the phone's clock is not asked).
  const isOpenCase = v.status === 'pending' || v.status === 'claimed';
  const iReported = v.forMe.reported;
  const urgeWait = isOpenCase && iReported && !can.urge ? urgeWaitText(v.urge) : null;
  const rateOpen = open === 'rate';

  const onUrge = async () => {
    if (action.running()) return;
    onUrged(false);
    if (await action.run('urge', () => urgeCase(caseId))) onUrged(true);
  };

  const onCancelCase = () =>
    action.run(
      'cancel',
      async () => {
        const answer = await askConfirm({
          title: '撤回这件事',
          content: '撤回以后就没有人来处理了。确定要撤回吗？',
          confirmText: '撤回',
          cancelText: '不撤回',
        });
        if (answer === 'failed') return { said: CONFIRM_FAILED };
        return answer === 'yes' ? cancelCase(caseId) : null;
      },
      '已经撤回了。以后有事可以再反映。',
    );

  const onConfirmSolved = () => action.run('confirm', () => confirmCase(caseId), '谢谢您！已经记下：问题解决了。');

  const closeRate = () => {
    if (action.running()) return;
    onClose();
    setStars(NO_STARS);
    setRateComment('');
  };

  const onRateConfirm = async () => {
    if (action.running()) return;
    const { result, speed, attitude } = stars;
    if (result === null || speed === null || attitude === null) {
      action.say('rate', '请三项都选一下星星（点星星就行），再点“提交评价”。');
      return;
    }
    if (await action.run('rate', () => rateCase(caseId, { result, speed, attitude, comment: rateComment }), '谢谢您的评价！')) closeRate();
  };

  return (
    <>
      {can.urge && justSubmitted ? (
        <Text className='case__urge-calm gk-muted' data-testid='urge-calm'>
          刚刚提交，先不用催。到了上面说的时间还没人管，再点“催一催”。
        </Text>
      ) : null}
      {can.urge ? (
        <BigButton
          text={action.busy === 'urge' ? '正在提醒……' : '催一催'}
          sub={justSubmitted ? undefined : '提醒处理人快一点'}
          variant={justSubmitted ? 'secondary' : 'primary'}
          size={justSubmitted ? 'small' : 'main'}
          disabled={action.busy === 'urge'}
          testId='urge-button'
          onTap={onUrge}
        />
      ) : null}
      {/* Off duty: when the urge will be seen, said before tapping (and again after). */}
      {can.urge && v.urgeNote && !urgedNow ? (
        <Text className='case__urge-note' data-testid='urge-note'>
          {v.urgeNote}
        </Text>
      ) : null}
      {can.urge ? <ActionError action={action} which='urge' /> : null}
      {urgedNow ? <Notice kind='info' lines={[v.urgeNote ? `已提醒。${v.urgeNote}。` : '已提醒处理人，请再耐心等一等。']} testId='urge-done' /> : null}
      {urgeWait ? (
        <Text className='case__urge-wait' data-testid='urge-wait'>
          {urgeWait}
        </Text>
      ) : null}
      {can.cancel ? (
        <BigButton
          text={action.busy === 'cancel' ? '正在撤回……' : '撤回'}
          sub='不用办了，把这件事撤回'
          variant='secondary'
          disabled={action.busy === 'cancel'}
          testId='cancel-button'
          onTap={onCancelCase}
        />
      ) : null}
      {can.cancel ? <ActionError action={action} which='cancel' /> : null}
      {can.confirm ? (
        <BigButton
          text={action.busy === 'confirm' ? '正在提交……' : '问题解决了'}
          sub='点一下告诉我们，谢谢'
          disabled={action.busy === 'confirm'}
          testId='confirm-button'
          onTap={onConfirmSolved}
        />
      ) : null}
      {can.confirm ? <ActionError action={action} which='confirm' /> : null}
      {can.rate ? (
        <View className='case__action'>
          <BigButton text='评价一下' sub='给这次办事打个分' variant='secondary' expanded={rateOpen} testId='rate-button' onTap={() => onOpen('rate')} />
          {rateOpen ? (
            <RatePanel
              stars={stars}
              comment={rateComment}
              onStar={(key, n) => {
                setStars((old) => ({ ...old, [key]: n }));
                action.clear(true);
              }}
              onComment={setRateComment}
              error={<ActionError action={action} which='rate' />}
              busy={action.busy === 'rate'}
              onConfirm={onRateConfirm}
              onCancel={closeRate}
            />
          ) : null}
        </View>
      ) : null}
      {can.reopen ? (
        <View className='gk-section case__actions'>
          <Opener
            which='reopen'
            view={v}
            action={action}
            open={open}
            onOpen={onOpen}
            onClose={onClose}
            subscribe={() => requestSubscribe(v.forMe.reopenTemplates)}
            send={(text, _pick, subscriptions) => reopenCase(caseId, text, subscriptions)}
          />
        </View>
      ) : null}
    </>
  );
}
