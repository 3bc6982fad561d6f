import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Counted, DashboardView, DurationStats, Rate, RatesRow, RatesView, ThreeRates } from '../../../types/domain';
import { RATE_DEFINITIONS, RATE_KEYS } from '../../../types/words';
import DateField from '../../components/date-field';
import BigButton from '../../components/big-button';
import CaseRow from '../../components/case-row';
import LoadStatus from '../../components/load-status';
import PickTile from '../../components/pick-tile';
import { fetchDashboard } from '../../services/cloud';
import { formatMonthDayTime } from '../../lib/labels';
import { rangeProblem as problemOf } from '../../lib/dates';
import { scaleStyle } from '../../lib/font-scale';
import { routes } from '../../lib/routes';
import './index.css';

type Days = 7 | 30 | 90 | 365;
/** The window: a button's last N days, or dates the office chose. */
type Window = { days: Days } | { from: string; to: string };

const WINDOWS: Array<{ days: Days; name: string }> = [
  { days: 7, name: '近7天' },
  { days: 30, name: '近30天' },
  { days: 90, name: '近90天' },
  { days: 365, name: '近一年' },
];

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: DashboardView };

/** Minutes in the words people use: "45分钟", "2小时10分钟", "3天5小时". */
function durationWords(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 1) return '不到1分钟';
  if (m < 60) return `${m}分钟`;
  if (m < 24 * 60) {
    const h = Math.floor(m / 60);
    const rest = m % 60;
    return rest ? `${h}小时${rest}分钟` : `${h}小时`;
  }
  const totalHours = Math.round(m / 60);
  const d = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  return h ? `${d}天${h}小时` : `${d}天`;
}

/** 「2026年11月1日至11月30日」 */
function dateRangeWords(from: string, to: string): string {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return `${fy}年${fm}月${fd}日至${ty === fy ? '' : `${ty}年`}${tm}月${td}日`;
}

/** 「小事不出楼道」率 as a whole percentage; `share` is a fraction (0–1). */
function percentWords(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A rate as 「87.5%（35/40）」, or 「—」 when there was nothing to count. */
function rateWords(r: Rate): string {
  return r.rate === null ? '—（没有可算的事）' : `${(Math.round(r.rate * 1000) / 10).toFixed(1)}%（${r.n}/${r.of}）`;
}

/** The breakdowns of 三率, in the order the tiles show them. */
const PARTS: Array<{ key: keyof Pick<RatesView, 'byGroup' | 'byMember' | 'byCategory' | 'byCompound' | 'weeks'>; name: string }> = [
  { key: 'weeks', name: '按周' },
  { key: 'byGroup', name: '按组' },
  { key: 'byMember', name: '按成员' },
  { key: 'byCategory', name: '按类别' },
  { key: 'byCompound', name: '按小区' },
];

/** 三率 of the whole window, each with its definition beside it. */
function RatesCard({ rates }: { rates: ThreeRates }) {
  return (
    <View className='gk-card' data-testid='rates-total'>
      {RATE_KEYS.map((k) => (
        <View key={k} className='dash__rate' data-testid={`rate-${k}`}>
          <Text className='dash__card-title'>
            {RATE_DEFINITIONS[k].name}：{rates[k].rate === null ? '—' : `${(Math.round(rates[k].rate! * 1000) / 10).toFixed(1)}%`}
          </Text>
          <Text className='gk-text'>{rates[k].rate === null ? '这段时间没有可算的事。' : `${rates[k].n} ÷ ${rates[k].of}`}</Text>
          <Text className='gk-hint'>
            {RATE_DEFINITIONS[k].name} = {RATE_DEFINITIONS[k].definition}
          </Text>
        </View>
      ))}
    </View>
  );
}

/** One part's 三率, each in words (响应率 is not counted per member: a case nobody claimed has no person). */
function RatesRows({ rows, part }: { rows: RatesRow[]; part: string }) {
  if (rows.length === 0) return <Text className='gk-empty'>这段时间没有可算的事。</Text>;
  return (
    <View className='gk-card'>
      {rows.map((r) => (
        <View key={r.key} className='dash__row' data-testid={`rates-row-${r.key}`}>
          <Text className='dash__row-label dash__rates-label'>{r.label}</Text>
          {RATE_KEYS.filter((k) => part !== 'byMember' || k !== 'response').map((k) => (
            <Text key={k} className='gk-text'>
              {RATE_DEFINITIONS[k].name} {rateWords(r[k])}
            </Text>
          ))}
        </View>
      ))}
    </View>
  );
}

/** Labelled rows with their numbers in words; the bar only repeats the number. */
function CountedRows({ rows, testIdPrefix, empty }: { rows: Counted[]; testIdPrefix: string; empty: string }) {
  if (rows.length === 0) return <Text className='gk-empty'>{empty}</Text>;
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <View className='gk-card'>
      {rows.map((r) => (
        <View key={r.key} className='dash__row' data-testid={`${testIdPrefix}-${r.key}`}>
          <View className='dash__row-head'>
            <Text className='dash__row-label'>{r.label}</Text>
            <Text className='dash__row-count'>{r.count} 件</Text>
          </View>
          <View className='dash__bar' aria-hidden='true'>
            <View className='dash__bar-fill' style={{ width: `${Math.round((r.count / max) * 100)}%` }} />
          </View>
        </View>
      ))}
    </View>
  );
}

/** 「30分钟以内」, or 「不到1分钟」 (which needs no 以内). */
const within = (minutes: number): string => (Math.round(minutes) < 1 ? '不到1分钟' : `${durationWords(minutes)}以内`);

/** Median and 90th percentile of a duration, in words. */
function DurationCard({ title, stats, testId }: { title: string; stats: DurationStats; testId: string }) {
  return (
    <View className='gk-card' data-testid={testId}>
      <Text className='dash__card-title'>{title}</Text>
      {stats.n === 0 || stats.median === null ? (
        <Text className='gk-text gk-muted'>这段时间还没有可以统计的事。</Text>
      ) : (
        <View>
          <Text className='gk-text'>一半的事：{within(stats.median)}</Text>
          {stats.p90 !== null ? <Text className='gk-text'>九成的事：{within(stats.p90)}</Text> : null}
          <Text className='gk-text gk-muted'>共统计 {stats.n} 件</Text>
        </View>
      )}
    </View>
  );
}

/** How the neighbourhood is doing: counts, 「小事不出楼道」率, how fast, what is overdue, who did what. */
export default function Dashboard() {
  const [span, setSpan] = useState<Window>({ days: 30 });
  const [choosing, setChoosing] = useState(false);
  const [range, setRange] = useState({ from: '', to: '' });
  const [part, setPart] = useState<(typeof PARTS)[number]['key']>('weeks');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const latest = useRef(0);

  const show = async (w: Window) => {
    const ticket = ++latest.current;
    setSpan(w);
    setLoad({ state: 'loading' });
    const res = await fetchDashboard(w);
    if (ticket !== latest.current) return;
    setLoad(res.ok ? { state: 'ready', view: res.data } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    show(span);
  });

  const view = load.state === 'ready' ? load.view : null;
  const days = 'days' in span ? span.days : null;
  const chosen = days ? (WINDOWS.find((w) => w.days === days)?.name ?? `近${days}天`) : '自选的日期';
  const rangeProblem = problemOf(range.from, range.to);

  return (
    <View className='gk-page dash' style={scaleStyle()}>
      <Text className='gk-label dash__first-label' id='dash-days-label'>
        看多长时间？
      </Text>
      <View className='dash__days' role='group' aria-labelledby='dash-days-label'>
        {WINDOWS.map((w) => {
          const on = w.days === days;
          return (
            <PickTile
              key={w.days}
              on={on}
              className='dash__day'
              testId={`days-${w.days}`}
              onTap={() => {
                setChoosing(false);
                show({ days: w.days });
              }}
            >
              <Text>
                {on ? '✓ ' : ''}
                {w.name}
              </Text>
            </PickTile>
          );
        })}
        <PickTile on={choosing || days === null} className='dash__day' testId='days-range' onTap={() => setChoosing(true)}>
          <Text>{choosing || days === null ? '✓ ' : ''}自选日期</Text>
        </PickTile>
      </View>
      {choosing ? (
        <View className='gk-card' data-testid='range-form'>
          <DateField label='从哪天' value={range.from} onChange={(from) => setRange({ ...range, from })} testId='range-from' />
          <DateField label='到哪天（这天也算）' value={range.to} onChange={(to) => setRange({ ...range, to })} testId='range-to' />
          {rangeProblem && (range.from || range.to) ? (
            <Text className='gk-hint' data-testid='range-problem'>
              {rangeProblem}
            </Text>
          ) : null}
          <BigButton text='看这段时间' variant='secondary' disabled={rangeProblem !== null} testId='range-show' onTap={() => show(range)} />
        </View>
      ) : null}

      <LoadStatus load={load} onRetry={() => show(span)} />

      {view ? (
        <View>
          <View className='gk-card dash__total' data-testid='dashboard-total'>
            <Text className='gk-text'>
              {chosen}（{dateRangeWords(view.from, view.to)}）
            </Text>
            <Text className='dash__big'>共收到 {view.total} 件</Text>
          </View>

          <Text className='gk-heading'>三率（接诉即办的考核数）</Text>
          <RatesCard rates={view.rates.total} />
          <View className='dash__days' role='group' aria-label='三率分开看'>
            {PARTS.map((p) => (
              <PickTile key={p.key} on={p.key === part} className='dash__day' testId={`rates-part-${p.key}`} onTap={() => setPart(p.key)}>
                <Text>
                  {p.key === part ? '✓ ' : ''}
                  {p.name}
                </Text>
              </PickTile>
            ))}
          </View>
          {part === 'byMember' ? <Text className='gk-hint'>响应率不按个人算：没人认领的事算不到谁的头上。成员算在现在所在的组。</Text> : null}
          <RatesRows rows={view.rates[part]} part={part} />

          <View className='gk-card dash__share' data-testid='studio-share'>
            <Text className='dash__card-title'>「小事不出楼道」率</Text>
            {view.studioSolved.share === null ? (
              <Text className='gk-text'>这段时间还没有办结的事，算不出来。</Text>
            ) : (
              <View>
                <Text className='dash__big'>{percentWords(view.studioSolved.share)}</Text>
                <Text className='gk-text'>
                  办结的 {view.studioSolved.resolved} 件里，工作室自己办好 {view.studioSolved.count} 件（没有上报社区）
                </Text>
              </View>
            )}
          </View>

          <Text className='gk-heading'>多快有人管</Text>
          <DurationCard title='从反映到有人认领' stats={view.timeToClaim} testId='time-to-claim' />
          <DurationCard title='从反映到办结' stats={view.timeToResolve} testId='time-to-resolve' />

          <Text className='gk-heading'>按办理情况</Text>
          <CountedRows rows={view.byStatus} testIdPrefix='status-row' empty='这段时间没有事项。' />

          <Text className='gk-heading'>按类别</Text>
          <CountedRows rows={view.byCategory} testIdPrefix='category-row' empty='这段时间没有事项。' />

          <Text className='gk-heading'>按小区</Text>
          <CountedRows rows={view.byCompound} testIdPrefix='compound-row' empty='这段时间没有事项。' />

          <Text className='gk-heading'>转交外单位</Text>
          {view.transfers.length === 0 ? <Text className='gk-empty'>这段时间没有转交外单位的事。</Text> : null}
          {view.transfers.length > 0 ? (
            <View className='gk-card'>
              {view.transfers.map((t) => (
                <View key={t.body} className='dash__row' data-testid={`transfer-row-${t.body}`}>
                  <View className='dash__row-head'>
                    <Text className='dash__row-label'>{t.label}</Text>
                    <Text className='dash__row-count'>
                      转交 {t.count} 件，还没办好 {t.open} 件
                    </Text>
                  </View>
                </View>
              ))}
            </View>
          ) : null}

          <Text className='gk-heading'>已超时还没办完（{view.overdue.length}）</Text>
          {view.overdue.length === 0 ? <Text className='gk-empty'>现在没有超时的事。</Text> : null}
          {view.overdue.map((c) => (
            <CaseRow key={c.id} c={c} testId={`overdue-item-${c.id}`}>
              {c.dueAt ? <Text className='gk-row__line dash__over'>期限：{formatMonthDayTime(c.dueAt)}（已经过了）</Text> : null}
            </CaseRow>
          ))}

          <Text className='gk-heading'>成员办事情况</Text>
          <Text className='gk-hint'>点成员的名字，看他每个月的志愿服务记录（可以打印）。</Text>
          {view.members.length === 0 ? <Text className='gk-empty'>还没有成员。</Text> : null}
          {view.members.length > 0 ? (
            <View className='gk-card dash__members'>
              {view.members.map((m) => (
                <View key={m.id} className='dash__member' data-testid={`member-row-${m.id}`}>
                  <View
                    className='dash__cell dash__cell--name dash__cell--link'
                    role='link'
                    tabIndex={0}
                    aria-label={`${m.name}的志愿服务记录`}
                    data-testid={`member-record-${m.id}`}
                    onClick={() => Taro.navigateTo({ url: routes.serviceRecordOf(m.id) })}
                  >
                    <Text>{m.name}</Text>
                  </View>
                  <Text className='dash__cell dash__cell--group'>{m.groupName ?? '没有分组'}</Text>
                  <Text className='dash__cell dash__cell--num'>手上 {m.open} 件</Text>
                  <Text className='dash__cell dash__cell--num'>已办结 {m.solved} 件</Text>
                </View>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}
