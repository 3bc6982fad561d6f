/**
 * A voice note a person adds to a step — the report page's (居民), 写进展 and 办结 on the case page (the holder's):
 * 「按住 说话」 — a big button held while speaking, the seconds counting; letting go stops, and so does reaching 60 s.
 * Under 1 s is thrown away with 「时间太短，请按住多说一会儿」. A recording is uploaded into the person's own folder at
 * once; then it can be heard (「▶ 听一遍」), recorded again (「重录」) or removed (「删除」). A refused microphone says so
 * in words: the typed words still work. At the step's tap the page calls `settle()`.
 * `useVoiceRecorder` keeps the recording; `VoiceRecorder` draws it.
 */
import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { VoiceInput } from '../../../types/api';
import { VOICE_LIMITS } from '../../../types/limits';
import BigButton from '../big-button';
import Notice from '../notice';
import PrivacySheet from '../privacy-sheet';
import { loadMe } from '../../lib/session';
import { createPlayer, createRecorder, uploadVoice, type Recording } from '../../services/voice';
import './index.css';

/** Said when the button was let go before a second. */
export const TOO_SHORT = '时间太短，请按住多说一会儿';

type Phase = 'idle' | 'starting' | 'recording' | 'recorded';

export interface VoiceRecorderState {
  phase: Phase;
  /** Seconds so far (recording) or of the recording (recorded). */
  seconds: number;
  /** The recording is uploaded (its file id known). */
  uploaded: boolean;
  /** The step is waiting for the upload to finish (its button says 「正在传语音……」). */
  waiting: boolean;
  playing: boolean;
  /** Words under the button (null: none). */
  error: string | null;
  press: () => void;
  release: () => void;
  togglePlay: () => void;
  /** 「重录」 and 「删除」: forget the recording (重录 says to hold the button again). */
  remove: (again?: boolean) => void;
  /** Wait for the upload; the voice to send, null for none, or 'failed' when its upload failed (the words say so). */
  settle: () => Promise<VoiceInput | null | 'failed'>;
  /** Forget the recording (after the step succeeded). */
  clear: () => void;
}

async function myOpenid(): Promise<string> {
  const me = await loadMe();
  return me.ok ? me.data.openid : '';
}

/** Whole seconds of a recording of `ms` milliseconds, 1..60. */
export const secondsOf = (ms: number): number => Math.min(VOICE_LIMITS.maxSeconds, Math.max(VOICE_LIMITS.minSeconds, Math.round(ms / 1000)));

/** The voice note of one step. `busy()` says the step is being sent: nothing is recorded or removed then. */
export function useVoiceRecorder({ busy }: { busy: () => boolean }): VoiceRecorderState {
  const [phase, setPhaseState] = useState<Phase>('idle');
  const phaseRef = useRef<Phase>('idle');
  const [seconds, setSeconds] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [fileID, setFileID] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [playing, setPlaying] = useState(false);
  const recorder = useRef(createRecorder());
  const player = useRef(createPlayer());
  const held = useRef(false);
  const startedAt = useRef(0);
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null);
  const limit = useRef<ReturnType<typeof setTimeout> | null>(null);
  const recording = useRef<{ rec: Recording; seconds: number; fileID: string | null; upload: Promise<boolean> } | null>(null);
  /** Bumped by every new recording or removal: an upload finishing for an older one changes nothing. */
  const generation = useRef(0);

  const setPhase = (p: Phase) => {
    phaseRef.current = p;
    setPhaseState(p);
  };
  const stopTimers = () => {
    if (ticker.current) clearInterval(ticker.current);
    if (limit.current) clearTimeout(limit.current);
    ticker.current = null;
    limit.current = null;
  };

  useEffect(
    () => () => {
      stopTimers();
      player.current.stop();
      if (phaseRef.current === 'recording' || phaseRef.current === 'starting') recorder.current.cancel();
    },
    [],
  );

  const startUpload = (rec: Recording, secs: number) => {
    const mine = ++generation.current;
    const entry = { rec, seconds: secs, fileID: null as string | null, upload: Promise.resolve(false) };
    entry.upload = (async () => {
      const res = await uploadVoice(rec, await myOpenid());
      if (generation.current !== mine) return false;
      if (res.ok) {
        entry.fileID = res.fileID;
        setFileID(res.fileID);
        return true;
      }
      setError(`${res.message}请点“重录”再录一次。`);
      return false;
    })();
    recording.current = entry;
  };

  /** Stop recording and keep it — or throw it away when it is under a second. */
  const finish = async () => {
    if (phaseRef.current !== 'recording') return;
    stopTimers();
    setPhase('idle');
    const rec = await recorder.current.stop();
    if (!rec || rec.ms < VOICE_LIMITS.minSeconds * 1000) {
      setSeconds(0);
      setError(rec || Date.now() - startedAt.current < VOICE_LIMITS.minSeconds * 1000 ? TOO_SHORT : '没有录上，请再按住说一次。');
      return;
    }
    const secs = secondsOf(rec.ms);
    setSeconds(secs);
    setFileID(null);
    setPhase('recorded');
    startUpload(rec, secs);
  };

  const press = () => {
    if (busy() || phaseRef.current !== 'idle') return;
    held.current = true;
    setError(null);
    setPhase('starting');
    void (async () => {
      const started = await recorder.current.start();
      if (!started.ok) {
        held.current = false;
        setPhase('idle');
        setError(started.message);
        return;
      }
      startedAt.current = Date.now();
      setSeconds(0);
      setPhase('recording');
      ticker.current = setInterval(() => setSeconds(Math.floor((Date.now() - startedAt.current) / 1000)), 250);
      // 60 s: it stops by itself (WeChat's recorder too, by its `duration`).
      limit.current = setTimeout(() => void finish(), VOICE_LIMITS.maxSeconds * 1000);
      if (!held.current) void finish(); // let go while the microphone was starting
    })();
  };

  const release = () => {
    held.current = false;
    if (phaseRef.current === 'recording') void finish();
  };

  const togglePlay = () => {
    const r = recording.current;
    if (!r) return;
    if (playing) {
      player.current.stop();
      setPlaying(false);
      return;
    }
    setPlaying(true);
    player.current.play(r.rec.path, (failed) => {
      setPlaying(false);
      if (failed) setError('放不出来，请点“重录”再录一次。');
    });
  };

  const remove = (again = false) => {
    if (busy()) return;
    generation.current++;
    player.current.stop();
    setPlaying(false);
    recording.current = null;
    setFileID(null);
    setSeconds(0);
    setPhase('idle');
    setError(again ? '请再按住下面的按钮说一遍。' : null);
  };

  const settle = async (): Promise<VoiceInput | null | 'failed'> => {
    const r = recording.current;
    if (!r) return null;
    if (!r.fileID) {
      setWaiting(true);
      try {
        await r.upload;
      } finally {
        setWaiting(false);
      }
    }
    return r.fileID ? { fileId: r.fileID, seconds: r.seconds } : 'failed';
  };

  const clear = () => {
    generation.current++;
    player.current.stop();
    recording.current = null;
    setPlaying(false);
    setFileID(null);
    setSeconds(0);
    setPhase('idle');
    setError(null);
  };

  return { phase, seconds, uploaded: fileID !== null, waiting, playing, error, press, release, togglePlay, remove, settle, clear };
}

export interface VoiceRecorderProps {
  voice: VoiceRecorderState;
  /** The heading, e.g. 「也可以说一段话（最长60秒）」. */
  label: string;
  labelId: string;
  hint?: string;
  /** The step is being sent. */
  disabled: boolean;
  /** Put before every test id ('' on the report page: `voice-hold`, `voice-play`…). */
  testIdPrefix?: string;
  /** Draw the privacy consent sheet; false where the page has one already (a PhotoPicker's): one sheet per page. */
  privacySheet?: boolean;
}

/** Touch first; a mouse press right after a touch is the browser's copy of it and is ignored. */
let lastTouch = 0;

/** The heading, the hold-to-talk button (or the recording with 听一遍 / 重录 / 删除), and the words about a failure. */
export default function VoiceRecorder({ voice, label, labelId, hint, disabled, testIdPrefix = '', privacySheet = true }: VoiceRecorderProps) {
  const id = (name: string) => `${testIdPrefix}${name}`;
  const recording = voice.phase === 'recording';
  const touch = {
    onTouchStart: () => {
      lastTouch = Date.now();
      if (!disabled) voice.press();
    },
    onTouchEnd: () => {
      lastTouch = Date.now();
      voice.release();
    },
    onTouchCancel: () => voice.release(),
  };
  // NOTE: the H5 build also takes a mouse (a computer in the community office, the browser tests).
  const mouse =
    process.env.TARO_ENV === 'h5'
      ? {
          onMouseDown: () => {
            if (Date.now() - lastTouch > 1000 && !disabled) voice.press();
          },
          onMouseUp: () => {
            if (Date.now() - lastTouch > 1000) voice.release();
          },
          onMouseLeave: () => voice.release(),
        }
      : {};
  return (
    <View className='gk-voice' role='group' aria-labelledby={labelId}>
      <Text className='gk-label' id={labelId}>
        {label}
      </Text>
      {hint ? <Text className='gk-hint'>{hint}</Text> : null}
      {voice.phase === 'recorded' ? (
        <View className='gk-voice__take' data-testid={id('voice-take')}>
          <Text className='gk-voice__state' data-testid={id('voice-state')}>
            {`录好了 ${voice.seconds}秒　${voice.uploaded ? '已传好' : '正在上传……'}`}
          </Text>
          <BigButton
            text={voice.playing ? '■ 停止' : '▶ 听一遍'}
            variant='secondary'
            label={voice.playing ? '停止播放' : `听一遍录好的语音，${voice.seconds}秒`}
            testId={id('voice-play')}
            onTap={voice.togglePlay}
          />
          <View className='gk-voice__row'>
            <BigButton text='重录' size='small' variant='secondary' disabled={disabled} testId={id('voice-redo')} onTap={() => voice.remove(true)} />
            <BigButton text='删除' size='small' variant='secondary' disabled={disabled} testId={id('voice-remove')} onTap={() => voice.remove()} />
          </View>
        </View>
      ) : (
        <View
          className={`gk-voice__hold${recording ? ' gk-voice__hold--on' : ''}${disabled ? ' gk-voice__hold--disabled' : ''}`}
          role='button'
          tabIndex={0}
          aria-disabled={disabled ? 'true' : 'false'}
          aria-label={recording ? `正在录音，${voice.seconds}秒，松开结束` : '按住 说话'}
          data-testid={id('voice-hold')}
          data-main-action='true'
          {...touch}
          {...mouse}
        >
          <Text className='gk-voice__hold-text'>
            {recording ? `松开 结束　${voice.seconds}秒` : voice.phase === 'starting' ? '正在打开麦克风……' : '按住 说话'}
          </Text>
          {recording ? <Text className='gk-voice__hold-sub'>{`最长${VOICE_LIMITS.maxSeconds}秒`}</Text> : null}
        </View>
      )}
      {voice.error ? <Notice kind='error' lines={[voice.error]} testId={id('voice-error')} /> : null}
      {privacySheet ? <PrivacySheet use='录一段语音' /> : null}
    </View>
  );
}
