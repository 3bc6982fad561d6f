import { useState } from 'react';
import { View } from '@tarojs/components';
import { assignCase, recategoriseCase, rejectCase, returnToStudio } from '../../../services/cloud';
import { loadMe } from '../../../lib/session';
import { type ActionsProps, Opener } from './action-panel';
import type { Categories, Panel } from './panels';

/** The office's steps: 交给社区工作人员, 退回工作室, 改类别, 不予受理 — each only while the server says it may be done. */
export default function OfficeActions({ view: v, action, open, onOpen, onClose }: ActionsProps) {
  /** The categories 改类别 offers: read when its panel first opens (loadMe's cache). */
  const [categories, setCategories] = useState<Categories>({ state: 'loading' });
  const caseId = v.id;
  const can = v.can;

  const fetchCategories = async () => {
    setCategories({ state: 'loading' });
    const res = await loadMe();
    setCategories(res.ok ? { state: 'ready', list: res.data.categories } : { state: 'failed', message: res.error.message });
  };

  const openPanel = (which: Panel) => {
    if (action.running()) return;
    onOpen(which);
    if (which === 'recat' && categories.state !== 'ready') fetchCategories();
  };

  if (!(can.assign || can.returnToStudio || can.recategorise || can.reject)) return null;
  const opener = { view: v, action, open, onOpen: openPanel, onClose };
  return (
    <View className='gk-section case__actions'>
      <Opener {...opener} which='assign' send={(_text, pick) => assignCase(caseId, pick)} />
      <Opener {...opener} which='return' send={(text) => returnToStudio(caseId, text)} />
      <Opener
        {...opener}
        which='recat'
        send={(text, pick) => recategoriseCase(caseId, pick, text)}
        categories={categories}
        onRetryCategories={fetchCategories}
      />
      <Opener {...opener} which='reject' send={(text) => rejectCase(caseId, text)} />
    </View>
  );
}
