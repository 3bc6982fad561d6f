import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { advanceDevClock, fetchDevClock } from '../../services/dev-clock';
import { formatMonthDayTime } from '../../lib/labels';
import { routes } from '../../lib/routes';
import type { DevBarProps } from './index';
import './dev-bar.css';

type Clock = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; now: string };

/** H5 local mode: identity switcher and the local cloud's clock (see index.tsx). */
export default function DevBar({ identityText, onClockAdvanced }: DevBarProps) {
  const [clock, setClock] = useState<Clock>({ state: 'loading' });
  const [advancing, setAdvancing] = useState(false);
  const busy = useRef(false);

  useEffect(() => {
    let live = true;
    fetchDevClock()
      .then((now) => live && setClock({ state: 'ready', now }))
      .catch(() => live && setClock({ state: 'failed' }));
    return () => {
      live = false;
    };
  }, []);

  const onAdvance = async () => {
    if (busy.current) return;
    busy.current = true;
    setAdvancing(true);
    try {
      setClock({ state: 'ready', now: await advanceDevClock(60) });
      onClockAdvanced();
    } catch {
      setClock({ state: 'failed' });
    }
    busy.current = false;
    setAdvancing(false);
  };

  const clockText = clock.state === 'ready' ? formatMonthDayTime(clock.now) : clock.state === 'loading' ? '读取中' : '读不到（本地云没有启动？）';

  return (
    <View className='gk-devbar'>
      {identityText !== undefined ? (
        <View
          className='gk-devbar__row gk-devbar__row--link'
          role='button'
          tabIndex={0}
          data-testid='current-identity'
          onClick={() => Taro.navigateTo({ url: routes.devSwitch })}
        >
          <Text className='gk-devbar__text'>演示身份：{identityText}</Text>
          <Text className='gk-devbar__link'>切换身份</Text>
        </View>
      ) : null}
      <View className='gk-devbar__row'>
        <Text className='gk-devbar__text' data-testid='dev-clock'>
          演示时间：{clockText}
        </Text>
        <View
          className='gk-devbar__button'
          role='button'
          tabIndex={0}
          aria-disabled={advancing ? 'true' : 'false'}
          data-testid='dev-advance-hour'
          onClick={onAdvance}
        >
          <Text>{advancing ? '正在快进……' : '快进1小时'}</Text>
        </View>
      </View>
      <View className='gk-devbar__row'>
        <Text className='gk-devbar__text'>开发者：数据、消息、定时器、函数日志</Text>
        {/* The local cloud's own page (not part of the app): a new tab, so the app keeps its place. */}
        <View
          className='gk-devbar__button'
          role='link'
          tabIndex={0}
          data-testid='dev-inspector'
          onClick={() => window.open('/__inspector', '_blank', 'noopener')}
        >
          <Text>检查器</Text>
        </View>
      </View>
    </View>
  );
}
