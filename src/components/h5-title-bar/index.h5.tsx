import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import './index.css';

/** What the bar shows: the shown page's title (Taro H5 writes navigationBarTitleText into document.title) and the stack depth. */
function current(): { title: string; depth: number } {
  return { title: document.title, depth: Taro.getCurrentPages().length };
}

/**
 * H5 only (see index.tsx): a bar fixed at the top with the page's title and, below the first page of the stack, a
 * 60 px 「返回」 that calls Taro.navigateBack. Rendered by the app shell next to the pages; it sets --gk-titlebar-height on
 * <html> so the pages start below it (index.css).
 */
export default function H5TitleBar() {
  const [state, setState] = useState(current);
  const bar = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const update = () => setState(current());
    Taro.eventCenter.on('__afterTaroRouterChange', update);
    window.addEventListener('hashchange', update);
    const titleWatch = new MutationObserver(update);
    titleWatch.observe(document.head, { subtree: true, childList: true, characterData: true });
    update();
    return () => {
      Taro.eventCenter.off('__afterTaroRouterChange', update);
      window.removeEventListener('hashchange', update);
      titleWatch.disconnect();
    };
  }, []);

  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const root = document.documentElement;
    const size = () => root.style.setProperty('--gk-titlebar-height', `${el.offsetHeight}px`);
    const watch = new ResizeObserver(size);
    watch.observe(el);
    size();
    return () => {
      watch.disconnect();
      root.style.removeProperty('--gk-titlebar-height');
    };
  }, []);

  const back = () => {
    if (Taro.getCurrentPages().length > 1) Taro.navigateBack();
  };

  return (
    <div className='gk-titlebar' ref={bar} data-testid='h5-title-bar'>
      {state.depth > 1 ? (
        <button type='button' className='gk-titlebar__back' data-testid='h5-back' onClick={back}>
          <span aria-hidden='true'>‹ </span>返回
        </button>
      ) : null}
      <h1 className='gk-titlebar__title' data-testid='h5-title'>
        {state.title}
      </h1>
    </div>
  );
}
