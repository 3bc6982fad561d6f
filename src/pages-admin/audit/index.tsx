import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import type { AuditView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import LoadStatus from '../../components/load-status';
import Pager from '../../components/pager';
import { fetchAudit } from '../../services/cloud';
import { formatTime } from '../../lib/labels';
import { scaleStyle } from '../../lib/font-scale';
import '../shared/admin.css';
import './index.css';

interface Box {
  items: AuditView[];
  hasMore: boolean;
  /** 0-based page shown now. */
  page: number;
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; box: Box };

/** Sections of the configuration in the words of the 类别与设置 and 值班表 pages. */
const SECTION_WORDS: Record<string, string> = {
  groups: '值班小组',
  rota: '值班表',
  categories: '类别',
  compounds: '小区',
  templates: '通知模板',
  settings: '其他设置',
};

/** The action in words: a configuration section's code (「修改配置：rota」) becomes its name (「修改配置：值班表」). */
function actionText(action: string): string {
  return action.replace(/(groups|rota|categories|compounds|templates|settings)$/, (code) => SECTION_WORDS[code] ?? code);
}

/** Before/after as one line of JSON; 「（无）」 for nothing. */
function compact(value: unknown): string {
  if (value === null || value === undefined) return '（无）';
  try {
    return JSON.stringify(value) ?? '（无）';
  } catch {
    return String(value);
  }
}

/** 修改记录: who changed what and when, newest first; each entry's before and after on request. */
export default function Audit() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** Which entries of this page show their before/after. */
  const [open, setOpen] = useState<Record<number, boolean>>({});

  const fetchPage = async (page: number) => {
    setLoad({ state: 'loading' });
    setOpen({});
    const res = await fetchAudit(page);
    if (!res.ok) {
      setLoad({ state: 'failed', message: res.error.message });
      return;
    }
    setLoad({ state: 'ready', box: { ...res.data, page } });
    if (page > 0) Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  useLoad(() => {
    fetchPage(0);
  });

  if (load.state !== 'ready') {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <Text className='gk-title'>修改记录</Text>
        <LoadStatus load={load} onRetry={() => fetchPage(0)} />
      </View>
    );
  }

  const { items, hasMore, page } = load.box;

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <Text className='gk-title'>修改记录</Text>
      <Text className='gk-hint'>最新的在最上面。时间是北京时间。{page > 0 ? `现在是第 ${page + 1} 页。` : ''}</Text>

      {items.length === 0 ? <Text className='gk-empty'>{page === 0 ? '还没有修改记录。' : '这一页没有记录了。'}</Text> : null}

      {items.map((a, i) => {
        const shown = open[i] === true;
        return (
          <View key={`${a.at}-${i}`} className='gk-card' data-testid={`audit-${i}`}>
            <Text className='gk-row__title'>{actionText(a.action)}</Text>
            <Text className='gk-row__line'>{formatTime(a.at)}</Text>
            <Text className='gk-row__line'>修改人：{a.by.name}</Text>
            <Text className='gk-row__line gk-code'>对象：{a.target}</Text>
            <View className='adm__actions'>
              <BigButton
                text={shown ? '收起' : '看修改前后'}
                size='small'
                variant='secondary'
                expanded={shown}
                label={shown ? '收起修改前后' : `看“${actionText(a.action)}”修改前后的内容`}
                testId={`audit-toggle-${i}`}
                onTap={() => setOpen((o) => ({ ...o, [i]: !shown }))}
              />
            </View>
            {shown ? (
              <View className='audit__diff' data-testid={`audit-diff-${i}`}>
                <Text className='audit__diff-label'>修改前：</Text>
                <Text className='audit__json adm__mono'>{compact(a.before)}</Text>
                <Text className='audit__diff-label'>修改后：</Text>
                <Text className='audit__json adm__mono'>{compact(a.after)}</Text>
              </View>
            ) : null}
          </View>
        );
      })}

      <Pager page={page} hasMore={hasMore} onPage={fetchPage} testIdPrefix='audit-' />
    </View>
  );
}
