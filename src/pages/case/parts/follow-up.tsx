import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { CaseView, FollowUpAnswer, Satisfaction } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import Notice from '../../../components/notice';
import PickTile from '../../../components/pick-tile';
import TextField from '../../../components/text-field';
import { answerFollowUp, closeSupervision, takeCallBack } from '../../../services/cloud';
import { formatTime } from '../../../lib/labels';
import type { CaseAction } from '../use-action';
import { ActionError } from './action-panel';

const SOLVED: Array<{ value: boolean; text: string; testId: string }> = [
  { value: true, text: '解决了', testId: 'follow-solved-yes' },
  { value: false, text: '没解决', testId: 'follow-solved-no' },
];
const SATISFACTION: Array<{ value: Satisfaction; text: string; testId: string }> = [
  { value: 'satisfied', text: '满意', testId: 'follow-satisfied' },
  { value: 'basic', text: '基本满意', testId: 'follow-basic' },
  { value: 'unsatisfied', text: '不满意', testId: 'follow-unsatisfied' },
];
const SATISFACTION_TEXT: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** 「问题解决了，满意」 */
const answerText = (a: Pick<FollowUpAnswer, 'solved' | 'satisfaction'>) => `问题${a.solved ? '解决了' : '没解决'}，${SATISFACTION_TEXT[a.satisfaction]}`;

/**
 * 回访's two questions (and an optional comment): answered by the resident on their case, or recorded by the member who
 * took the call-back task while on the phone (`mode: 'call'`).
 */
function FollowUpForm({ view: v, action, mode }: { view: CaseView; action: CaseAction; mode: 'resident' | 'call' }) {
  const [solved, setSolved] = useState<boolean | null>(null);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const key = mode === 'call' ? 'recordCallBack' : 'followUp';
  const busy = action.busy === key;
  const pick = (f: () => void) => () => {
    f();
    if (action.errorOf(key)) action.clear(true);
  };
  const onSend = () => {
    if (action.running()) return;
    if (solved === null || satisfaction === null) {
      action.say(key, `请两个问题都选一下（点上面的方块），再点“${mode === 'call' ? '记下回答' : '提交'}”。`);
      return;
    }
    const done = mode === 'call' ? '已经记下居民的回答，谢谢您打这个电话。' : solved ? '谢谢您！已经记下了。' : '已经记下了，会有人再来处理。';
    void action.run(key, () => answerFollowUp(v.id, { solved, satisfaction, comment }, mode), done);
  };
  return (
    <View className='gk-card' data-testid={mode === 'call' ? 'call-back-form' : 'follow-up-form'}>
      <Text className='gk-heading case__first-heading'>{mode === 'call' ? '打电话回访，记下居民的回答' : '回访'}</Text>
      {mode === 'resident' ? <Text className='gk-text'>这件事办好了。请告诉我们：</Text> : null}
      <Text className='gk-label' id={`${key}-solved`}>
        问题解决了吗？
      </Text>
      <View className='gk-tiles' role='group' aria-labelledby={`${key}-solved`}>
        {SOLVED.map((o) => (
          <PickTile key={o.text} on={solved === o.value} testId={o.testId} onTap={pick(() => setSolved(o.value))}>
            <Text>{o.text}</Text>
          </PickTile>
        ))}
      </View>
      <Text className='gk-label' id={`${key}-satisfied`}>
        您满意吗？
      </Text>
      <View className='gk-tiles' role='group' aria-labelledby={`${key}-satisfied`}>
        {SATISFACTION.map((o) => (
          <PickTile key={o.value} on={satisfaction === o.value} testId={o.testId} onTap={pick(() => setSatisfaction(o.value))}>
            <Text>{o.text}</Text>
          </PickTile>
        ))}
      </View>
      <TextField
        multiline
        label={mode === 'call' ? '居民还说了什么（可以不写）' : '还想说的话（可以不写）'}
        value={comment}
        maxlength={300}
        placeholder={mode === 'call' ? '例如：楼下还有点渗水' : '例如：来得很快，态度很好'}
        testId='follow-comment'
        onInput={setComment}
      />
      <ActionError action={action} which={key} />
      <BigButton
        text={busy ? '正在提交……' : mode === 'call' ? '记下回答' : '提交'}
        disabled={busy}
        testId={mode === 'call' ? 'call-back-confirm' : 'follow-up-confirm'}
        onTap={onSend}
      />
    </View>
  );
}

/** 督办 ends: the office writes what it did about the 不满意 (「已上门道歉，重新修好」), and the case leaves the queue. */
function CloseSupervision({ view: v, action }: { view: CaseView; action: CaseAction }) {
  const [note, setNote] = useState('');
  const busy = action.busy === 'closeSupervision';
  const onSend = () => {
    if (action.running()) return;
    if (!note.trim()) {
      action.say('closeSupervision', '请写一句怎么处理的，再点“结束督办”。');
      return;
    }
    void action.run('closeSupervision', () => closeSupervision(v.id, note), '督办已经结束，这件事不在督办里了。');
  };
  return (
    <View className='gk-card' data-testid='close-supervision-form'>
      <TextField
        multiline
        label='怎么处理的（居民不满意的事）'
        value={note}
        maxlength={200}
        placeholder='例如：已上门道歉，重新修好了'
        testId='close-supervision-note'
        onInput={(typed) => {
          setNote(typed);
          if (action.errorOf('closeSupervision')) action.clear(true);
        }}
      />
      <ActionError action={action} which='closeSupervision' />
      <BigButton text={busy ? '正在保存……' : '结束督办'} variant='secondary' disabled={busy} testId='close-supervision' onTap={onSend} />
    </View>
  );
}

/**
 * 回访 on the case page: the resident's answer form (`part: 'ask'`, from 办结 until answered, right under the status),
 * and (`part: 'rest'`) the duty member's 「我来打这个电话」 and,
 * once taken, the form to record what the resident said; afterwards the answer in words (who called, if someone did),
 * and for staff the 督办 note of a 不满意.
 */
export default function FollowUp({ view: v, action, part }: { view: CaseView; action: CaseAction; part: 'ask' | 'rest' }) {
  // The resident's form comes first on the page (its 提交 is the page's main action); the rest sits with the actions.
  if (part === 'ask') return v.can.followUp ? <FollowUpForm view={v} action={action} mode='resident' /> : null;
  const f = v.followUp;
  const a = f?.answer ?? null;
  return (
    <>
      {v.can.takeCallBack ? (
        <View className='gk-section'>
          <Notice kind='info' lines={['居民几天没有回答回访。请打个电话问一问：问题解决了没有？满不满意？']} testId='call-back-note' />
          <BigButton
            text={action.busy === 'takeCallBack' ? '正在接下……' : '我来打这个电话'}
            sub='接下以后能看到居民的电话'
            disabled={action.busy === 'takeCallBack'}
            testId='take-call-back'
            onTap={() => void action.run('takeCallBack', () => takeCallBack(v.id), '已经接下，请给居民打电话。')}
          />
          <ActionError action={action} which='takeCallBack' />
        </View>
      ) : null}
      {v.can.recordCallBack ? <FollowUpForm view={v} action={action} mode='call' /> : null}
      {a ? (
        <View className='gk-card' data-testid='follow-up-answer'>
          <Text className='gk-heading case__first-heading'>回访</Text>
          <Text className='gk-text'>{answerText(a)}</Text>
          {a.comment ? <Text className='gk-text case__description'>想说的话：{a.comment}</Text> : null}
          <Text className='gk-text gk-muted'>
            {a.calledBy ? `${a.calledBy.name}打电话问的　` : ''}
            {formatTime(a.at)}
          </Text>
        </View>
      ) : null}
      {v.supervision ? (
        <Notice
          kind='error'
          lines={[
            `督办：居民回访说${SATISFACTION_TEXT[v.supervision.satisfaction]}`,
            v.supervision.comment ? `居民的话：${v.supervision.comment}` : '居民没有多说',
          ]}
          testId='case-supervision'
        />
      ) : null}
      {v.can.closeSupervision ? <CloseSupervision view={v} action={action} /> : null}
    </>
  );
}
