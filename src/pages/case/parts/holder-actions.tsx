import { useRef, useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { PHOTO_LIMIT, VOICE_LIMITS } from '../../../../types/limits';
import BigButton from '../../../components/big-button';
import Notice from '../../../components/notice';
import PhotoPicker, { usePhotoPicker } from '../../../components/photo-picker';
import TextField from '../../../components/text-field';
import VoiceRecorder, { useVoiceRecorder } from '../../../components/voice-recorder';
import { addNote, escalateCase, handOverCase, releaseCase, resolveCase } from '../../../services/cloud';
import { ActionError, type ActionsProps, Opener } from './action-panel';
import QuickReplyChips from './quick-replies';

function callResident(phone: string): void {
  Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}

/**
 * The holder's steps: call the resident, 办结 with the result in words and photos of it if they like, and the panels
 * 写进展, 转给其他成员, 放回待认领, 上报社区 — each only while the server says it may be done.
 */
export default function HolderActions({ view: v, action, open, onOpen, onClose }: ActionsProps) {
  const [note, setNote] = useState('');
  /** 「请先写一下办理结果」: the resolve button's own check, before anything is sent. */
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const caseId = v.id;
  const can = v.can;
  const resolving = action.busy === 'resolve';
  const resolveOpen = open === 'resolve';
  // NOTE: a ref, not state: a tap on a photo's 「删除」 in the same moment as 办结 must already see it.
  const resolvingNow = useRef(false);
  // Photos of the result: uploaded as soon as they are picked; none added or removed while 办结 is being sent.
  const photos = usePhotoPicker({ max: PHOTO_LIMIT, busy: () => resolvingNow.current });
  // A voice note with the result, if the holder likes (the written result is still needed: see docs/ARCHITECTURE.md).
  const voice = useVoiceRecorder({ busy: () => resolvingNow.current });

  const onResolve = async () => {
    if (action.running()) return;
    const text = note.trim();
    action.clear();
    if (!text) {
      setNoteProblem('请先写一下办理结果，再点“办结”。');
      return;
    }
    setNoteProblem(null);
    resolvingNow.current = true;
    try {
      const ok = await action.run('resolve', async () => {
        const { confirm } = await Taro.showModal({
          title: '确认办结',
          content: '这件事已经办好了吗？办结后居民会收到通知。',
          confirmText: '办好了',
          cancelText: '还没有',
        });
        if (!confirm) return null;
        // Photos still uploading are waited for (「正在传照片……」); if one fails meanwhile, stop so the holder sees which.
        const fileIDs = await photos.settle();
        if (fileIDs === null) return { said: '有照片没有传上去（见上面照片那里的说明）。不要照片也可以，再点一次“办结”就行。' };
        const spoken = await voice.settle();
        if (spoken === 'failed') return { said: '语音没有传上去（见上面语音那里的说明），请点“重录”再录一次，或者点“删除”不要语音。' };
        return resolveCase(caseId, text, fileIDs, spoken ?? undefined);
      });
      if (ok) {
        setNote('');
        photos.clear();
        voice.clear();
      }
    } finally {
      resolvingNow.current = false;
    }
  };

  const opener = { view: v, action, open, onOpen, onClose };
  return (
    <>
      {can.resolve ? (
        <BigButton
          text='办结'
          sub='写下办理结果，可以拍照'
          variant={open ? 'secondary' : 'primary'} // one filled button a screen: an open panel's confirm is it
          expanded={resolveOpen}
          testId='resolve-open'
          onTap={() => onOpen('resolve')}
        />
      ) : null}
      {can.resolve && resolveOpen ? (
        <View className='case__panel case__panel-first' data-testid='resolve-panel'>
          <QuickReplyChips
            step='resolve'
            text={note}
            maxlength={500}
            testIdPrefix='quick-resolve-'
            onText={(next) => {
              setNote(next);
              if (noteProblem) setNoteProblem(null);
            }}
          />
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
          <PhotoPicker
            picker={photos}
            label={`办好后的照片（可以不拍，最多 ${PHOTO_LIMIT} 张）`}
            labelId='resolution-photos-label'
            hint='拍一下办好的样子，居民能看到。'
            disabled={resolving}
            testIdPrefix='resolution-'
          />
          <VoiceRecorder
            voice={voice}
            label={`也可以说一段话给居民听（最长${VOICE_LIMITS.maxSeconds}秒）`}
            labelId='resolution-voice-label'
            hint='办理结果还是要写几个字，居民收到的通知里要用。'
            disabled={resolving}
            testIdPrefix='resolution-'
            privacySheet={false}
          />
          {noteProblem ? <Notice kind='error' lines={[noteProblem]} testId='resolution-error' /> : null}
          <ActionError action={action} which='resolve' />
          <BigButton
            text={photos.waiting ? '正在传照片……' : voice.waiting ? '正在传语音……' : resolving ? '正在提交……' : '确认办结'}
            disabled={resolving}
            testId='resolve-button'
            onTap={onResolve}
          />
          <View className='case__panel-cancel'>
            <BigButton text='先不办结' size='small' variant='secondary' disabled={resolving} testId='resolve-cancel' onTap={onClose} />
          </View>
        </View>
      ) : null}

      {/* 家人的地址: the person at the place and the reporter each have their call button above (「上门找」, 反映人). */}
      {v.canCall && v.contactPhone && v.filedFor?.label === undefined ? (
        <BigButton
          text='打电话给居民'
          sub={`${v.residentName}　${v.contactPhone}`}
          label={`打电话给居民${v.residentName}，${v.contactPhone}`}
          variant='secondary'
          testId='call-resident'
          onTap={() => callResident(v.contactPhone)}
        />
      ) : null}

      {can.note || can.handOver || can.release || can.escalate ? (
        <View className='gk-section case__actions'>
          <Opener {...opener} which='note' voice send={(text, _pick, _subs, spoken) => addNote(caseId, text, spoken)} />
          <Opener {...opener} which='handover' send={(text, pick) => handOverCase(caseId, pick, text)} />
          <Opener {...opener} which='release' send={(text) => releaseCase(caseId, text)} />
          <Opener {...opener} which='escalate' send={(text) => escalateCase(caseId, text)} />
        </View>
      ) : null}
    </>
  );
}
