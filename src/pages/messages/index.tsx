import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useLoad } from '@tarojs/taro';
import type { MessageView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import { fetchMessages, markMessagesRead } from '../../services/cloud';
import { formatTime } from '../../lib/labels';
import { routes } from '../../lib/routes';
import { noteUnreadMessages } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';
import Pager from '../../components/pager';

interface Box {
  items: MessageView[];
  unread: number;
  hasMore: boolean;
  /** 0-based page shown now. */
  page: number;
}

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; box: Box };

/** How the WeChat message went, in words; null when it simply arrived. */
function deliveryText(d: MessageView['delivery']): string | null {
  switch (d) {
    case 'sent':
    case 'sending':
      return null;
    case 'retrying':
      return '微信暂时没送到，稍后重发';
    case 'no-credit':
    case 'failed':
      return '这条没有发到微信里，请在这里看';
    case 'in-app':
      return '只在这里通知';
  }
}

/** Every notification I got (办好了, 有人认领, 新事项…), newest first; tap one to read it and open its case. */
export default function Messages() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [error, setError] = useState<string | null>(null);
  const [marking, setMarking] = useState(false);
  const busy = useRef(false);
  // NOTE: a double tap on a row must open its case once.
  const leaving = useRef(false);

  const fetchPage = async (page: number) => {
    setLoad({ state: 'loading' });
    setError(null);
    const res = await fetchMessages(page);
    if (!res.ok) {
      setLoad({ state: 'failed', message: res.error.message });
      return;
    }
    setLoad({ state: 'ready', box: { ...res.data, page } });
    noteUnreadMessages(res.data.unread);
    if (page > 0) Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  useLoad(() => {
    fetchPage(0);
  });

  useDidShow(() => {
    leaving.current = false;
  });

  /** Show `id` as read (or unread again) and the count with it, without a call. */
  const setRead = (id: string, read: boolean) => {
    setLoad((l) => {
      if (l.state !== 'ready') return l;
      const items = l.box.items.map((m) => (m.id === id ? { ...m, read } : m));
      const unread = Math.max(0, l.box.unread + (read ? -1 : 1));
      noteUnreadMessages(unread);
      return { state: 'ready', box: { ...l.box, items, unread } };
    });
  };

  const onOpen = (m: MessageView) => {
    if (leaving.current) return;
    setError(null);
    if (!m.read) {
      setRead(m.id, true);
      markMessagesRead([m.id]).then((res) => {
        if (res.ok) noteUnreadMessages(res.data.unread);
        else setRead(m.id, false); // still unread on the server: show it so
      });
    }
    if (m.caseId) {
      leaving.current = true;
      Taro.navigateTo({ url: routes.caseOf(m.caseId) }).catch(() => {
        leaving.current = false;
      });
    }
  };

  const onMarkAll = async () => {
    if (busy.current || load.state !== 'ready') return;
    busy.current = true;
    setMarking(true);
    setError(null);
    const res = await markMessagesRead();
    busy.current = false;
    setMarking(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    noteUnreadMessages(res.data.unread);
    setLoad((l) =>
      l.state === 'ready' ? { state: 'ready', box: { ...l.box, items: l.box.items.map((m) => ({ ...m, read: true })), unread: res.data.unread } } : l,
    );
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page messages' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={() => fetchPage(0)} />
      </View>
    );
  }

  const { items, unread, hasMore, page } = load.box;

  return (
    <View className='gk-page messages' style={scaleStyle()}>
      <Text className='messages__count' data-testid='messages-unread'>
        {unread > 0 ? `${unread}条未读` : '没有未读的消息'}
      </Text>
      <Text className='gk-hint'>办事的进展都会在这里留一份，微信没收到也能在这里看到。</Text>

      {unread > 0 ? (
        <BigButton text={marking ? '正在标记……' : '全部标为已读'} variant='secondary' disabled={marking} testId='mark-all-read' onTap={onMarkAll} />
      ) : null}
      {error ? <Notice kind='error' lines={[error]} testId='messages-error' /> : null}

      {items.length === 0 ? (
        <Text className='gk-empty' data-testid='messages-empty'>
          {page === 0 ? '还没有消息。事情有进展时会在这里告诉您。' : '这一页没有消息了。'}
        </Text>
      ) : null}

      {items.map((m) => {
        const delivery = deliveryText(m.delivery);
        return (
          <View
            key={m.id}
            className={`gk-card gk-row messages__item${m.read ? '' : ' messages__item--unread'}`}
            role='button'
            tabIndex={0}
            data-testid={`message-${m.id}`}
            data-read={m.read ? 'true' : 'false'}
            onClick={() => onOpen(m)}
          >
            {m.read ? null : (
              <View className='gk-tags'>
                <Text className='gk-tag gk-tag--alarm' data-mark='unread'>
                  未读
                </Text>
              </View>
            )}
            <Text className='gk-row__title'>{m.title}</Text>
            <Text className='gk-row__line messages__text'>{m.text}</Text>
            <Text className='gk-row__line gk-muted'>{formatTime(m.at)}</Text>
            {delivery ? <Text className='gk-row__line messages__delivery'>{delivery}</Text> : null}
            {m.caseId ? <Text className='gk-row__line messages__open'>点一下看这件事 ›</Text> : null}
          </View>
        );
      })}

      <Pager page={page} hasMore={hasMore} onPage={fetchPage} testIdPrefix='messages-' />
    </View>
  );
}
