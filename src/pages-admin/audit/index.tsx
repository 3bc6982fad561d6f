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

/** Lines of a change shown before 「看全部」. */
const SHOWN_LINES = 4;

/** 修改记录: who changed what and when, newest first, in words with names; what it was before → after, one line each. */
export default function Audit() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** Which entries of this page show all their lines. */
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
        <LoadStatus load={load} onRetry={() => fetchPage(0)} />
      </View>
    );
  }

  const { items, hasMore, page } = load.box;

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <Text className='gk-hint'>最新的在最上面。时间是北京时间。{page > 0 ? `现在是第 ${page + 1} 页。` : ''}</Text>

      {items.length === 0 ? <Text className='gk-empty'>{page === 0 ? '还没有修改记录。' : '这一页没有记录了。'}</Text> : null}

      {items.map((a, i) => {
        const all = open[i] === true;
        const lines = all ? a.changes : a.changes.slice(0, SHOWN_LINES);
        return (
          <View key={`${a.at}-${i}`} className='gk-card' data-testid={`audit-${i}`}>
            <Text className='gk-row__title' data-testid={`audit-summary-${i}`}>
              {a.summary}
            </Text>
            <Text className='gk-row__line gk-muted'>{formatTime(a.at)}</Text>
            {lines.length > 0 ? (
              <View className='audit__diff' data-testid={`audit-diff-${i}`}>
                {lines.map((l, j) => (
                  <Text key={j} className='audit__line'>
                    {l}
                  </Text>
                ))}
              </View>
            ) : null}
            {a.changes.length > SHOWN_LINES ? (
              <View className='adm__actions'>
                <BigButton
                  text={all ? '收起' : `看全部${a.changes.length}处修改`}
                  size='small'
                  variant='secondary'
                  expanded={all}
                  label={all ? '收起修改内容' : `看“${a.summary}”的全部${a.changes.length}处修改`}
                  testId={`audit-toggle-${i}`}
                  onTap={() => setOpen((o) => ({ ...o, [i]: !all }))}
                />
              </View>
            ) : null}
          </View>
        );
      })}

      <Pager page={page} hasMore={hasMore} onPage={fetchPage} testIdPrefix='audit-' />
    </View>
  );
}
