import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import type { ServiceRecordView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import LoadStatus from '../../components/load-status';
import { fetchServiceRecord } from '../../services/cloud';
import { formatTime } from '../../lib/labels';
import { loadMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: ServiceRecordView };

/** The month before / after a YYYY-MM month. */
function shiftMonth(month: string, by: 1 | -1): string {
  const [y, m] = month.split('-').map(Number);
  const n = y * 12 + (m - 1) + by;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** 「11月26日」 of a local YYYY-MM-DD date. */
const dayWords = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** Hours without a trailing 「.0」: 72, 3.5. */
const hoursWords = (h: number) => `${Math.round(h * 100) / 100}`;

/**
 * 志愿服务记录 (民政部令第67号): one member's month — shifts served, cases claimed and resolved, 回访 calls, each act
 * listed — to read on the phone and print on A4 from the computer. The office and admin open anyone's (from the
 * dashboard's member table, `?id=`); a member opens their own (from the duty page).
 */
export default function ServiceRecord() {
  const { params } = useRouter();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const month = useRef<string | undefined>(params.month);
  const latest = useRef(0);

  const show = async (wanted?: string) => {
    const ticket = ++latest.current;
    setLoad({ state: 'loading' });
    let memberId = params.id ? decodeURIComponent(params.id) : '';
    if (!memberId) {
      const me = await loadMe();
      if (!me.ok) {
        if (ticket === latest.current) setLoad({ state: 'failed', message: me.error.message });
        return;
      }
      memberId = me.data.openid;
    }
    const res = await fetchServiceRecord(memberId, wanted);
    if (ticket !== latest.current) return;
    if (res.ok) month.current = res.data.month;
    setLoad(res.ok ? { state: 'ready', view: res.data } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    show(month.current);
  });

  const view = load.state === 'ready' ? load.view : null;

  return (
    <View className='gk-page rec' style={scaleStyle()}>
      {view ? (
        <View className='rec__months rec__noprint' role='group' aria-label='选择月份'>
          <BigButton text='上个月' size='small' variant='secondary' testId='rec-prev' onTap={() => show(shiftMonth(view.month, -1))} />
          <Text className='rec__month' data-testid='rec-month'>
            {view.monthText}
          </Text>
          {view.current ? (
            <Text className='rec__month-note'>这是本月</Text>
          ) : (
            <BigButton text='下个月' size='small' variant='secondary' testId='rec-next' onTap={() => show(shiftMonth(view.month, 1))} />
          )}
        </View>
      ) : null}

      <LoadStatus load={load} onRetry={() => show(month.current)} />

      {view ? (
        <View className='rec__noprint'>
          {process.env.TARO_ENV === 'h5' ? (
            <BigButton text='打印' sub='用 A4 纸打印这份记录' testId='rec-print' onTap={() => window.print()} />
          ) : (
            <Text className='gk-hint'>要打印，请在电脑上打开小程序的这一页。</Text>
          )}
        </View>
      ) : null}

      {view ? (
        <View className='rec__sheet' data-testid='service-record'>
          <Text className='gk-title rec__title'>志愿服务记录</Text>
          <View className='gk-card rec__who'>
            <Text className='gk-text' data-testid='rec-member'>
              志愿者：{view.member.name}（{view.groupName ?? '没有分组'}）
            </Text>
            <Text className='gk-text'>服务月份：{view.monthText}</Text>
            <Text className='gk-text' data-testid='rec-keeper'>
              记录单位：{view.keeper}（{view.community}）
            </Text>
          </View>

          <Text className='gk-heading'>本月合计</Text>
          <View className='gk-card rec__totals'>
            <Text className='gk-text' data-testid='rec-shifts-total'>
              值班 {view.totals.shifts} 次，共 {hoursWords(view.totals.hours)} 小时
            </Text>
            <Text className='gk-text' data-testid='rec-claimed'>
              认领事项 {view.counts.claimed} 件
            </Text>
            <Text className='gk-text' data-testid='rec-resolved'>
              办结事项 {view.counts.resolved} 件
            </Text>
            <Text className='gk-text' data-testid='rec-calls'>
              回访电话 {view.counts.calls} 次
            </Text>
          </View>

          <Text className='gk-heading'>值班（{view.shifts.length} 次）</Text>
          {view.shifts.length === 0 ? <Text className='gk-empty'>这个月没有值班。</Text> : null}
          {view.shifts.length > 0 ? (
            <View className='gk-card rec__list' data-testid='rec-shift-list'>
              {view.shifts.map((s) => (
                <View key={s.date} className='rec__row' data-testid={`rec-shift-${s.date}`}>
                  <Text className='rec__cell rec__cell--date'>
                    {dayWords(s.date)} {s.weekday}
                  </Text>
                  <Text className='rec__cell'>{s.hours}</Text>
                  <Text className='rec__cell rec__cell--num'>{hoursWords(s.length)} 小时</Text>
                </View>
              ))}
            </View>
          ) : null}

          <Text className='gk-heading'>经办的事（{view.items.length} 条）</Text>
          {view.items.length === 0 ? <Text className='gk-empty'>这个月没有认领、办结或回访电话。</Text> : null}
          {view.items.length > 0 ? (
            <View className='gk-card rec__list' data-testid='rec-item-list'>
              {view.items.map((i, n) => (
                <View key={`${i.caseId}-${i.kind}-${i.at}-${n}`} className='rec__row' data-testid={`rec-item-${n}`}>
                  <Text className='rec__cell rec__cell--date'>{dayWords(i.date)}</Text>
                  <Text className='rec__cell rec__cell--code'>编号 {i.code}</Text>
                  <Text className='rec__cell'>{i.category}</Text>
                  <Text className='rec__cell rec__cell--num'>{i.what}</Text>
                </View>
              ))}
            </View>
          ) : null}

          <View className='rec__foot'>
            {view.footnote.map((line) => (
              <Text key={line} className='gk-hint rec__footnote'>
                {line}
              </Text>
            ))}
            <Text className='gk-hint rec__footnote'>生成时间：{formatTime(view.generatedAt)}</Text>
          </View>
          {/* On paper only: where the record keeper signs and stamps it. */}
          <View className='rec__printonly'>
            <Text className='gk-text'>记录单位（盖章）：</Text>
            <Text className='gk-text'>经办人签字：　　　　　　　　日期：</Text>
          </View>
        </View>
      ) : null}
    </View>
  );
}
