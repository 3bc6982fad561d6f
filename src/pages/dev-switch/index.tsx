import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import BigButton from '../../components/big-button';
import { currentDevOpenid, fetchDevIdentities, setDevOpenid, type DevIdentity } from '../../services/dev-identity';
import { roleName } from '../../lib/labels';
import { routes } from '../../lib/routes';
import { forgetMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; identities: DevIdentity[] };

/** Roles in the order the list shows them; unknown roles come last. */
const ROLE_ORDER = ['resident', 'member', 'office', 'admin'];

function groupByRole(identities: DevIdentity[]): Array<{ role: string; people: DevIdentity[] }> {
  const groups = new Map<string, DevIdentity[]>();
  for (const id of identities) groups.set(id.role, [...(groups.get(id.role) ?? []), id]);
  const rank = (role: string) => (ROLE_ORDER.includes(role) ? ROLE_ORDER.indexOf(role) : ROLE_ORDER.length);
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([role, people]) => ({ role, people }));
}

/** H5 local mode only: act as one of the demo people the local cloud seeded. */
export default function DevSwitch() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const current = currentDevOpenid();

  const reload = async () => {
    setLoad({ state: 'loading' });
    try {
      setLoad({ state: 'ready', identities: await fetchDevIdentities() });
    } catch {
      setLoad({ state: 'failed', message: '读不到演示身份：请确认本地云服务已经启动。' });
    }
  };

  useLoad(() => {
    reload();
  });

  const pick = (openid: string) => () => {
    setDevOpenid(openid);
    forgetMe();
    Taro.reLaunch({ url: routes.home });
  };

  return (
    <View className='gk-page dev-switch' style={scaleStyle()}>
      <Text className='gk-text gk-muted'>本地演示用：选一个人，就用他的身份看小程序。</Text>
      <LoadStatus load={load} onRetry={reload} />
      {load.state === 'ready' && load.identities.length === 0 ? <Text className='gk-empty'>本地云还没有演示身份。</Text> : null}
      {load.state === 'ready'
        ? groupByRole(load.identities).map((g) => (
            <View key={g.role} className='gk-section'>
              <Text className='gk-heading'>{roleName(g.role)}</Text>
              {g.people.map((p) => (
                <BigButton
                  key={p.openid}
                  text={p.openid === current ? `✓ ${p.name}（现在的身份）` : p.name}
                  sub={p.note}
                  variant={p.openid === current ? 'primary' : 'secondary'}
                  testId={`identity-${p.openid}`}
                  onTap={pick(p.openid)}
                />
              ))}
            </View>
          ))
        : null}
    </View>
  );
}
