import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import type { CommunityConfigView, InviteView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import LoadStatus from '../../components/load-status';
import Notice from '../../components/notice';
import PrivacySheet from '../../components/privacy-sheet';
import { createInvite, fetchAdminOverview, voidInvite, type InviteRole } from '../../services/cloud';
import { problemLines } from '../../lib/forms';
import { formatTime } from '../../lib/labels';
import { scaleStyle } from '../../lib/font-scale';
import { DangerButton, Tile, TileGroup } from '../shared/ui';
import { groupName, INVITE_ROLES, inviteRoleName } from '../shared/words';
import '../shared/admin.css';
import { INVITE_CODE, groupedInviteCode } from '../../../types/invite-code';
import './index.css';

interface Data {
  config: CommunityConfigView;
  invites: InviteView[];
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; data: Data };

/** How long a new code may be used. */
const DAYS = [1, 3, 7, 30];

/** Not used, not expired, not voided: it may still be voided. */
const usable = (i: InviteView) => i.usedBy === null && i.stateText === '可以使用';

/** The role (and group) a code grants, in plain words: 「工作室成员，分在第四组」. */
function grantText(config: CommunityConfigView, i: InviteView): string {
  const group = groupName(config, i.groupId);
  return group ? `${inviteRoleName(i.role)}，分在${group}` : inviteRoleName(i.role);
}

/** The code for a screen reader, one digit at a time: 「4 8 3，9 2 0」. */
const spokenCode = (code: string) => (INVITE_CODE.test(code) ? `${code.slice(0, 3).split('').join(' ')}，${code.slice(3).split('').join(' ')}` : code);

/** 邀请码: make a single-use code for a role (and group), read it to the person; see and void the codes made. */
export default function Invites() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [role, setRole] = useState<InviteRole | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [days, setDays] = useState(7);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<InviteView | null>(null);
  const [createError, setCreateError] = useState<string[]>([]);
  const [voiding, setVoiding] = useState<string | null>(null);
  const [listError, setListError] = useState<string[]>([]);
  const [copied, setCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  // NOTE: a ref, not state: a second tap in the same frame must already see the first one.
  const busy = useRef(false);

  const reload = async () => {
    setLoad({ state: 'loading' });
    const res = await fetchAdminOverview();
    setLoad(res.ok ? { state: 'ready', data: { config: res.data.config, invites: res.data.invites } } : { state: 'failed', message: res.error.message });
  };

  useLoad(() => {
    reload();
  });

  /** Put a new or changed code at its place in the list (new ones first). */
  const keep = (invite: InviteView) =>
    setLoad((l) => {
      if (l.state !== 'ready') return l;
      const known = l.data.invites.some((i) => i.code === invite.code);
      const invites = known ? l.data.invites.map((i) => (i.code === invite.code ? invite : i)) : [invite, ...l.data.invites];
      return { state: 'ready', data: { ...l.data, invites } };
    });

  const onCreate = async () => {
    if (busy.current || load.state !== 'ready') return;
    const problems: string[] = [];
    if (!role) problems.push('请先选这个邀请码给什么身份（点上面的方块）。');
    if (role === 'member' && load.data.config.groups.length > 0 && !groupId) problems.push('请选这位成员分到哪个小组。');
    setCreateError(problems);
    setCopied(false);
    setCopyFailed(false);
    if (!role || problems.length > 0) return;
    busy.current = true;
    setCreating(true);
    setCreated(null);
    const res = await createInvite(role, role === 'member' ? groupId : null, days);
    busy.current = false;
    setCreating(false);
    if (!res.ok) {
      setCreateError(problemLines(res.error.message));
      return;
    }
    setCreated(res.data);
    keep(res.data);
  };

  const onCopy = (code: string) => {
    setCopyFailed(false);
    // Refused (e.g. the privacy consent was turned down): say so; the code is still on screen to read out.
    Taro.setClipboardData({ data: code })
      .then(() => setCopied(true))
      .catch(() => setCopyFailed(true));
  };

  const onVoid = async (code: string) => {
    if (busy.current) return;
    busy.current = true;
    setVoiding(code);
    setListError([]);
    const res = await voidInvite(code);
    busy.current = false;
    setVoiding(null);
    if (!res.ok) {
      setListError(problemLines(res.error.message));
      return;
    }
    keep(res.data);
    if (created?.code === code) setCreated(res.data);
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={reload} />
      </View>
    );
  }

  const { config, invites } = load.data;

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <TileGroup id='invite-role-label' label='1. 给什么身份？'>
        {INVITE_ROLES.map((r) => (
          <Tile
            key={r.role}
            text={r.name}
            on={role === r.role}
            testId={`invite-role-${r.role}`}
            sub={r.sub}
            wide
            onTap={() => {
              setRole(r.role);
              setCreateError([]);
            }}
          />
        ))}
      </TileGroup>

      {role === 'member' ? (
        <TileGroup id='invite-group-label' label='2. 分到哪个小组？'>
          {config.groups.length === 0 ? <Text className='gk-empty'>还没有小组，请先在“类别与设置”里添加。</Text> : null}
          {config.groups.map((g) => (
            <Tile
              key={g.id}
              text={g.name}
              on={groupId === g.id}
              testId={`invite-group-${g.id}`}
              onTap={() => {
                setGroupId(g.id);
                setCreateError([]);
              }}
            />
          ))}
        </TileGroup>
      ) : null}

      <TileGroup id='invite-days-label' label={`${role === 'member' ? 3 : 2}. 多少天内有效？`}>
        {DAYS.map((n) => (
          <Tile key={n} text={`${n}天`} on={days === n} testId={`invite-days-${n}`} label={`${n}天内有效`} onTap={() => setDays(n)} />
        ))}
      </TileGroup>

      <Notice kind='error' lines={createError} testId='invite-error' />
      <BigButton text={creating ? '正在生成……' : '生成邀请码'} disabled={creating} testId='invite-create' onTap={onCreate} />
      <Text className='gk-hint'>一个邀请码只能用一次。对方在小程序首页点“我有邀请码”，输入后就有了这个身份。</Text>

      {created ? (
        <View className='gk-card inv__new' data-testid='invite-new'>
          <Text className='gk-text'>新的邀请码给：{grantText(config, created)}</Text>
          <Text className='inv__code' data-testid='invite-code' aria-label={`邀请码 ${spokenCode(created.code)}`}>
            {groupedInviteCode(created.code)}
          </Text>
          <Text className='gk-text'>请把这个邀请码念给对方听，或者用微信发给他。</Text>
          <Text className='gk-text'>对方在小程序首页点“我有邀请码”，输入邀请码、姓名和电话。</Text>
          <Text className='gk-text gk-muted'>{formatTime(created.expiresAt)}以前有效，只能用一次。</Text>
          <View className='adm__actions'>
            <BigButton text={copied ? '已复制' : '复制邀请码'} size='small' variant='secondary' testId='invite-copy' onTap={() => onCopy(created.code)} />
          </View>
          {copyFailed ? <Notice kind='error' lines={['没有复制成功。请把上面的邀请码念给对方听，或者抄下来。']} testId='invite-copy-error' /> : null}
        </View>
      ) : null}

      <Text className='gk-heading'>已经生成的邀请码（{invites.length}）</Text>
      <Notice kind='error' lines={listError} testId='void-error' />
      {invites.length === 0 ? <Text className='gk-empty'>还没有生成过邀请码。</Text> : null}
      {invites.map((i) => (
        <View key={i.code} className='gk-card' data-testid={`invite-${i.code}`}>
          <Text className='adm__strong adm__mono'>{groupedInviteCode(i.code)}</Text>
          <Text className='gk-row__line'>{grantText(config, i)}</Text>
          <Text className='gk-row__line'>
            状态：<Text className='inv__state'>{i.stateText}</Text>
          </Text>
          {i.usedBy ? (
            <Text className='gk-row__line'>
              {i.usedBy.name}用了{i.usedAt ? `（${formatTime(i.usedAt)}）` : ''}
            </Text>
          ) : (
            <Text className='gk-row__line gk-muted'>{formatTime(i.expiresAt)}以前有效</Text>
          )}
          <Text className='gk-row__line gk-muted'>生成人：{i.createdBy.name}</Text>
          {usable(i) ? (
            <View className='adm__actions'>
              <DangerButton
                text={voiding === i.code ? '正在作废……' : '作废'}
                label={`作废邀请码 ${groupedInviteCode(i.code)}`}
                disabled={voiding !== null}
                testId={`void-${i.code}`}
                onTap={() => onVoid(i.code)}
              />
            </View>
          ) : null}
        </View>
      ))}
      <PrivacySheet use='复制邀请码' />
    </View>
  );
}
