import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { ResponseOf } from '../../../types/api';
import type { PersonAdminView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import LoadStatus from '../../components/load-status';
import Notice from '../../components/notice';
import TextField from '../../components/text-field';
import { fetchAdminOverview, revokeRole } from '../../services/cloud';
import { askConfirm, CONFIRM_FAILED } from '../../lib/confirm';
import { problemLines } from '../../lib/forms';
import { routes } from '../../lib/routes';
import { scaleStyle } from '../../lib/font-scale';
import { DangerButton } from '../shared/ui';
import { adminRoleName, groupName } from '../shared/words';
import '../shared/admin.css';
import './index.css';

type Overview = ResponseOf<'admin', 'overview'>;

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; overview: Overview };

/** Roles in the order the list shows them. */
const ROLE_ORDER = ['admin', 'office', 'member', 'resident'];

function sortedPeople(people: PersonAdminView[]): PersonAdminView[] {
  const rank = (p: PersonAdminView) => {
    const i = ROLE_ORDER.indexOf(p.role);
    return i < 0 ? ROLE_ORDER.length : i;
  };
  return [...people].sort((a, b) => rank(a) - rank(b) || (a.groupId ?? '').localeCompare(b.groupId ?? '') || a.name.localeCompare(b.name));
}

const go = (url: string) => () => {
  Taro.navigateTo({ url });
};

/** 管理: the admin's pages as big buttons, and everyone with a role (修改, 取消身份). */
export default function AdminHome() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** Whose 取消身份 panel is open, its reason, and what the last step came to. */
  const [revokeFor, setRevokeFor] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [revokeError, setRevokeError] = useState<string[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const [revoking, setRevoking] = useState(false);
  const busy = useRef(false);

  const reload = async () => {
    const res = await fetchAdminOverview();
    setLoad(res.ok ? { state: 'ready', overview: res.data } : { state: 'failed', message: res.error.message });
  };

  // Back from a person's page: show the names and groups as they are now.
  useDidShow(() => {
    reload();
  });

  const openRevoke = (personId: string) => {
    if (busy.current) return;
    setRevokeFor(revokeFor === personId ? null : personId);
    setReason('');
    setRevokeError([]);
    setDone([]);
  };

  const onRevokeConfirm = async (p: PersonAdminView) => {
    if (busy.current) return;
    const why = reason.trim();
    setRevokeError([]);
    if (!why) {
      setRevokeError(['请先写一下取消身份的原因，再点“确认取消身份”。']);
      return;
    }
    busy.current = true;
    setRevoking(true);
    // NOTE: WeChat allows at most 4 characters on the dialog's buttons, so the question carries 「取消身份」.
    const answer = await askConfirm({
      title: '取消身份',
      content: `取消${p.name}的「${adminRoleName(p.role)}」身份，以后就是普通居民了。${p.role === 'member' ? '他手上没办完的事会放回待认领。' : ''}确定吗？`,
      confirmText: '确定',
      cancelText: '再想想',
    });
    if (answer === 'failed') setRevokeError([CONFIRM_FAILED]);
    if (answer === 'yes') {
      const res = await revokeRole(p.id, why);
      if (res.ok) {
        const { person, casesReturned } = res.data;
        setLoad((l) => {
          if (l.state !== 'ready') return l;
          // Back to resident: off the list of people with a role.
          const people = l.overview.people.flatMap((x) => (x.id !== person.id ? [x] : person.role === 'resident' ? [] : [person]));
          return { state: 'ready', overview: { ...l.overview, people } };
        });
        setRevokeFor(null);
        setReason('');
        setDone([`已经取消${p.name}的身份。`, casesReturned > 0 ? `已把${casesReturned}件未办完的事放回待认领。` : '他手上没有未办完的事。']);
      } else {
        setRevokeError(problemLines(res.error.message));
      }
    }
    busy.current = false;
    setRevoking(false);
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={reload} />
      </View>
    );
  }

  // I cannot take away my own role here.
  const { config, people, invites, you: myId } = load.overview;
  const usable = invites.filter((i) => i.usedBy === null && i.stateText === '可以使用').length;

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <BigButton
        text='邀请码'
        sub={usable > 0 ? `请人加入；现在有 ${usable} 个可以用` : '请人加入：成员、社区工作人员、管理员'}
        testId='admin-invites'
        onTap={go(routes.adminInvites)}
      />
      <BigButton text='值班表' sub='哪组哪天值班、休息日、调班' variant='secondary' testId='admin-rota' onTap={go(routes.adminRota)} />
      <BigButton text='类别与设置' sub='事情的类别、小组、小区、电话' variant='secondary' testId='admin-config' onTap={go(routes.adminConfig)} />
      <BigButton text='楼道二维码' sub='打印海报，居民扫码反映，地点自动填好' variant='secondary' testId='admin-posters' onTap={go(routes.adminPosters)} />
      <BigButton text='修改记录' sub='谁在什么时候改了什么' variant='secondary' testId='admin-audit' onTap={go(routes.adminAudit)} />

      <Text className='gk-heading'>有身份的人（{people.length}）</Text>
      <Notice kind='info' lines={done} testId='revoke-done' />
      {people.length === 0 ? <Text className='gk-empty'>还没有人。可以点上面的“邀请码”请人加入。</Text> : null}
      {sortedPeople(people).map((p) => {
        const group = groupName(config, p.groupId);
        const canRevoke = p.role !== 'resident' && myId !== null && p.id !== myId;
        const open = revokeFor === p.id;
        return (
          <View key={p.id} className='gk-card' data-testid={`person-${p.id}`}>
            <Text className='gk-row__title'>
              {p.name}
              {p.id === myId ? '（我自己）' : ''}
            </Text>
            <Text className='gk-row__line'>身份：{adminRoleName(p.role)}</Text>
            {p.role === 'member' ? <Text className='gk-row__line'>小组：{group ?? '还没有分组'}</Text> : null}
            {p.phone ? <Text className='gk-row__line gk-muted'>电话：{p.phone}</Text> : null}
            {p.leave.length > 0 ? <Text className='gk-row__line gk-muted'>请假：{p.leave.map((l) => `${l.from} 至 ${l.to}`).join('；')}</Text> : null}
            <View className='adm__actions'>
              <BigButton text='修改' size='small' variant='secondary' label={`修改${p.name}`} testId={`edit-${p.id}`} onTap={go(routes.adminPersonOf(p.id))} />
              {canRevoke ? (
                <DangerButton
                  text='取消身份'
                  label={`取消${p.name}的身份`}
                  expanded={open}
                  disabled={revoking}
                  testId={`revoke-${p.id}`}
                  onTap={() => openRevoke(p.id)}
                />
              ) : null}
            </View>
            {open ? (
              <View className='adm__revoke' data-testid={`revoke-panel-${p.id}`}>
                <TextField
                  multiline
                  label='取消身份的原因（必须填写）'
                  hint='会记在修改记录里。'
                  value={reason}
                  maxlength={200}
                  placeholder='例如：搬走了，不再参加值班'
                  inputClass='adm__reason'
                  testId='revoke-reason'
                  onInput={(typed) => {
                    setReason(typed);
                    setRevokeError([]);
                  }}
                />
                <Notice kind='error' lines={revokeError} testId='revoke-error' />
                <BigButton
                  text={revoking ? '正在取消……' : '确认取消身份'}
                  variant='alarm'
                  disabled={revoking}
                  testId='revoke-confirm'
                  onTap={() => onRevokeConfirm(p)}
                />
                <BigButton text='不取消了' size='small' variant='secondary' disabled={revoking} testId='revoke-cancel' onTap={() => openRevoke(p.id)} />
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}
