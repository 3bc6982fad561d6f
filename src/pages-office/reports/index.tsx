import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { ReportListItem } from '../../../types/domain';
import BigButton from '../../components/big-button';
import DateField from '../../components/date-field';
import LoadStatus from '../../components/load-status';
import Notice from '../../components/notice';
import { fetchReports, makeReport, reportFileLink } from '../../services/cloud';
import { openFile } from '../../services/open-file';
import { formatMonthDayTime } from '../../lib/labels';
import { rangeProblem as problemOf } from '../../lib/dates';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; reports: ReportListItem[] };
/** What the last tap said: a file opened or its link copied, a report made, or a failure. */
type Said = { kind: 'info' | 'error'; lines: string[]; testId: string } | null;

const KIND_WORDS: Record<ReportListItem['kind'], string> = { week: '周报', month: '月报', range: '自选日期' };

/** 「18.3 KB」 */
const sizeWords = (bytes: number) => (bytes < 1024 ? `${bytes} 字节` : `${(bytes / 1024).toFixed(1)} KB`);

/**
 * 通报 for the 街道: the weekly ones the timer makes on Mondays and the monthly ones on the 1st, and any range the office
 * makes here. Each opens as a printable page (A4) or downloads as an Excel file; in WeChat the link is copied for a
 * computer's browser.
 */
export default function Reports() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [range, setRange] = useState({ from: '', to: '' });
  const [said, setSaid] = useState<Said>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const latest = useRef(0);

  const refresh = async () => {
    const ticket = ++latest.current;
    const res = await fetchReports();
    if (ticket !== latest.current) return;
    setLoad(res.ok ? { state: 'ready', reports: res.data.reports } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    refresh();
  });

  const open = async (r: ReportListItem, file: 'html' | 'xlsx') => {
    if (busy) return;
    setBusy(`${r.id}-${file}`);
    setSaid(null);
    const link = await reportFileLink(r.id, file);
    const outcome = link.ok ? await openFile(link.data.url) : 'failed';
    setBusy(null);
    const what = file === 'html' ? '打印版' : 'Excel文件';
    if (!link.ok) setSaid({ kind: 'error', lines: [link.error.message], testId: 'report-said' });
    else if (outcome === 'copied')
      setSaid({ kind: 'info', lines: [`「${r.title}」的${what}链接已经复制。`, '请在电脑的浏览器里粘贴打开，就能打印或保存。'], testId: 'report-said' });
    else if (outcome === 'failed') setSaid({ kind: 'error', lines: [`${what}没有打开，请再试一次。`], testId: 'report-said' });
  };

  const rangeProblem = problemOf(range.from, range.to);

  const make = async () => {
    if (busy || rangeProblem) return;
    setBusy('make');
    setSaid(null);
    const res = await makeReport(range.from, range.to);
    setBusy(null);
    if (!res.ok) {
      setSaid({ kind: 'error', lines: [res.error.message], testId: 'make-said' });
      return;
    }
    setSaid({ kind: 'info', lines: [`「${res.data.title}」已经生成，在上面的列表里。`], testId: 'make-said' });
    await refresh();
  };

  const reports = load.state === 'ready' ? load.reports : [];
  return (
    <View className='gk-page reports' style={scaleStyle()}>
      <Text className='gk-hint reports__first'>每周一自动生成上一周的周报，每月1日生成上个月的月报。可以打印，也可以下载Excel交给街道。</Text>
      <LoadStatus load={load} onRetry={refresh} />
      {said && said.testId === 'report-said' ? <Notice kind={said.kind} lines={said.lines} testId={said.testId} /> : null}
      {load.state === 'ready' && reports.length === 0 ? <Text className='gk-empty'>还没有通报。下面可以选日期生成一份。</Text> : null}
      {reports.map((r) => (
        <View key={r.id} className='gk-card reports__item' data-testid={`report-${r.id}`}>
          <Text className='reports__title'>{r.title}</Text>
          <Text className='gk-text gk-muted'>
            {KIND_WORDS[r.kind]} · {r.madeBy} · {formatMonthDayTime(r.generatedAt)}
          </Text>
          <BigButton
            text={busy === `${r.id}-html` ? '正在打开……' : '打开打印版'}
            sub={`A4纸，${sizeWords(r.sizes.html)}`}
            variant='secondary'
            disabled={busy !== null}
            testId={`open-html-${r.id}`}
            onTap={() => open(r, 'html')}
          />
          <BigButton
            text={busy === `${r.id}-xlsx` ? '正在打开……' : '下载Excel'}
            sub={`两张表：数据、事项，${sizeWords(r.sizes.xlsx)}`}
            variant='secondary'
            disabled={busy !== null}
            testId={`open-xlsx-${r.id}`}
            onTap={() => open(r, 'xlsx')}
          />
        </View>
      ))}

      <Text className='gk-heading'>按日期生成一份</Text>
      <View className='gk-card'>
        <DateField label='从哪天' value={range.from} onChange={(from) => setRange({ ...range, from })} testId='report-from' />
        <DateField label='到哪天（这天也算）' value={range.to} onChange={(to) => setRange({ ...range, to })} testId='report-to' />
        {said && said.testId === 'make-said' ? <Notice kind={said.kind} lines={said.lines} testId={said.testId} /> : null}
        {rangeProblem && (range.from || range.to) ? <Text className='gk-hint'>{rangeProblem}</Text> : null}
        <BigButton
          text={busy === 'make' ? '正在生成……' : '生成通报'}
          variant='secondary'
          disabled={busy !== null || rangeProblem !== null}
          testId='make-report'
          onTap={make}
        />
      </View>
    </View>
  );
}
