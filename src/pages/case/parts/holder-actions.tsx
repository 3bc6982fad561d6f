import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import BigButton from '../../../components/big-button';
import Notice from '../../../components/notice';
import TextField from '../../../components/text-field';
import { addNote, escalateCase, handOverCase, releaseCase, resolveCase } from '../../../services/cloud';
import { ActionError, type ActionsProps, Opener } from './action-panel';

function callResident(phone: string): void {
  Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}

/**
 * The holder's steps: call the resident, 办结 with the result in words, and the panels 写进展, 转给其他成员, 放回待认领,
 * 上报社区 — each only while the server says it may be done.
 */
export default function HolderActions({ view: v, action, open, onOpen, onClose }: ActionsProps) {
  const [note, setNote] = useState('');
  /** 「请先写一下办理结果」: the resolve button's own check, before anything is sent. */
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const caseId = v.id;
  const can = v.can;
  const resolving = action.busy === 'resolve';

  const onResolve = async () => {
    if (action.running()) return;
    const text = note.trim();
    action.clear();
    if (!text) {
      setNoteProblem('请先写一下办理结果，再点“办结”。');
      return;
    }
    setNoteProblem(null);
    const ok = await action.run('resolve', async () => {
      const { confirm } = await Taro.showModal({
        title: '确认办结',
        content: '这件事已经办好了吗？办结后居民会收到通知。',
        confirmText: '办好了',
        cancelText: '还没有',
      });
      return confirm ? resolveCase(caseId, text) : null;
    });
    if (ok) setNote('');
  };

  const opener = { view: v, action, open, onOpen, onClose };
  return (
    <>
      {v.canCall && v.contactPhone ? (
        <BigButton
          text='打电话给居民'
          sub={`${v.residentName}　${v.contactPhone}`}
          label={`打电话给居民${v.residentName}，${v.contactPhone}`}
          testId='call-resident'
          onTap={() => callResident(v.contactPhone)}
        />
      ) : null}

      {can.resolve ? (
        <View className='gk-section'>
          <TextField
            multiline
            label='办理结果（必须填写）'
            hint='写清楚怎么办好的，居民会看到。'
            value={note}
            maxlength={500}
            placeholder='例如：已请物业换好水管，不再漏水'
            testId='resolution-note'
            onInput={(typed) => {
              setNote(typed);
              if (noteProblem) setNoteProblem(null);
            }}
          />
          <Text className='gk-hint' data-testid='photo-later'>
            拍照片的功能以后会加上，现在请先用文字写清楚。
          </Text>
          {noteProblem ? <Notice kind='error' lines={[noteProblem]} testId='resolution-error' /> : null}
          <ActionError action={action} which='resolve' />
          <BigButton text={resolving ? '正在提交……' : '办结'} disabled={resolving} testId='resolve-button' onTap={onResolve} />
        </View>
      ) : null}

      {can.note || can.handOver || can.release || can.escalate ? (
        <View className='gk-section case__actions'>
          <Opener {...opener} which='note' send={(text) => addNote(caseId, text)} />
          <Opener {...opener} which='handover' send={(text, pick) => handOverCase(caseId, pick, text)} />
          <Opener {...opener} which='release' send={(text) => releaseCase(caseId, text)} />
          <Opener {...opener} which='escalate' send={(text) => escalateCase(caseId, text)} />
        </View>
      ) : null}
    </>
  );
}
