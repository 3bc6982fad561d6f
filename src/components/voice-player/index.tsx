/**
 * A voice note on the case page (the report's in 事情, a step's in 经过): one large button 「▶ 听语音（23秒）」 (60 px
 * high, full width, with less space around it than a main button so the page's main action stays on the first screen) that
 * plays it and, while playing, 「■ 停止」; the check's note in words under it. A voice the caller may not hear yet shows
 * only its words (「语音正在做安全检查，通过后才能听」). One voice plays at a time on the page.
 */
import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { VoiceView } from '../../../types/domain';
import { createPlayer, type VoicePlayer as Player } from '../../services/voice';
import './index.css';

let shared: Player | null = null;
/** The player button playing now: told to show 「▶」 again when another starts. */
let stopShown: (() => void) | null = null;

function player(): Player {
  if (!shared) shared = createPlayer();
  return shared;
}

export interface VoicePlayerProps {
  voice: VoiceView;
  /** What it is, for the spoken name: 「居民的语音」, 「进展的语音」. */
  what: string;
  testId: string;
}

export default function VoicePlayer({ voice, what, testId }: VoicePlayerProps) {
  const [playing, setPlaying] = useState(false);
  // NOTE: one stable function per player button, so the page's shared player knows which button is playing.
  const [stop] = useState(() => () => setPlaying(false));
  useEffect(
    () => () => {
      if (stopShown === stop) {
        player().stop();
        stopShown = null;
      }
    },
    [stop],
  );
  const toggle = () => {
    if (!voice.url) return;
    if (playing) {
      player().stop();
      stopShown = null;
      setPlaying(false);
      return;
    }
    stopShown?.();
    stopShown = stop;
    setPlaying(true);
    player().play(voice.url, () => {
      if (stopShown === stop) stopShown = null;
      setPlaying(false);
    });
  };
  return (
    <View className='gk-voice-player' data-testid={testId}>
      {voice.url ? (
        <View
          className='gk-btn gk-btn--secondary gk-voice-player__btn'
          role='button'
          tabIndex={0}
          aria-label={playing ? `停止播放${what}` : `听${what}，${voice.seconds}秒`}
          data-testid={`${testId}-button`}
          onClick={toggle}
        >
          <Text className='gk-btn__text'>{playing ? `■ 停止（${voice.seconds}秒）` : `▶ 听语音（${voice.seconds}秒）`}</Text>
        </View>
      ) : null}
      {voice.note ? (
        <Text className='gk-hint' data-testid={`${testId}-note`}>
          {voice.note}
        </Text>
      ) : null}
    </View>
  );
}
