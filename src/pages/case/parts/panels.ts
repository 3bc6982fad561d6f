/** What each action panel of the case page shows and sends: the text field, the tiles to pick from, the question. */
import type { QuickReplyStep } from '../../../../types/config';
import type { CaseView, CategoryView, PersonRef } from '../../../../types/domain';

/** The action panels below the case; at most one is open at a time. */
export type Panel = 'note' | 'handover' | 'release' | 'escalate' | 'reopen' | 'assign' | 'return' | 'recat' | 'reject' | 'transferOutcome';

export type Categories = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; list: CategoryView[] };

/** The permission flag behind each panel. */
const PANEL_FLAG: Record<Panel, keyof CaseView['can']> = {
  note: 'note',
  handover: 'handOver',
  release: 'release',
  escalate: 'escalate',
  reopen: 'reopen',
  assign: 'assign',
  return: 'returnToStudio',
  recat: 'recategorise',
  reject: 'reject',
  transferOutcome: 'transferOutcome',
};

/** Whether the caller may still do what `panel` does (the case may have changed under them). */
export function allowed(v: CaseView, panel: Panel): boolean {
  return v.can[PANEL_FLAG[panel]];
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
export interface PanelSpec {
  /** The words and test id of the secondary button that opens the panel. */
  opener: { text: string; testId: string };
  /** Tiles to pick from: a category, a colleague, an office worker. */
  pick?: { kind: 'category' | 'member' | 'worker'; label: string; empty: string; none: string; testIdPrefix: string };
  /** Absent when the panel sends no words (指派). */
  field?: FieldText;
  confirm: string;
  confirmTestId: string;
  busy: string;
  done: (name: string) => string;
  modal?: ModalText;
  /** Whose 常用语 are offered above the text field (the admin's lists, MeView.quickReplies). */
  quickStep?: QuickReplyStep;
}

export const PANELS: Record<Panel, PanelSpec> = {
  note: {
    quickStep: 'note',
    opener: { text: '写进展', testId: 'note-button' },
    field: {
      label: '现在的进展（写字，或者在下面按住说）',
      hint: '写写办到哪一步了，会记在下面的“经过”里。',
      placeholder: '例如：已经联系物业，明天上午来修',
      empty: '请说一段话或写几个字，再点“保存进展”。',
      testId: 'note-text',
    },
    confirm: '保存进展',
    confirmTestId: 'note-confirm',
    busy: '正在保存……',
    done: () => '进展已经记下。',
  },
  handover: {
    quickStep: 'handOver',
    opener: { text: '转给其他成员', testId: 'handover-button' },
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
    quickStep: 'release',
    opener: { text: '放回待认领', testId: 'release-button' },
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
    quickStep: 'escalate',
    opener: { text: '上报社区', testId: 'escalate-button' },
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
    opener: { text: '还没解决，重新反映', testId: 'reopen-button' },
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
    opener: { text: '交给社区工作人员', testId: 'assign-button' },
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
    opener: { text: '退回工作室', testId: 'return-button' },
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
    opener: { text: '改类别', testId: 'recategorise-button' },
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
    opener: { text: '不予受理', testId: 'reject-button' },
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
  // 转办's outcome (the hand-over itself has its own form: parts/transfer.tsx).
  transferOutcome: {
    opener: { text: '记下外单位的办理结果', testId: 'transfer-outcome-button' },
    field: {
      label: '外单位是怎么办的（必须填写）',
      hint: '写清楚对方办了什么。记下后这件事就办结了，居民会收到通知。',
      placeholder: '例如：物业已经换了新的总水管，不漏了',
      empty: '请先写一下外单位的办理结果，再点“确认办结”。',
      testId: 'transfer-outcome',
    },
    confirm: '确认办结',
    confirmTestId: 'transfer-outcome-confirm',
    busy: '正在保存……',
    done: () => '办理结果已经记下，这件事办结了。',
  },
};

/** The people a panel's tiles offer, from the CaseView itself (no extra call). */
export function peopleOf(v: CaseView, which: Panel): PersonRef[] {
  return which === 'handover' ? v.handOverCandidates : which === 'assign' ? v.assignees : [];
}
