import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useLoad } from '@tarojs/taro';
import type { MeView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import DevBar from '../../components/dev-bar';
import { currentDevOpenid } from '../../services/dev-identity';
import { roleName } from '../../lib/labels';
import { routes } from '../../lib/routes';
import { cachedMe, forgetMe, loadMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; me: MeView };

const go = (url: string) => () => {
  Taro.navigateTo({ url });
};

/** Home: who I am, and one big button per thing I can do. */
export default function Index() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  const fetchIdentity = async () => {
    setLoad({ state: 'loading' });
    forgetMe();
    const res = await loadMe({ fresh: true });
    setLoad(res.ok ? { state: 'ready', me: res.data } : { state: 'failed', message: res.error.message });
  };

  useLoad(() => {
    if (process.env.TARO_ENV === 'h5' && !currentDevOpenid()) {
      Taro.redirectTo({ url: routes.devSwitch });
      return;
    }
    fetchIdentity();
  });

  // Back from the message centre: its reads updated the cached unread count; show it without another call.
  useDidShow(() => {
    const cached = cachedMe();
    if (cached) setLoad((l) => (l.state === 'ready' ? { state: 'ready', me: cached } : l));
  });

  const me = load.state === 'ready' ? load.me : null;

  return (
    <View className='gk-page home' style={scaleStyle()}>
      {/*
        First on the page (above the H5 demo bar too): one tap to the call-now sheet, for everyone and before the
        identity is read; an emergency must not wait for the server (the report page shows 119 / 110 even when it
        cannot load).
      */}
      <BigButton
        text='紧急情况'
        sub='打 119、110 或社区电话'
        variant='alarm'
        label='紧急情况：打 119、110 或社区电话'
        testId='emergency-button'
        onTap={go(routes.reportEmergency)}
      />

      {process.env.TARO_ENV === 'h5' ? <DevBar identityText={me ? `${me.name}（${roleName(me.role)}）` : '读取中'} onClockAdvanced={fetchIdentity} /> : null}

      <Text className='gk-title'>金钥匙书记工作室</Text>

      <LoadStatus load={load} onRetry={fetchIdentity} />

      {me ? (
        <View>
          <View className='gk-card home__who' data-testid='me-card'>
            <Text className='gk-text'>您好，{me.name}</Text>
            <Text className='gk-text gk-muted'>身份：{roleName(me.role)}</Text>
            {me.groupName ? <Text className='gk-text gk-muted'>所在小组：{me.groupName}</Text> : null}
          </View>

          {me.role === 'member' ? <BigButton text='值班待办' sub='看看有什么事要处理' testId='duty-button' onTap={go(routes.duty)} /> : null}

          {me.role === 'resident' || me.role === 'member' ? (
            <BigButton text='我要反映问题' sub='家里、楼道、小区里的事' testId='report-button' onTap={go(routes.report)} />
          ) : null}

          {me.role === 'office' || me.role === 'admin' ? (
            <View>
              <BigButton text='社区待办' sub='上报的、紧急的、超时的事' testId='office-button' onTap={go(routes.officeQueues)} />
              <BigButton text='数据看板' sub='办了多少、办得多快' variant='secondary' testId='dashboard-button' onTap={go(routes.dashboard)} />
              <BigButton text='通报' sub='每周、每月的报表，可以打印，也有Excel' variant='secondary' testId='reports-button' onTap={go(routes.reports)} />
            </View>
          ) : null}

          {me.role === 'admin' ? <BigButton text='管理' sub='成员、邀请码、值班表、类别' testId='admin-button' onTap={go(routes.admin)} /> : null}

          <View
            className='gk-btn gk-btn--secondary home__messages'
            role='button'
            tabIndex={0}
            aria-label={me.unreadMessages > 0 ? `消息，${me.unreadMessages}条未读` : '消息'}
            data-testid='messages-button'
            data-main-action='true'
            onClick={go(routes.messages)}
          >
            <Text className='gk-btn__text'>消息</Text>
            {me.unreadMessages > 0 ? (
              <Text className='home__badge' data-testid='messages-badge'>
                {me.unreadMessages}条未读
              </Text>
            ) : (
              <Text className='gk-btn__sub'>办事的进展都在这里</Text>
            )}
          </View>

          <BigButton text='我的事项' sub='看看反映的事办得怎样' variant='secondary' testId='my-cases-button' onTap={go(routes.myCases)} />

          {me.role === 'resident' ? (
            // Small and plain on purpose: most residents never need it; the admin tells the few who do.
            <View className='home__join' role='button' tabIndex={0} data-testid='join-button' onClick={go(routes.join)}>
              <Text className='home__join-text'>我有邀请码</Text>
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
