import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { CaseView } from '../../../types/domain';
import DevBar from '../../components/dev-bar';
import Notice from '../../components/notice';
import LoadStatus from '../../components/load-status';
import { fetchCase } from '../../services/cloud';
import { scaleStyle } from '../../lib/font-scale';
import { type ActionKey, useCaseAction } from './use-action';
import type { ActionsProps, OpenPanel } from './parts/action-panel';
import { allowed } from './parts/panels';
import CaseEmergency from './parts/case-emergency';
import { CaseFacts, CaseStatus, Reporter } from './parts/facts';
import Claim from './parts/claim';
import ResidentActions from './parts/resident-actions';
import HolderActions from './parts/holder-actions';
import OfficeActions from './parts/office-actions';
import TransferActions from './parts/transfer';
import Timeline from './parts/timeline';
import FollowUp from './parts/follow-up';
import Receipt from './parts/receipt';
import Contact from './parts/contact';
import Merge, { MergedInto } from './parts/merge';
import './index.css';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: CaseView };

/** The panel open now, if the caller may still use it (the case may have changed under them). */
function openNow(v: CaseView, open: OpenPanel | null): OpenPanel | null {
  if (open === 'rate') return v.can.rate ? open : null;
  if (open === 'resolve') return v.can.resolve ? open : null;
  if (open === 'transfer') return v.can.transfer ? open : null;
  return open && allowed(v, open) ? open : null;
}

/** Actions with a button of their own and no panel. */
const BUTTONS = ['claim', 'urge', 'cancel', 'confirm', 'resolve', 'merge', 'followUp', 'takeCallBack', 'recordCallBack'] as const;

/** Whether `key`'s button (and so its error line) is on the page now. */
function onPage(v: CaseView, open: OpenPanel | null, key: ActionKey): boolean {
  // Buttons without a panel are on the page while their flag allows them; a panel's error shows with its panel.
  return (BUTTONS as readonly string[]).includes(key) ? v.can[key as (typeof BUTTONS)[number]] : key === open;
}

/**
 * One case: where it stands in plain words, who holds it and why, what it is about, then what I may do now (by role:
 * claim, the resident's, the holder's, the office's), who reported it and every step so far.
 */
export default function CasePage() {
  const { params } = useRouter();
  const caseId = params.id ? decodeURIComponent(params.id) : '';
  /** Opened by the report page right after 提交 (routes.caseAfterSubmit): the receipt shows on top. */
  const justSubmitted = params.submitted === '1';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** 「已提醒处理人」 right where 催一催 was, until the page is shown again. */
  const [urgedNow, setUrgedNow] = useState(false);
  /** The action panel open now; at most one at a time. */
  const [open, setOpen] = useState<OpenPanel | null>(null);

  const fetchInto = async () => {
    if (!caseId) {
      setLoad({ state: 'failed', message: '没有找到这件事项。' });
      return;
    }
    const res = await fetchCase(caseId);
    setLoad(res.ok ? { state: 'ready', view: res.data } : { state: 'failed', message: res.error.message });
  };
  const action = useCaseAction({ show: (view) => setLoad({ state: 'ready', view }), reload: fetchInto });
  // A step done from a panel further down (写进展, 转交…) is confirmed where the person looks: the page scrolls to the
  // 「进展已经记下。」 line, which stands right above the actions.
  useEffect(() => {
    if (action.done) Taro.pageScrollTo({ selector: '#case-done', duration: 200 }).catch(() => undefined);
  }, [action.done]);
  /** Read the case again; an earlier failure's words go (a success's stay). */
  const reload = () => {
    action.clear(true);
    return fetchInto();
  };

  useDidShow(() => {
    setUrgedNow(false);
    reload();
  });

  const onOpen = (next: OpenPanel) => {
    if (action.running()) return;
    action.clear();
    // 评价's button opens and closes its panel; the others only open theirs.
    setOpen((next === 'rate' || next === 'resolve') && open === next ? null : next);
  };

  const onClose = () => {
    if (action.running()) return;
    setOpen(null);
    action.clear(true);
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page case' style={scaleStyle()}>
        {process.env.TARO_ENV === 'h5' ? <DevBar onClockAdvanced={() => reload()} /> : null}
        <LoadStatus load={load} onRetry={() => reload()} />
      </View>
    );
  }

  const v = load.view;
  const isOpenCase = v.status === 'pending' || v.status === 'claimed';
  const parts: ActionsProps = { view: v, action, open: openNow(v, open), onOpen, onClose };
  // A failure whose button went away with the reload (e.g. someone else claimed it first) is told above the actions.
  const strayError = action.error && !onPage(v, parts.open, action.error.key) ? action.error.message : null;

  return (
    <View className='gk-page case' style={scaleStyle()}>
      {/* While the emergency is open, calling comes first (above the H5 demo bar too); afterwards it stays, below the outcome. */}
      {isOpenCase ? <CaseEmergency view={v} /> : null}

      {justSubmitted && v.forMe.reported ? <Receipt view={v} /> : null}

      {process.env.TARO_ENV === 'h5' ? <DevBar onClockAdvanced={() => reload()} /> : null}

      <CaseStatus view={v} />
      {isOpenCase ? null : <CaseEmergency view={v} />}
      <FollowUp view={v} action={action} part='ask' />

      <MergedInto view={v} />
      <CaseFacts view={v} />

      {strayError ? <Notice kind='error' lines={[strayError]} testId='action-error' /> : null}
      {action.done ? (
        <View id='case-done'>
          <Notice kind='info' lines={[action.done]} testId='action-done' />
        </View>
      ) : null}

      <Claim view={v} action={action} />
      <FollowUp view={v} action={action} part='rest' />
      <ResidentActions {...parts} urgedNow={urgedNow} onUrged={setUrgedNow} justSubmitted={justSubmitted} />
      <HolderActions {...parts} />
      <OfficeActions {...parts} />
      <Merge view={v} action={action} />
      <TransferActions {...parts} />

      <Contact view={v} />
      <Reporter view={v} />
      <Timeline timeline={v.timeline} audience={v.audience} />
    </View>
  );
}
