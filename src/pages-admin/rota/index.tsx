import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useLoad } from '@tarojs/taro';
import type { CommunityConfigView, RotaDayView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import LoadStatus from '../../components/load-status';
import { fetchRotaPreview, saveConfigSection } from '../../services/cloud';
import { isClock, isDate, problemLines } from '../../lib/forms';
import { scaleStyle } from '../../lib/font-scale';
import { AddButton, DangerButton, DateField, Field, type SaveNote, SaveBar, Tile, TileGroup } from '../shared/ui';
import { groupName, WEEK_ORDER, WEEKDAYS, weekdayOf } from '../shared/words';
import '../shared/admin.css';
import './index.css';

type Rota = CommunityConfigView['rota'];

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; config: CommunityConfigView };
type Preview = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; days: RotaDayView[] };

/** How many days the calendar below the form shows. */
const PREVIEW_DAYS = 28;

/** Everything wrong with the rota as typed, in words; empty when it can be saved. */
function problemsOf(rota: Rota): string[] {
  const problems: string[] = [];
  if (!isDate(rota.start.trim())) problems.push('请选从哪天开始轮。');
  if (rota.order.length === 0) problems.push('至少要有一个小组参加轮班。');
  if (!isClock(rota.hours.start.trim())) problems.push('值班开始时间请写成 08:30 这样。');
  if (!isClock(rota.hours.end.trim())) problems.push('值班结束时间请写成 17:30 这样。');
  if (isClock(rota.hours.start.trim()) && isClock(rota.hours.end.trim()) && rota.hours.start.trim() >= rota.hours.end.trim()) {
    problems.push('值班结束时间要晚于开始时间。');
  }
  if (rota.closedWeekdays.length === 7) problems.push('一周七天都休息，就没有人值班了。');
  rota.closedDates.forEach((d, i) => {
    if (!isDate(d.trim())) problems.push(`请选第${i + 1}个休息日是哪天。`);
  });
  rota.swaps.forEach((s, i) => {
    if (!isDate(s.date.trim())) problems.push(`请选第${i + 1}个调班是哪天。`);
    if (!s.groupId) problems.push(`第${i + 1}个调班请选由哪个小组值班。`);
  });
  return problems;
}

/** The rota as it goes to the server: typed text trimmed. */
function cleaned(rota: Rota): Rota {
  return {
    ...rota,
    start: rota.start.trim(),
    hours: { start: rota.hours.start.trim(), end: rota.hours.end.trim() },
    closedDates: rota.closedDates.map((d) => d.trim()),
    closedWeekdays: [...rota.closedWeekdays].sort((a, b) => a - b),
    swaps: rota.swaps.map((s) => ({ date: s.date.trim(), groupId: s.groupId })),
  };
}

/** "11月27日" from "2025-11-27"; the text itself when it is not such a date. */
function monthDay(date: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : date;
}

/** The next days in weeks from 周一 to 周日, for the calendar (the first and last weeks may be short). */
function weeksOf(days: RotaDayView[]): RotaDayView[][] {
  const weeks: RotaDayView[][] = [];
  for (const d of days) {
    if (weeks.length === 0 || weekdayOf(d.date) === 1) weeks.push([]);
    weeks[weeks.length - 1].push(d);
  }
  return weeks;
}

/** 值班表: how the groups take turns, duty hours, days off, swaps; and who is on duty in the next four weeks. */
export default function RotaPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [rota, setRota] = useState<Rota | null>(null);
  const [preview, setPreview] = useState<Preview>({ state: 'loading' });
  const [note, setNote] = useState<SaveNote>(null);
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);

  const reloadPreview = async () => {
    setPreview({ state: 'loading' });
    const res = await fetchRotaPreview(PREVIEW_DAYS);
    setPreview(res.ok ? { state: 'ready', days: res.data.days } : { state: 'failed', message: res.error.message });
  };

  const reload = async () => {
    setLoad({ state: 'loading' });
    setPreview({ state: 'loading' });
    // One call: the configuration this page edits comes with the calendar.
    const res = await fetchRotaPreview(PREVIEW_DAYS);
    if (res.ok) {
      setRota(res.data.config.rota);
      setLoad({ state: 'ready', config: res.data.config });
      setPreview({ state: 'ready', days: res.data.days });
    } else {
      setLoad({ state: 'failed', message: res.error.message });
      setPreview({ state: 'failed', message: res.error.message });
    }
  };

  useLoad(() => {
    reload();
  });

  const update = (patch: Partial<Rota>) => {
    setRota((r) => (r ? { ...r, ...patch } : r));
    setNote(null);
  };

  const onSave = async () => {
    if (busy.current || !rota) return;
    const problems = problemsOf(rota);
    if (problems.length > 0) {
      setNote({ kind: 'error', lines: problems });
      return;
    }
    busy.current = true;
    setSaving(true);
    setNote(null);
    const res = await saveConfigSection('rota', cleaned(rota));
    busy.current = false;
    setSaving(false);
    if (!res.ok) {
      setNote({ kind: 'error', lines: problemLines(res.error.message) });
      return;
    }
    setRota(res.data.rota);
    setLoad({ state: 'ready', config: res.data });
    setNote({ kind: 'done', text: '值班表已经保存，下面的日历是新的安排。' });
    reloadPreview();
  };

  if (load.state !== 'ready' || !rota) {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <LoadStatus load={load.state === 'ready' ? { state: 'loading' } : load} onRetry={reload} />
      </View>
    );
  }

  const { config } = load;
  const nameOf = (id: string) => groupName(config, id) ?? id;
  const outOfTurn = config.groups.filter((g) => !rota.order.includes(g.id));

  /** Move the group at `i` one place up (-1) or down (+1) in the turn order. */
  const move = (i: number, step: -1 | 1) => {
    const j = i + step;
    if (j < 0 || j >= rota.order.length) return;
    const order = [...rota.order];
    [order[i], order[j]] = [order[j], order[i]];
    update({ order });
  };

  const toggleWeekday = (d: number) =>
    update({ closedWeekdays: rota.closedWeekdays.includes(d) ? rota.closedWeekdays.filter((x) => x !== d) : [...rota.closedWeekdays, d] });

  const setSwap = (i: number, patch: Partial<Rota['swaps'][number]>) => update({ swaps: rota.swaps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <Text className='gk-text gk-muted'>改好以后点最下面的“保存”。保存后，下面的日历会显示新的安排。</Text>

      <TileGroup id='rota-unit-label' label='1. 多久换一组？'>
        <Tile text='每天换' on={rota.unit === 'day'} testId='rota-unit-day' label='每天换一组' onTap={() => update({ unit: 'day' })} />
        <Tile text='每周换' on={rota.unit === 'week'} testId='rota-unit-week' label='每周换一组' onTap={() => update({ unit: 'week' })} />
      </TileGroup>

      <DateField label='2. 从哪天开始轮' hint='这一天由排在第一的小组值班。' value={rota.start} testId='rota-start' onChange={(start) => update({ start })} />

      <Text className='gk-label'>3. 轮班的顺序</Text>
      {rota.order.length === 0 ? <Text className='gk-empty'>还没有小组参加轮班。</Text> : null}
      {rota.order.map((id, i) => (
        <View key={`${id}-${i}`} className='gk-card adm__item' data-testid={`rota-order-${id}`}>
          <Text className='adm__item-title'>
            排在第{i + 1}：{nameOf(id)}
          </Text>
          <View className='adm__actions'>
            <BigButton
              text='上移'
              size='small'
              variant='secondary'
              label={`${nameOf(id)}往前移`}
              disabled={i === 0}
              testId={`rota-up-${id}`}
              onTap={() => move(i, -1)}
            />
            <BigButton
              text='下移'
              size='small'
              variant='secondary'
              label={`${nameOf(id)}往后移`}
              disabled={i === rota.order.length - 1}
              testId={`rota-down-${id}`}
              onTap={() => move(i, 1)}
            />
            <DangerButton
              text='不参加轮班'
              label={`${nameOf(id)}不参加轮班`}
              testId={`rota-remove-${id}`}
              onTap={() => update({ order: rota.order.filter((_, j) => j !== i) })}
            />
          </View>
        </View>
      ))}
      {outOfTurn.length > 0 ? (
        <View>
          <Text className='gk-hint'>不在轮班里的小组：</Text>
          <View className='adm__actions'>
            {outOfTurn.map((g) => (
              <BigButton
                key={g.id}
                text={`加入${g.name}`}
                size='small'
                variant='secondary'
                label={`${g.name}加入轮班`}
                testId={`rota-add-${g.id}`}
                onTap={() => update({ order: [...rota.order, g.id] })}
              />
            ))}
          </View>
        </View>
      ) : null}

      <Text className='gk-label'>4. 每天几点到几点值班</Text>
      <Text className='gk-hint'>写成 08:30 这样（24小时）。</Text>
      <View className='adm__pair'>
        <Field
          compact
          label='开始'
          value={rota.hours.start}
          maxlength={5}
          placeholder='08:30'
          testId='rota-hours-start'
          onInput={(start) => update({ hours: { ...rota.hours, start } })}
        />
        <Field
          compact
          label='结束'
          value={rota.hours.end}
          maxlength={5}
          placeholder='17:30'
          testId='rota-hours-end'
          onInput={(end) => update({ hours: { ...rota.hours, end } })}
        />
      </View>

      <TileGroup id='rota-weekdays-label' label='5. 每周哪几天休息（可以选几个）'>
        {WEEK_ORDER.map((d) => (
          <Tile
            key={d}
            kind='toggle'
            text={`周${WEEKDAYS[d]}`}
            on={rota.closedWeekdays.includes(d)}
            label={`星期${WEEKDAYS[d]}休息`}
            testId={`rota-weekday-${d}`}
            onTap={() => toggleWeekday(d)}
          />
        ))}
      </TileGroup>

      <Text className='gk-label'>6. 节假日（这些天休息）</Text>
      {rota.closedDates.length === 0 ? <Text className='gk-empty'>没有另外的休息日。</Text> : null}
      {rota.closedDates.map((d, i) => (
        <View key={i} className='gk-card adm__item rota__line' data-testid={`rota-holiday-${i}`}>
          <DateField
            compact
            label={`第${i + 1}个休息日`}
            value={d}
            testId={`rota-holiday-date-${i}`}
            onChange={(v) => update({ closedDates: rota.closedDates.map((x, j) => (j === i ? v : x)) })}
          />
          <DangerButton
            className='rota__remove'
            text='删除'
            label={`删除第${i + 1}个休息日`}
            testId={`rota-holiday-remove-${i}`}
            onTap={() => update({ closedDates: rota.closedDates.filter((_, j) => j !== i) })}
          />
        </View>
      ))}
      <AddButton text='添加休息日' testId='rota-holiday-add' onTap={() => update({ closedDates: [...rota.closedDates, ''] })} />

      <Text className='gk-label'>7. 调班（某一天换成别的小组值班）</Text>
      {rota.swaps.length === 0 ? <Text className='gk-empty'>没有调班。</Text> : null}
      {rota.swaps.map((s, i) => (
        <View key={i} className='gk-card adm__item' data-testid={`rota-swap-${i}`}>
          <DateField compact label={`第${i + 1}个调班的日期`} value={s.date} testId={`rota-swap-date-${i}`} onChange={(date) => setSwap(i, { date })} />
          <TileGroup id={`rota-swap-${i}-label`} label='这天由哪个小组值班'>
            {config.groups.map((g) => (
              <Tile key={g.id} text={g.name} on={s.groupId === g.id} testId={`rota-swap-${i}-group-${g.id}`} onTap={() => setSwap(i, { groupId: g.id })} />
            ))}
          </TileGroup>
          <View className='adm__actions'>
            <DangerButton text='删除这个调班' testId={`rota-swap-remove-${i}`} onTap={() => update({ swaps: rota.swaps.filter((_, j) => j !== i) })} />
          </View>
        </View>
      ))}
      <AddButton text='添加调班' testId='rota-swap-add' onTap={() => update({ swaps: [...rota.swaps, { date: '', groupId: '' }] })} />

      <SaveBar note={note} saving={saving} onSave={onSave} testIdPrefix='rota' />

      <View className='adm__block'>
        <Text className='gk-heading'>接下来四周谁值班</Text>
        <LoadStatus load={preview.state === 'ready' ? { state: 'ready' } : preview} onRetry={reloadPreview} />
        {preview.state === 'ready' && preview.days.length === 0 ? <Text className='gk-empty'>没有可以显示的日子。</Text> : null}
        {preview.state === 'ready'
          ? weeksOf(preview.days).map((week, w) => (
              <View key={w} className='rota__week'>
                <Text className='rota__week-title'>
                  第{w + 1}周（{monthDay(week[0].date)}起）
                </Text>
                {week.map((d) => (
                  <View key={d.date} className={`rota__day${d.groupId ? '' : ' rota__day--off'}`} data-testid={`rota-day-${d.date}`}>
                    <Text className='rota__day-date'>
                      {monthDay(d.date)} {d.weekday}
                    </Text>
                    {d.groupId ? (
                      <View className='rota__day-body'>
                        <Text className='rota__day-group'>
                          {d.groupName ?? nameOf(d.groupId)}
                          {d.hours ? `　${d.hours}` : ''}
                        </Text>
                        <Text className='rota__day-line'>
                          {d.members.length > 0 ? d.members.map((m) => m.name).join('、') : '这天没有成员能值班（请假或组里没有人）'}
                        </Text>
                      </View>
                    ) : (
                      <View className='rota__day-body'>
                        <Text className='rota__day-group'>休息</Text>
                      </View>
                    )}
                    {d.note && !(d.groupId === null && d.note === '休息') ? <Text className='rota__day-line gk-muted'>{d.note}</Text> : null}
                  </View>
                ))}
              </View>
            ))
          : null}
      </View>
    </View>
  );
}
