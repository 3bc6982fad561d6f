import { type ReactNode, useRef, useState } from 'react';
import { Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { ApiResult } from '../../../types/result';
import type { SubscribeAnswer } from '../../../types/api';
import type { CaseView, CategoryView, MeView, PersonRef, Rating, TimelineEntryView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import DevBar from '../../components/dev-bar';
import Notice from '../../components/notice';
import CaseTags from '../../components/case-tags';
import EmergencySheet from '../../components/emergency-sheet';
import {
  addNote,
  assignCase,
  cancelCase,
  claimCase,
  confirmCase,
  escalateCase,
  fetchCase,
  handOverCase,
  recategoriseCase,
  rateCase,
  rejectCase,
  releaseCase,
  reopenCase,
  resolveCase,
  returnToStudio,
  urgeCase,
} from '../../services/cloud';
import { requestSubscribe } from '../../services/subscribe';
import { askConfirm, CONFIRM_FAILED } from '../../lib/confirm';
import { formatClock, formatMonthDayTime, formatTime, sameBeijingDay } from '../../lib/labels';
import { nativeField } from '../../lib/native-field';
import { loadMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: CaseView };

/** The action panels below the case; at most one is open at a time. */
type Panel = 'note' | 'handover' | 'release' | 'escalate' | 'reopen' | 'assign' | 'return' | 'recat' | 'reject';

type Categories = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; list: CategoryView[] };

/** Whether the caller may still do what `panel` does (the case may have changed under them). */
function allowed(v: CaseView, panel: Panel): boolean {
  switch (panel) {
    case 'note':
      return v.can.note;
    case 'handover':
      return v.can.handOver;
    case 'release':
      return v.can.release;
    case 'escalate':
      return v.can.escalate;
    case 'reopen':
      return v.can.reopen;
    case 'assign':
      return v.can.assign;
    case 'return':
      return v.can.returnToStudio;
    case 'recat':
      return v.can.recategorise;
    case 'reject':
      return v.can.reject;
  }
}

/** Tag words for timeline steps that moved the case or added to it. */
const KIND_TAGS: Partial<Record<TimelineEntryView['kind'], string>> = {
  escalated: '上报社区',
  reopened: '重新反映',
  returned: '退回工作室',
  recategorised: '改类别',
  released: '放回',
  'handed-over': '转交',
  assigned: '指派',
  noted: '进展',
  rejected: '不予受理',
  urged: '催一催',
  cancelled: '撤回',
  confirmed: '已确认解决',
  rated: '评价',
};

/** Steps whose tag is red (words first; the colour only adds to them). */
const ALARM_KINDS: ReadonlySet<TimelineEntryView['kind']> = new Set(['escalated', 'rejected']);

/** Words the tags of one timeline step carry; empty for ordinary steps. */
function tagsOf(t: TimelineEntryView): string[] {
  const tags: string[] = [];
  const kindTag = KIND_TAGS[t.kind];
  if (kindTag) tags.push(kindTag);
  if (t.trigger === 'claim-sla' || t.trigger === 'resolve-sla') tags.push('超时自动上报');
  return tags;
}

/** The text field of a panel: its label and example, and the words when it is left empty. */
interface FieldText {
  label: string;
  hint: string;
  placeholder: string;
  empty: string;
  testId: string;
}

/** A question asked before a step that is hard to undo (confirmText ≤ 4 characters, WeChat's limit). */
interface ModalText {
  title: string;
  /** `name` is the picked person's name, where the panel picks one. */
  content: (name: string) => string;
  confirmText: string;
}

/** What each panel shows and sends. */
interface PanelSpec {
  /** Tiles to pick from: a category, a colleague, an office worker. */
  pick?: { kind: 'category' | 'member' | 'worker'; label: string; empty: string; none: string; testIdPrefix: string };
  /** Absent when the panel sends no words (指派). */
  field?: FieldText;
  confirm: string;
  confirmTestId: string;
  busy: string;
  done: (name: string) => string;
  modal?: ModalText;
}

const PANELS: Record<Panel, PanelSpec> = {
  note: {
    field: {
      label: '现在的进展（必须填写）',
      hint: '写写办到哪一步了，会记在下面的“经过”里。',
      placeholder: '例如：已经联系物业，明天上午来修',
      empty: '请先写一下现在的进展，再点“保存进展”。',
      testId: 'note-text',
    },
    confirm: '保存进展',
    confirmTestId: 'note-confirm',
    busy: '正在保存……',
    done: () => '进展已经记下。',
  },
  handover: {
    pick: {
      kind: 'member',
      label: '转给哪位成员？',
      empty: '请先选一位成员（点上面的名字）。',
      none: '现在没有可以转给的成员。',
      testIdPrefix: 'handover-to-',
    },
    field: {
      label: '转交的说明（必须填写）',
      hint: '写清楚办到哪一步了，接手的成员会看到。',
      placeholder: '例如：已经和居民通过电话，明天要上门看看',
      empty: '请先写一下转交的说明，再点“确认转交”。',
      testId: 'handover-note',
    },
    confirm: '确认转交',
    confirmTestId: 'handover-confirm',
    busy: '正在转交……',
    done: (name) => `已经转给${name}。`,
    modal: { title: '转给其他成员', content: (name) => `这件事转给${name}来办，可以吗？`, confirmText: '确定转交' },
  },
  release: {
    field: {
      label: '放回的原因（必须填写）',
      hint: '写清楚为什么放回，本组其他成员会看到。',
      placeholder: '例如：我这几天身体不舒服，办不了',
      empty: '请先写一下放回的原因，再点“确认放回”。',
      testId: 'release-reason',
    },
    confirm: '确认放回',
    confirmTestId: 'release-confirm',
    busy: '正在放回……',
    done: () => '已经放回待认领，本组其他成员可以认领。',
    modal: { title: '放回待认领', content: () => '这件事放回待认领，由别的成员来办，可以吗？', confirmText: '确定放回' },
  },
  escalate: {
    field: {
      label: '上报的原因（必须填写）',
      hint: '写清楚为什么工作室办不了，社区工作人员会看到。',
      placeholder: '例如：要换整栋楼的水管，需要社区出面协调',
      empty: '请先写一下上报的原因，再点“提交上报”。',
      testId: 'escalate-reason',
    },
    confirm: '提交上报',
    confirmTestId: 'escalate-confirm',
    busy: '正在上报……',
    done: () => '已经上报社区。',
    modal: { title: '上报社区', content: () => '这件事交给社区办公室处理，可以吗？', confirmText: '确定上报' },
  },
  reopen: {
    field: {
      label: '哪里还没解决（必须填写）',
      hint: '说说现在还有什么问题，我们会再来处理。',
      placeholder: '例如：水管换了，但是楼下还在渗水',
      empty: '请先写一下哪里还没解决，再点“提交重新反映”。',
      testId: 'reopen-reason',
    },
    confirm: '提交重新反映',
    confirmTestId: 'reopen-confirm',
    busy: '正在提交……',
    done: () => '已经重新反映，会有人再来处理。',
  },
  assign: {
    pick: {
      kind: 'worker',
      label: '交给哪位工作人员？',
      empty: '请先选一位工作人员（点上面的名字）。',
      none: '现在没有可以指派的工作人员。',
      testIdPrefix: 'assign-to-',
    },
    confirm: '确认指派',
    confirmTestId: 'assign-confirm',
    busy: '正在指派……',
    done: (name) => `已经交给${name}。`,
  },
  return: {
    field: {
      label: '退回的说明（必须填写）',
      hint: '写清楚为什么退回、工作室要做什么，值班成员会看到。',
      placeholder: '例如：这件事请工作室先上门看一看',
      empty: '请先写一下退回的说明，再点“确认退回”。',
      testId: 'return-note',
    },
    confirm: '确认退回',
    confirmTestId: 'return-confirm',
    busy: '正在退回……',
    done: () => '已经退回工作室。',
  },
  recat: {
    pick: {
      kind: 'category',
      label: '改成哪一类？',
      empty: '请先选一个新的类别（点上面的方块）。',
      none: '没有可以选的类别。',
      testIdPrefix: 'recat-',
    },
    field: {
      label: '改类别的说明（必须填写）',
      hint: '写清楚为什么改，改了以后会重新分派。',
      placeholder: '例如：是楼道灯坏了，不是家里的电',
      empty: '请先写一下改类别的说明，再点“确认改类别”。',
      testId: 'recat-note',
    },
    confirm: '确认改类别',
    confirmTestId: 'recat-confirm',
    busy: '正在修改……',
    done: () => '类别已经改好，已重新分派。',
  },
  reject: {
    field: {
      label: '不予受理的原因（必须填写）',
      hint: '居民会看到这个原因，请写得客气、清楚。',
      placeholder: '例如：反映的内容与社区事务无关',
      empty: '请先写一下不予受理的原因，再点“确认不予受理”。',
      testId: 'reject-reason',
    },
    confirm: '确认不予受理',
    confirmTestId: 'reject-confirm',
    busy: '正在提交……',
    done: () => '已经不予受理，居民会看到原因。',
    // NOTE: WeChat allows at most 4 characters on the dialog's button, so the question carries 「确定不予受理」.
    modal: { title: '确定不予受理？', content: () => '不予受理后这件事就结束了，居民会看到原因。', confirmText: '不予受理' },
  },
};

/** The three things a resident rates, each 1–5 stars. */
type RatingKey = 'result' | 'speed' | 'attitude';
const RATING_ROWS: Array<{ key: RatingKey; label: string }> = [
  { key: 'result', label: '办事结果' },
  { key: 'speed', label: '办事速度' },
  { key: 'attitude', label: '服务态度' },
];
const STARS = [1, 2, 3, 4, 5];
type Stars = Record<RatingKey, number | null>;
const NO_STARS: Stars = { result: null, speed: null, attitude: null };

/** "★★★★☆ 4星": the glyphs for the eye, the number in words. */
function starsText(n: number): string {
  return `${'★'.repeat(n)}${'☆'.repeat(Math.max(0, 5 - n))} ${n}星`;
}

/** 「15点05分后可以再催」, with the date in front when it is another day than the last urge. */
function urgeWaitText(urge: CaseView['urge']): string | null {
  if (!urge.next) return null;
  const day = urge.last && sameBeijingDay(urge.last, urge.next) ? '' : `${formatMonthDayTime(urge.next).split(' ')[0]} `;
  return `${day}${formatClock(urge.next)}后可以再催`;
}

/** The person who reported the case (the first step's actor). */
function reporterIdOf(v: CaseView): string | null {
  return v.timeline.find((t) => t.kind === 'submitted')?.by?.id ?? null;
}

/** "张大爷（138****）": the person a 代办 case was filed for. */
function filedForText(f: { name: string; phone: string }): string {
  return f.phone ? `代办：为 ${f.name}（${f.phone}）登记` : `代办：为 ${f.name} 登记`;
}

/** One case: where it stands in plain words, who holds it and why, and what I may do now. */
export default function CasePage() {
  const { params } = useRouter();
  const caseId = params.id ? decodeURIComponent(params.id) : '';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [actionDone, setActionDone] = useState<string | null>(null);
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const [acting, setActing] = useState(false);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [panelText, setPanelText] = useState('');
  /** The open panel's picked tile: a category (改类别), a colleague (转交) or an office worker (指派). */
  const [pickId, setPickId] = useState<string | null>(null);
  const [categories, setCategories] = useState<Categories>({ state: 'loading' });
  const busy = useRef(false);
  /** The caller (loadMe's cache): the reopen tap's subscribe templates, and whether I reported this case. */
  const [me, setMe] = useState<MeView | null>(null);
  /** 「已提醒处理人」 right where 催一催 was, until the page is shown again. */
  const [urgedNow, setUrgedNow] = useState(false);
  const [rateOpen, setRateOpen] = useState(false);
  const [stars, setStars] = useState<Stars>(NO_STARS);
  const [rateComment, setRateComment] = useState('');

  const reload = async (keepError = false) => {
    if (!caseId) {
      setLoad({ state: 'failed', message: '没有找到这件事项。' });
      return;
    }
    const res = await fetchCase(caseId);
    if (!keepError) setActionError(null);
    setLoad(res.ok ? { state: 'ready', view: res.data } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    setUrgedNow(false);
    reload();
    loadMe().then((res) => {
      if (res.ok) setMe(res.data);
    });
  });

  const fetchCategories = async () => {
    setCategories({ state: 'loading' });
    const res = await loadMe();
    setCategories(res.ok ? { state: 'ready', list: res.data.categories } : { state: 'failed', message: res.error.message });
  };

  const openPanel = (next: Panel) => {
    if (busy.current) return;
    setActionError(null);
    setActionDone(null);
    setRateOpen(false);
    if (panel !== next) {
      setPanel(next);
      setPanelText('');
      setPickId(null);
    }
    if (next === 'recat' && categories.state !== 'ready') fetchCategories();
  };

  const closePanel = () => {
    if (busy.current) return;
    setPanel(null);
    setPanelText('');
    setPickId(null);
    setActionError(null);
  };

  const onClaim = async () => {
    if (busy.current) return;
    busy.current = true;
    setActing(true);
    setActionError(null);
    setActionDone(null);
    const res = await claimCase(caseId);
    if (res.ok) {
      setLoad({ state: 'ready', view: res.data });
    } else {
      // e.g. another member claimed it first: say so, and show the case as it is now.
      setActionError(res.error.message);
      await reload(true);
    }
    busy.current = false;
    setActing(false);
  };

  const onResolve = async () => {
    if (busy.current) return;
    const text = note.trim();
    setActionError(null);
    setActionDone(null);
    if (!text) {
      setNoteProblem('请先写一下办理结果，再点“办结”。');
      return;
    }
    setNoteProblem(null);
    busy.current = true;
    setActing(true);
    const { confirm } = await Taro.showModal({
      title: '确认办结',
      content: '这件事已经办好了吗？办结后居民会收到通知。',
      confirmText: '办好了',
      cancelText: '还没有',
    });
    if (confirm) {
      const res = await resolveCase(caseId, text);
      if (res.ok) {
        setLoad({ state: 'ready', view: res.data });
        setNote('');
      } else {
        setActionError(res.error.message);
        await reload(true);
      }
    }
    busy.current = false;
    setActing(false);
  };

  /** A resident's step with nothing to type (催一催 / 撤回 / 问题解决了): send it, show the case as it is now. */
  const runStep = async (step: () => Promise<ApiResult<CaseView>>, done: string | null): Promise<boolean> => {
    busy.current = true;
    setActing(true);
    setActionError(null);
    setActionDone(null);
    const res = await step();
    if (res.ok) {
      setLoad({ state: 'ready', view: res.data });
      if (done) setActionDone(done);
    } else {
      setActionError(res.error.message);
      await reload(true);
    }
    busy.current = false;
    setActing(false);
    return res.ok;
  };

  const onUrge = async () => {
    if (busy.current) return;
    setUrgedNow(false);
    if (await runStep(() => urgeCase(caseId), null)) setUrgedNow(true);
  };

  const onCancelCase = async () => {
    if (busy.current) return;
    setActionError(null);
    setActionDone(null);
    busy.current = true;
    setActing(true);
    const answer = await askConfirm({
      title: '撤回这件事',
      content: '撤回以后就没有人来处理了。确定要撤回吗？',
      confirmText: '撤回',
      cancelText: '不撤回',
    });
    busy.current = false;
    setActing(false);
    if (answer === 'failed') setActionError(CONFIRM_FAILED);
    if (answer === 'yes') await runStep(() => cancelCase(caseId), '已经撤回了。以后有事可以再反映。');
  };

  const onConfirmSolved = () => {
    if (busy.current) return;
    runStep(() => confirmCase(caseId), '谢谢您！已经记下：问题解决了。');
  };

  const onOpenRate = () => {
    if (busy.current) return;
    setActionError(null);
    setActionDone(null);
    setPanel(null);
    setRateOpen(!rateOpen);
  };

  const closeRate = () => {
    if (busy.current) return;
    setRateOpen(false);
    setStars(NO_STARS);
    setRateComment('');
    setActionError(null);
  };

  const onRateConfirm = async () => {
    if (busy.current) return;
    const { result, speed, attitude } = stars;
    if (result === null || speed === null || attitude === null) {
      setActionError('请三项都选一下星星（点星星就行），再点“提交评价”。');
      return;
    }
    if (await runStep(() => rateCase(caseId, { result, speed, attitude, comment: rateComment }), '谢谢您的评价！')) {
      setRateOpen(false);
      setStars(NO_STARS);
      setRateComment('');
    }
  };

  const onPreviewPhoto = (urls: string[], i: number) => {
    Taro.previewImage({ urls, current: urls[i] }).catch(() => undefined);
  };

  const onCallResident = (phone: string) => {
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  };

  /** The people a panel's tiles offer, from the CaseView itself (no extra call). */
  const peopleOf = (v: CaseView, which: Panel): PersonRef[] => (which === 'handover' ? v.handOverCandidates : which === 'assign' ? v.assignees : []);

  /** Send the open panel's step; resolves with the case as it is afterwards. */
  const send = (which: Panel, text: string, pick: string, subscriptions?: Record<string, SubscribeAnswer>): Promise<ApiResult<CaseView>> => {
    switch (which) {
      case 'note':
        return addNote(caseId, text);
      case 'handover':
        return handOverCase(caseId, pick, text);
      case 'release':
        return releaseCase(caseId, text);
      case 'escalate':
        return escalateCase(caseId, text);
      case 'reopen':
        return reopenCase(caseId, text, subscriptions);
      case 'assign':
        return assignCase(caseId, pick);
      case 'return':
        return returnToStudio(caseId, text);
      case 'recat':
        return recategoriseCase(caseId, pick, text);
      case 'reject':
        return rejectCase(caseId, text);
    }
  };

  /** The open panel's confirm button: check the pick and the words, ask where asked, send, show the case as it is now. */
  const onPanelConfirm = async () => {
    if (busy.current || !panel || load.state !== 'ready') return;
    const which = panel;
    const spec = PANELS[which];
    const v = load.view;
    const text = panelText.trim();
    setActionError(null);
    setActionDone(null);
    if (spec.pick && !pickId) {
      setActionError(spec.pick.empty);
      return;
    }
    if (which === 'recat' && categories.state === 'ready' && pickId === v.categoryId) {
      setActionError('这就是现在的类别，请选另一类。');
      return;
    }
    if (spec.field && !text) {
      setActionError(spec.field.empty);
      return;
    }
    const pickedName = peopleOf(v, which).find((p) => p.id === pickId)?.name ?? '';
    busy.current = true;
    setActing(true);
    // NOTE: WeChat shows the subscribe prompt only when asked synchronously inside the tap: start it before any await.
    const subscribing = which === 'reopen' && me ? requestSubscribe(me.subscribe?.onReopen ?? []) : null;
    let go = true;
    if (spec.modal) {
      const answer = await askConfirm({
        title: spec.modal.title,
        content: spec.modal.content(pickedName),
        confirmText: spec.modal.confirmText,
        cancelText: '再想想',
      });
      if (answer === 'failed') setActionError(CONFIRM_FAILED);
      go = answer === 'yes';
    }
    if (go) {
      const res = await send(which, text, pickId ?? '', subscribing ? await subscribing : undefined);
      if (res.ok) {
        setLoad({ state: 'ready', view: res.data });
        setPanel(null);
        setPanelText('');
        setPickId(null);
        setActionDone(spec.done(pickedName));
      } else {
        // Shown in the panel if it is still there after the reload, else at the top (see errorInPanel below).
        setActionError(res.error.message);
        await reload(true);
      }
    }
    busy.current = false;
    setActing(false);
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
  const place = v.placeText;
  const openPanelNow = panel && allowed(v, panel) ? panel : null;
  const rateOpenNow = rateOpen && v.can.rate;
  // One place for the error line: inside the open panel, else at the top.
  const errorInPanel = openPanelNow !== null || rateOpenNow;
  // 「15点05分后可以再催」: only for the person who reported it, while the case is open and it is too soon (the server's
  // can.urge already compares with its own clock, so the phone's clock is not asked).
  const isOpenCase = v.status === 'pending' || v.status === 'claimed';
  const iReported = me !== null && reporterIdOf(v) === me.openid;
  const urgeWait = isOpenCase && iReported && !v.can.urge ? urgeWaitText(v.urge) : null;
  const errorNotice = actionError ? <Notice kind='error' lines={[actionError]} testId='action-error' /> : null;

  /** A tile to pick: a colleague, an office worker or a category. */
  const tile = (id: string, testId: string, children: ReactNode) => {
    const on = id === pickId;
    return (
      <View
        key={id}
        className={`case__cat-tile case__pick-tile${on ? ' case__cat-tile--on' : ''}`}
        role='button'
        tabIndex={0}
        aria-pressed={on ? 'true' : 'false'}
        data-testid={testId}
        onClick={() => {
          setPickId(id);
          setActionError(null);
        }}
      >
        {children}
        {on ? <Text className='case__cat-mark'>✓ 已选</Text> : null}
      </View>
    );
  };

  /** The tiles of a panel that picks something. */
  const renderPick = (which: Panel, pick: NonNullable<PanelSpec['pick']>) => {
    const labelId = `case-${which}-pick-label`;
    if (pick.kind === 'category') {
      return (
        <View>
          <Text className='gk-label case__panel-first' id={labelId}>
            {pick.label}
          </Text>
          {categories.state === 'loading' ? <Text className='gk-text gk-muted'>正在读取类别，请稍等……</Text> : null}
          {categories.state === 'failed' ? (
            <View>
              <Notice kind='error' lines={[categories.message]} />
              <BigButton text='再试一次' variant='secondary' size='small' onTap={fetchCategories} />
            </View>
          ) : null}
          {categories.state === 'ready' ? (
            <View className='gk-tiles' role='group' aria-labelledby={labelId}>
              {categories.list.map((c) =>
                tile(
                  c.id,
                  `${pick.testIdPrefix}${c.id}`,
                  <View>
                    <Text className='case__cat-icon' aria-hidden='true'>
                      {c.icon}
                    </Text>
                    <Text className='case__cat-name'>{c.name}</Text>
                    {c.id === v.categoryId ? <Text className='case__cat-note'>现在的类别</Text> : null}
                  </View>,
                ),
              )}
            </View>
          ) : null}
        </View>
      );
    }
    const people = peopleOf(v, which);
    return (
      <View>
        <Text className='gk-label case__panel-first' id={labelId}>
          {pick.label}
        </Text>
        {people.length === 0 ? <Text className='gk-empty'>{pick.none}</Text> : null}
        <View className='gk-tiles' role='group' aria-labelledby={labelId}>
          {people.map((p) => tile(p.id, `${pick.testIdPrefix}${p.id}`, <Text className='case__cat-name'>{p.name}</Text>))}
        </View>
      </View>
    );
  };

  /** The tiles, field, confirm and cancel of the open panel. */
  const renderPanel = (which: Panel) => {
    if (openPanelNow !== which) return null;
    const spec = PANELS[which];
    const field = spec.field;
    return (
      <View className='case__panel' data-testid={`panel-${which}`}>
        {spec.pick ? renderPick(which, spec.pick) : null}
        {field ? (
          <View>
            <Text className={`gk-label${spec.pick ? '' : ' case__panel-first'}`}>{field.label}</Text>
            <Text className='gk-hint'>{field.hint}</Text>
            <Textarea
              className='gk-textarea'
              value={panelText}
              maxlength={500}
              placeholder={field.placeholder}
              placeholderClass='gk-placeholder'
              onInput={(e) => {
                setPanelText(e.detail.value);
                if (actionError) setActionError(null);
              }}
              nativeProps={nativeField(field.testId, field.label)}
            />
          </View>
        ) : null}
        {errorInPanel ? errorNotice : null}
        <BigButton text={acting ? spec.busy : spec.confirm} disabled={acting} testId={spec.confirmTestId} onTap={onPanelConfirm} />
        <View className='case__panel-cancel'>
          <BigButton text='取消' variant='secondary' size='small' disabled={acting} testId={`cancel-${which}`} onTap={closePanel} />
        </View>
      </View>
    );
  };

  /** A big secondary button that opens `which`, with its panel right below it. */
  const opener = (which: Panel, text: string, testId: string) => (
    <View className='case__action'>
      <BigButton text={text} variant='secondary' disabled={acting} expanded={openPanelNow === which} testId={testId} onTap={() => openPanel(which)} />
      {renderPanel(which)}
    </View>
  );

  /** 评价: three rows of five stars (the chosen count also in words), an optional comment, confirm and cancel. */
  const renderRate = () => (
    <View className='case__panel' data-testid='panel-rate'>
      {RATING_ROWS.map(({ key, label }) => {
        const chosen = stars[key];
        const labelId = `case-rate-${key}-label`;
        return (
          <View key={key}>
            <Text className='gk-label case__panel-first' id={labelId}>
              {label}
            </Text>
            <View className='case__stars' role='group' aria-labelledby={labelId}>
              {STARS.map((n) => {
                const lit = chosen !== null && n <= chosen;
                return (
                  <View
                    key={n}
                    className={`case__star${lit ? ' case__star--on' : ''}`}
                    role='button'
                    tabIndex={0}
                    aria-pressed={chosen === n ? 'true' : 'false'}
                    aria-label={`${n}星`}
                    data-testid={`star-${key}-${n}`}
                    onClick={() => {
                      setStars((old) => ({ ...old, [key]: n }));
                      setActionError(null);
                    }}
                  >
                    <Text className='case__star-glyph' aria-hidden='true'>
                      {lit ? '★' : '☆'}
                    </Text>
                    <Text className='case__star-num' aria-hidden='true'>
                      {n}
                    </Text>
                  </View>
                );
              })}
              <Text className='case__star-words' data-testid={`stars-${key}`}>
                {chosen === null ? '还没选' : `${chosen}星`}
              </Text>
            </View>
          </View>
        );
      })}
      <Text className='gk-label'>还想说的话（可以不写）</Text>
      <Textarea
        className='gk-textarea'
        value={rateComment}
        maxlength={300}
        placeholder='例如：来得很快，态度很好'
        placeholderClass='gk-placeholder'
        onInput={(e) => setRateComment(e.detail.value)}
        nativeProps={nativeField('rate-comment', '还想说的话（可以不写）')}
      />
      {errorNotice}
      <BigButton text={acting ? '正在提交……' : '提交评价'} disabled={acting} testId='rate-confirm' onTap={onRateConfirm} />
      <View className='case__panel-cancel'>
        <BigButton text='取消' variant='secondary' size='small' disabled={acting} testId='cancel-rate' onTap={closeRate} />
      </View>
    </View>
  );

  /** The resident's rating, in words (the stars only add to them). */
  const renderRating = (r: Rating) => (
    <View className='gk-card' data-testid='case-rating'>
      <Text className='gk-heading case__first-heading'>居民的评价</Text>
      {RATING_ROWS.map(({ key, label }) => (
        <Text key={key} className='gk-text'>
          {label}：<Text aria-hidden='true'>{starsText(r[key]).split(' ')[0]} </Text>
          {r[key]}星
        </Text>
      ))}
      {r.comment ? <Text className='gk-text case__description'>还想说的话：{r.comment}</Text> : null}
    </View>
  );

  // An emergency category (gas smell, fire…): the call buttons stay on the case page. The category comes from the
  // configuration's list (MeView); until that is read, the first routing rule says it.
  const caseCategory = me?.categories.find((c) => c.id === v.categoryId);
  const emergency = caseCategory ? caseCategory.emergency : v.routing.rule === 'emergency';
  // The office needs no button to ring itself.
  const sos = emergency ? (
    <EmergencySheet officePhone={me && me.role !== 'office' ? me.officePhone : undefined} headingId='case-emergency-heading' testId='case-emergency' />
  ) : null;

  const can = v.can;
  const anyAction = can.note || can.handOver || can.release || can.escalate || can.reopen || can.assign || can.returnToStudio || can.recategorise || can.reject;

  return (
    <View className='gk-page case' style={scaleStyle()}>
      {/* While the emergency is open, calling comes first (above the H5 demo bar too); afterwards it stays, below the outcome. */}
      {isOpenCase ? sos : null}

      {process.env.TARO_ENV === 'h5' ? <DevBar onClockAdvanced={() => reload()} /> : null}

      <View className={`case__status case__status--${v.status}`}>
        <Text className='case__status-label'>现在的情况</Text>
        <Text className='case__status-text' data-testid='case-status'>
          {v.statusText}
        </Text>
        <CaseTags c={v} />
        <Text className='gk-text gk-code'>事项编号：{v.code}</Text>
        {v.reopenCount > 0 ? (
          <Text className='gk-text' data-testid='case-reopen-count'>
            居民已重新反映 {v.reopenCount} 次
          </Text>
        ) : null}
      </View>

      {isOpenCase ? null : sos}

      {v.filedFor ? (
        <Text className='case__filed-for' data-testid='filed-for'>
          {filedForText(v.filedFor)}
        </Text>
      ) : null}

      {errorInPanel ? null : errorNotice}
      {actionDone ? <Notice kind='info' lines={[actionDone]} testId='action-done' /> : null}

      {v.rejection ? (
        <View className='gk-card case__rejection' data-testid='case-rejection'>
          <Text className='gk-heading case__first-heading'>不予受理的原因</Text>
          <Text className='gk-text'>{v.rejection.reason}</Text>
          <Text className='gk-text gk-muted'>
            {v.rejection.by.name}　{formatTime(v.rejection.at)}
          </Text>
        </View>
      ) : null}

      <View className='gk-card'>
        <Text className='gk-heading case__first-heading'>现在由谁处理</Text>
        <Text className='case__holder' data-testid='case-holder'>
          {v.holderText}
        </Text>
        {v.expectation ? (
          <Text className='case__expectation' data-testid='case-expectation'>
            {v.expectation.text}
          </Text>
        ) : null}
        <Text className='gk-text gk-muted' data-testid='case-reason'>
          {v.routing.reason}
        </Text>
      </View>

      {can.urge ? <BigButton text='催一催' sub='提醒处理人快一点' disabled={acting} testId='urge-button' onTap={onUrge} /> : null}
      {urgedNow ? <Notice kind='info' lines={['已提醒处理人，请再耐心等一等。']} testId='urge-done' /> : null}
      {urgeWait ? (
        <Text className='case__urge-wait' data-testid='urge-wait'>
          {urgeWait}
        </Text>
      ) : null}
      {can.cancel ? (
        <BigButton text='撤回' sub='不用办了，把这件事撤回' variant='secondary' disabled={acting} testId='cancel-button' onTap={onCancelCase} />
      ) : null}

      {v.canCall && v.contactPhone ? (
        <BigButton
          text='打电话给居民'
          sub={`${v.residentName}　${v.contactPhone}`}
          label={`打电话给居民${v.residentName}，${v.contactPhone}`}
          testId='call-resident'
          onTap={() => onCallResident(v.contactPhone)}
        />
      ) : null}

      {v.can.claim ? <BigButton text={acting ? '正在认领……' : '我来处理'} disabled={acting} testId='claim-button' onTap={onClaim} /> : null}

      {v.can.resolve ? (
        <View className='gk-section'>
          <Text className='gk-label'>办理结果（必须填写）</Text>
          <Text className='gk-hint'>写清楚怎么办好的，居民会看到。</Text>
          <Textarea
            className='gk-textarea'
            value={note}
            maxlength={500}
            placeholder='例如：已请物业换好水管，不再漏水'
            placeholderClass='gk-placeholder'
            onInput={(e) => {
              setNote(e.detail.value);
              if (noteProblem) setNoteProblem(null);
            }}
            nativeProps={nativeField('resolution-note', '办理结果（必须填写）')}
          />
          <Text className='gk-hint' data-testid='photo-later'>
            拍照片的功能以后会加上，现在请先用文字写清楚。
          </Text>
          {noteProblem ? <Notice kind='error' lines={[noteProblem]} testId='resolution-error' /> : null}
          <BigButton text={acting ? '正在提交……' : '办结'} disabled={acting} testId='resolve-button' onTap={onResolve} />
        </View>
      ) : null}

      {v.resolution ? (
        <View className='gk-card case__resolution' data-testid='case-resolution'>
          <Text className='gk-heading case__first-heading'>办理结果</Text>
          <Text className='gk-text'>{v.resolution.note}</Text>
          <Text className='gk-text gk-muted'>
            {v.resolution.by.name}　{formatTime(v.resolution.at)}
          </Text>
        </View>
      ) : null}

      {v.confirmedAt ? (
        <Text className='case__confirmed' data-testid='case-confirmed'>
          ✓ 已确认问题解决了（{formatTime(v.confirmedAt)}）
        </Text>
      ) : null}
      {can.confirm ? <BigButton text='问题解决了' sub='点一下告诉我们，谢谢' disabled={acting} testId='confirm-button' onTap={onConfirmSolved} /> : null}
      {can.rate ? (
        <View className='case__action'>
          <BigButton
            text='评价一下'
            sub='给这次办事打个分'
            variant='secondary'
            disabled={acting}
            expanded={rateOpenNow}
            testId='rate-button'
            onTap={onOpenRate}
          />
          {rateOpenNow ? renderRate() : null}
        </View>
      ) : null}
      {v.rating ? renderRating(v.rating) : null}

      {anyAction ? (
        <View className='gk-section case__actions'>
          {can.note ? opener('note', '写进展', 'note-button') : null}
          {can.handOver ? opener('handover', '转给其他成员', 'handover-button') : null}
          {can.release ? opener('release', '放回待认领', 'release-button') : null}
          {can.reopen ? opener('reopen', '还没解决，重新反映', 'reopen-button') : null}
          {can.escalate ? opener('escalate', '上报社区', 'escalate-button') : null}
          {can.assign ? opener('assign', '交给社区工作人员', 'assign-button') : null}
          {can.returnToStudio ? opener('return', '退回工作室', 'return-button') : null}
          {can.recategorise ? opener('recat', '改类别', 'recategorise-button') : null}
          {can.reject ? opener('reject', '不予受理', 'reject-button') : null}
        </View>
      ) : null}

      <Text className='gk-heading'>事情</Text>
      <View className='gk-card'>
        <Text className='gk-text'>类别：{v.categoryName}</Text>
        <Text className='gk-text'>地点：{place}</Text>
        {v.redacted ? (
          <Text className='gk-text case__redacted' data-testid='case-redacted'>
            涉及隐私，认领后可以看到详情
          </Text>
        ) : (
          <Text className='gk-text case__description'>{v.description}</Text>
        )}
        {v.photos.length > 0 ? (
          <View>
            <View className='case__photos' role='group' aria-label='照片'>
              {v.photos.map((url, i) => (
                <View
                  key={`${i}-${url}`}
                  className='case__photo'
                  role='button'
                  tabIndex={0}
                  aria-label={`第${i + 1}张照片，点一下看大图`}
                  data-testid={`case-photo-${i}`}
                  onClick={() => onPreviewPhoto(v.photos, i)}
                >
                  <Image
                    className='case__photo-img'
                    src={url}
                    mode='aspectFit'
                    nativeProps={process.env.TARO_ENV === 'h5' ? { alt: `第${i + 1}张照片` } : undefined}
                  />
                </View>
              ))}
            </View>
            <Text className='gk-hint'>点照片可以看大图。</Text>
          </View>
        ) : null}
      </View>

      <Text className='gk-heading'>反映人</Text>
      <View className='gk-card'>
        <Text className='gk-text'>姓名：{v.residentName}</Text>
        <Text className='gk-text gk-code' data-testid='resident-phone'>
          电话：{v.contactPhone || '没有留电话'}
        </Text>
      </View>

      <Text className='gk-heading'>经过</Text>
      <View className='case__timeline' data-testid='case-timeline'>
        {v.timeline.map((t, i) => {
          const tags = tagsOf(t);
          return (
            <View key={`${t.at}-${i}`} className={`case__step${tags.length > 0 ? ` case__step--moved case__step--${t.kind}` : ''}`} data-kind={t.kind}>
              <Text className='case__step-time'>{formatTime(t.at)}</Text>
              {tags.length > 0 ? (
                <View className='case__step-tags'>
                  {tags.map((tag) => (
                    <Text key={tag} className={`gk-tag case__step-tag${tag === '超时自动上报' || ALARM_KINDS.has(t.kind) ? ' gk-tag--alarm' : ''}`}>
                      {tag}
                    </Text>
                  ))}
                </View>
              ) : null}
              <Text className='gk-text'>{t.text}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
