import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useLoad, useRouter } from '@tarojs/taro';
import type { CommunityConfigView, PersonAdminView } from '../../../types/domain';
import LoadStatus from '../../components/load-status';
import { fetchAdminOverview, updatePerson } from '../../services/cloud';
import { isDate, isPhone, phoneDigits, problemLines } from '../../lib/forms';
import { scaleStyle } from '../../lib/font-scale';
import { AddButton, DangerButton, DateField, Field, type SaveNote, SaveBar, Tile, TileGroup } from '../shared/ui';
import { adminRoleName } from '../shared/words';
import '../shared/admin.css';

interface Form {
  name: string;
  phone: string;
  groupId: string | null;
  compounds: string[];
  leave: Array<{ from: string; to: string }>;
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; config: CommunityConfigView; person: PersonAdminView };

const formOf = (p: PersonAdminView): Form => ({
  name: p.name,
  phone: p.phone,
  groupId: p.groupId,
  compounds: [...p.compounds],
  leave: p.leave.map((l) => ({ ...l })),
});

/** Everything wrong with the form, in words; empty when it can be saved. */
function problemsOf(form: Form, isMember: boolean): string[] {
  const problems: string[] = [];
  if (!form.name.trim()) problems.push('请写上姓名。');
  if (isMember && !form.groupId) problems.push('工作室成员要选一个小组（点上面的方块）。');
  if (phoneDigits(form.phone) && !isPhone(form.phone)) problems.push('电话号码不对：手机是 11 位数字；座机请带区号。');
  form.leave.forEach((l, i) => {
    const n = i + 1;
    const from = l.from.trim();
    const to = l.to.trim();
    if (!isDate(from)) problems.push(`请选第${n}段请假从哪天开始。`);
    if (!isDate(to)) problems.push(`请选第${n}段请假到哪天结束。`);
    if (isDate(from) && isDate(to) && from > to) problems.push(`第${n}段请假的结束日期早于开始日期。`);
  });
  return problems;
}

/** 修改成员: name, phone, group, the compounds a member looks after, and leave periods. */
export default function Person() {
  const { params } = useRouter();
  const personId = params.id ? decodeURIComponent(params.id) : '';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<Form>({ name: '', phone: '', groupId: null, compounds: [], leave: [] });
  const [note, setNote] = useState<SaveNote>(null);
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);

  const reload = async () => {
    setLoad({ state: 'loading' });
    const res = await fetchAdminOverview();
    if (!res.ok) {
      setLoad({ state: 'failed', message: res.error.message });
      return;
    }
    const person = res.data.people.find((p) => p.id === personId);
    if (!person) {
      setLoad({ state: 'failed', message: '找不到这个人：可能已经取消了身份。请回到“管理”页看看。' });
      return;
    }
    setForm(formOf(person));
    setLoad({ state: 'ready', config: res.data.config, person });
  };

  useLoad(() => {
    reload();
  });

  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setNote(null);
  };

  const setLeave = (i: number, patch: Partial<{ from: string; to: string }>) => update({ leave: form.leave.map((l, j) => (j === i ? { ...l, ...patch } : l)) });

  const toggleCompound = (id: string) => update({ compounds: form.compounds.includes(id) ? form.compounds.filter((c) => c !== id) : [...form.compounds, id] });

  const onSave = async () => {
    if (busy.current || load.state !== 'ready') return;
    const problems = problemsOf(form, load.person.role === 'member');
    if (problems.length > 0) {
      setNote({ kind: 'error', lines: problems });
      return;
    }
    busy.current = true;
    setSaving(true);
    setNote(null);
    const res = await updatePerson({
      personId: load.person.id,
      name: form.name.trim(),
      phone: phoneDigits(form.phone),
      groupId: form.groupId,
      compounds: form.compounds,
      leave: form.leave.map((l) => ({ from: l.from.trim(), to: l.to.trim() })),
    });
    busy.current = false;
    setSaving(false);
    if (!res.ok) {
      setNote({ kind: 'error', lines: problemLines(res.error.message) });
      return;
    }
    setForm(formOf(res.data));
    setLoad({ state: 'ready', config: load.config, person: res.data });
    setNote({ kind: 'done', text: `已经保存${res.data.name}的资料。` });
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={reload} />
      </View>
    );
  }

  const { config, person } = load;
  const isMember = person.role === 'member';

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <Text className='gk-text' data-testid='person-role'>
        {person.name}，身份：{adminRoleName(person.role)}
      </Text>

      <Field label='姓名' value={form.name} maxlength={20} testId='person-name' onInput={(name) => update({ name })} />
      <Field
        label='电话'
        value={form.phone}
        type='number'
        maxlength={20}
        placeholder='例如：13800000000'
        testId='person-phone'
        onInput={(phone) => update({ phone })}
      />

      <TileGroup id='person-group-label' label='小组' hint={isMember ? '值班时和这个小组一起。' : '只有工作室成员需要分组。'}>
        {config.groups.map((g) => (
          <Tile key={g.id} text={g.name} on={form.groupId === g.id} testId={`person-group-${g.id}`} onTap={() => update({ groupId: g.id })} />
        ))}
        {isMember ? null : <Tile text='不分组' on={form.groupId === null} testId='person-group-none' onTap={() => update({ groupId: null })} />}
      </TileGroup>

      <TileGroup id='person-compounds-label' label='负责的小区（可以选几个）' hint='这些小区的事会排在他的待认领前面。'>
        {config.compounds.map((c) => (
          <Tile
            key={c.id}
            kind='toggle'
            text={c.name}
            on={form.compounds.includes(c.id)}
            testId={`person-compound-${c.id}`}
            onTap={() => toggleCompound(c.id)}
          />
        ))}
      </TileGroup>
      {config.compounds.length === 0 ? <Text className='gk-empty'>还没有小区，请先在“类别与设置”里添加。</Text> : null}

      <Text className='gk-label'>请假</Text>
      <Text className='gk-hint'>请假的日子不排他值班。开始和结束当天都算。</Text>
      {form.leave.length === 0 ? <Text className='gk-empty'>没有请假。</Text> : null}
      {form.leave.map((l, i) => (
        <View key={i} className='gk-card adm__item' data-testid={`leave-${i}`}>
          <Text className='adm__item-title'>第{i + 1}段请假</Text>
          <View className='adm__pair'>
            <DateField compact label='从哪天' value={l.from} testId={`leave-from-${i}`} onChange={(from) => setLeave(i, { from })} />
            <DateField compact label='到哪天' value={l.to} testId={`leave-to-${i}`} onChange={(to) => setLeave(i, { to })} />
          </View>
          <View className='adm__actions'>
            <DangerButton text='删除这段请假' testId={`leave-remove-${i}`} onTap={() => update({ leave: form.leave.filter((_, j) => j !== i) })} />
          </View>
        </View>
      ))}
      <AddButton text='添加一段请假' testId='leave-add' onTap={() => update({ leave: [...form.leave, { from: '', to: '' }] })} />

      <SaveBar note={note} saving={saving} onSave={onSave} testIdPrefix='person' />
    </View>
  );
}
