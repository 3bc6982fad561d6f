/**
 * Who may do what, as data, enforced in one place.
 *
 * A person acting on a case is first classified as a Subject (anonymous, the resident who reported it, another
 * resident, a member on duty / off duty / on leave, office, admin). PERMISSIONS gives, per action and subject,
 * either nothing (refused) or the Relation the person must have to the case. State preconditions (a claim needs a
 * case waiting in a studio pool, …) are checked by the transitions themselves; STATE below mirrors them so the
 * pages can show only the buttons that will work.
 * NOTE: this table is the single source of authorisation; use cases call `authorize`, views call `can`.
 */
import type { Case } from './Case';
import { callBackOpen, isOpen } from './Case';
import type { CommunityConfig, Person } from './community';
import { onLeave } from './community';
import { CaseNotFoundError, ForbiddenError, NotOnDutyError, NotSignedInError } from './errors';
import { dutyShiftAt, localDate, onDuty } from './rota';

export type Subject =
  | 'anonymous'
  | 'resident' // a resident; for a case: the one who reported it
  | 'other-resident' // a resident who did not report this case
  | 'follower' // a resident who joined this case (「是这件事，一起等结果」) or whose case was merged into it
  | 'member-on-duty' // a member whose group is on duty now, not on leave
  | 'member-off-duty' // a member whose group is not on duty now
  | 'member-on-leave' // a member on leave today
  | 'office'
  | 'admin';

/** What a person must be to the case for a cell to allow the action. */
export type Relation =
  | 'any' // nothing more
  | 'reporter' // filed it (a member filing on behalf of a resident)
  | 'holder' // holds it now
  | 'pool-group' // it waits in the studio's pool and the person's group is responsible for it now (交接班)
  | 'pool-group-or-holder'
  | 'holder-or-at-office' // holds it now, or it waits in the office's queue (the office may 办结 it straight away)
  | 'reporter-elsewhere' // filed it, and neither they nor their group has it now (催一催 is for someone else's work)
  | 'call-taker' // took the case's call-back task (回访 by phone)
  | 'involved'; // it waits in the studio's pool, or is routed to the person's group, or they acted on it, or filed it

export type Action =
  | 'submit'
  | 'submitOnBehalf'
  | 'view'
  | 'claim'
  | 'resolve'
  | 'note'
  | 'release'
  | 'handOver'
  | 'escalate'
  | 'reopen'
  | 'returnToStudio'
  | 'recategorise'
  | 'assign'
  | 'reject'
  | 'dutyBoard'
  | 'handled'
  | 'officeQueues'
  | 'dashboard'
  | 'reports'
  | 'urge'
  | 'cancel'
  | 'confirm'
  | 'rate'
  | 'similar'
  | 'follow'
  | 'merge'
  | 'transfer'
  | 'transferOutcome'
  | 'closeSupervision'
  | 'followUp'
  | 'takeCallBack'
  | 'recordCallBack'
  | 'administer'
  | 'serviceRecord'
  | 'savePlaces';

const members = (r: Relation) => ({ 'member-on-duty': r, 'member-off-duty': r, 'member-on-leave': r }) as const;
const staff = { office: 'any', admin: 'any' } as const;

/** The role × action table. A missing cell means refused. */
export const PERMISSIONS: Record<Action, Partial<Record<Subject, Relation>>> = {
  submit: { resident: 'any', 'other-resident': 'any', ...members('any'), ...staff },
  submitOnBehalf: { 'member-on-duty': 'any', 'member-off-duty': 'any', ...staff },
  // A follower reads the case like its reporter (without the reporter's name and phone: views.ts) and acts on nothing:
  // 催一催, 撤回, 确认, 评价 and 重新反映 stay the reporter's.
  view: { resident: 'any', follower: 'any', ...members('involved'), ...staff },
  claim: { 'member-on-duty': 'pool-group' },
  resolve: { ...members('holder'), office: 'holder-or-at-office', admin: 'holder-or-at-office' },
  note: { ...members('holder'), office: 'holder', admin: 'holder' },
  release: members('holder'),
  handOver: members('holder'),
  escalate: { 'member-on-duty': 'pool-group-or-holder', 'member-off-duty': 'holder', 'member-on-leave': 'holder' },
  reopen: { resident: 'any', ...members('reporter'), office: 'reporter', admin: 'reporter' },
  returnToStudio: staff,
  recategorise: staff,
  assign: staff,
  reject: staff,
  dutyBoard: members('any'),
  handled: members('any'),
  officeQueues: staff,
  dashboard: staff,
  // 通报: the office and admin list, open and make them.
  reports: staff,
  // The reporter's own actions (a member or office worker who filed it counts as its reporter).
  urge: { resident: 'any', ...members('reporter-elsewhere'), office: 'reporter', admin: 'reporter' },
  cancel: { resident: 'any', ...members('reporter'), office: 'reporter', admin: 'reporter' },
  confirm: { resident: 'any', ...members('reporter'), office: 'reporter', admin: 'reporter' },
  rate: { resident: 'any', ...members('reporter'), office: 'reporter', admin: 'reporter' },
  // 「是不是这件事？」 before a report: asked by whoever may report (only residents are offered a case: usecases/duplicates.ts).
  similar: { resident: 'any', 'other-resident': 'any', ...members('any'), ...staff },
  // 「是这件事，一起等结果」: another resident joins (a second join, or the reporter's, changes nothing).
  follow: { resident: 'any', 'other-resident': 'any', follower: 'any' },
  // Merging a duplicate into the kept case: members who may see both, and the office.
  merge: { ...members('involved'), ...staff },
  // 回访: the reporter answers; unanswered, a duty member on duty (or the office) takes the call-back task and records it.
  followUp: { resident: 'any', ...members('reporter'), office: 'reporter', admin: 'reporter' },
  takeCallBack: { 'member-on-duty': 'any', ...staff },
  recordCallBack: { ...members('call-taker'), office: 'call-taker', admin: 'call-taker' },
  administer: { admin: 'any' },
  // 转办 and its outcome: the office, on a case in its queue or one they hold (the outcome is 办结's, so it is resolve's).
  transfer: { office: 'holder-or-at-office', admin: 'holder-or-at-office' },
  transferOutcome: { office: 'holder-or-at-office', admin: 'holder-or-at-office' },
  // 督办: the office ends it once it has dealt with the resident's 不满意.
  closeSupervision: staff,
  // 志愿服务记录: the office and admin read anyone's; a member only their own (the use case checks whose it is).
  serviceRecord: { ...members('any'), ...staff },
  // 家人的地址: a resident keeps places to report for someone else (their own record only: the use case reads the caller).
  savePlaces: { resident: 'any' },
};

/** The state an action needs (mirrors the transitions' own checks, for showing buttons). */
const STATE: Partial<Record<Action, (c: Case) => boolean>> = {
  claim: (c) => c.status === 'pending' && c.routing.target === 'studio',
  resolve: (c) => c.status === 'claimed' || (c.status === 'pending' && c.routing.target === 'office'),
  note: (c) => c.status === 'claimed',
  release: (c) => c.status === 'claimed' && c.routing.target === 'studio',
  handOver: (c) => c.status === 'claimed' && c.routing.target === 'studio',
  escalate: (c) => isOpen(c) && c.routing.target === 'studio',
  // Confirming 「问题解决了」 ends the reopen offer (lifecycle/resident.ts reopen).
  reopen: (c) => c.status === 'resolved' && !c.confirmedAt,
  returnToStudio: (c) => c.status === 'pending' && c.routing.target === 'office',
  recategorise: (c) => c.status === 'pending',
  assign: (c) => isOpen(c) && c.routing.target === 'office',
  reject: (c) => c.status === 'pending',
  urge: (c) => isOpen(c),
  cancel: (c) => c.status === 'pending',
  // Cases resolved since 回访 existed are confirmed and rated by answering it (lifecycle/followup.ts).
  confirm: (c) => c.status === 'resolved' && !c.confirmedAt && !c.followUp,
  rate: (c) => c.status === 'resolved' && !c.rating && !c.followUp,
  followUp: (c) => c.status === 'resolved' && c.followUp !== null && c.followUp.stage !== 'done',
  takeCallBack: (c) => callBackOpen(c) && !c.followUp?.caller,
  recordCallBack: (c) => callBackOpen(c) && c.followUp?.caller !== null,
  follow: (c) => isOpen(c) && !c.private,
  merge: (c) => isOpen(c) && !c.private,
  transfer: (c) => isOpen(c) && c.routing.target === 'office' && !c.transfer,
  transferOutcome: (c) => isOpen(c) && c.routing.target === 'office' && Boolean(c.transfer),
  closeSupervision: (c) => c.supervision !== null,
};

/** The moment and configuration a subject is judged in. */
export interface Situation {
  community: CommunityConfig;
  now: Date;
}

/** Classify a person (null = no WeChat identity) for an action on `c` (or for a general action). */
export function subjectOf(person: Person | null, situation: Situation, c?: Case): Subject {
  if (!person) return 'anonymous';
  switch (person.role) {
    case 'office':
      return 'office';
    case 'admin':
      return 'admin';
    case 'resident':
      if (!c || c.reporter.id === person.id) return 'resident';
      return c.followers.includes(person.id) ? 'follower' : 'other-resident';
    case 'member': {
      const { rota } = situation.community;
      if (onLeave(person, localDate(rota, situation.now))) return 'member-on-leave';
      return onDuty(rota, situation.now)?.groupId === person.groupId ? 'member-on-duty' : 'member-off-duty';
    }
  }
}

/**
 * 交接班: the studio's pool belongs to the group on duty now, or outside duty hours to the group next on duty, whichever
 * group it was first routed to. Other groups' members may look at it, not take it.
 */
export function poolGroupNow(c: Case, situation: Situation): string | null {
  if (c.status !== 'pending' || c.routing.target !== 'studio') return null;
  return dutyShiftAt(situation.community.rota, situation.now)?.groupId ?? c.routing.groupId;
}

/** The person's group has the case now: it waits in their group's pool, or a studio case was claimed from it. */
function ownGroupHas(person: Person, c: Case, situation: Situation): boolean {
  if (person.groupId === null || c.routing.target !== 'studio') return false;
  if (c.status === 'pending') return poolGroupNow(c, situation) === person.groupId;
  return c.status === 'claimed' && c.routing.groupId === person.groupId;
}

function related(person: Person, relation: Relation, c: Case | undefined, situation: Situation): boolean {
  if (relation === 'any') return true;
  if (!c) return false;
  const holds = c.status === 'claimed' && c.holder.id === person.id;
  const waiting = c.status === 'pending' && c.routing.target === 'studio';
  const inPool = waiting && person.groupId !== null && poolGroupNow(c, situation) === person.groupId;
  switch (relation) {
    case 'reporter':
      return c.reporter.id === person.id;
    case 'holder':
      return holds;
    case 'pool-group':
      return inPool;
    case 'pool-group-or-holder':
      return inPool || holds;
    case 'holder-or-at-office':
      return holds || (c.status === 'pending' && c.routing.target === 'office');
    case 'reporter-elsewhere':
      return c.reporter.id === person.id && !holds && !ownGroupHas(person, c, situation);
    case 'call-taker':
      return c.followUp?.caller?.id === person.id;
    case 'involved':
      return (
        (waiting && person.role === 'member') ||
        (callBackOpen(c) && person.role === 'member') || // an open call-back task, like the pool
        c.followUp?.caller?.id === person.id ||
        (c.routing.groupId !== null && c.routing.groupId === person.groupId) ||
        holds ||
        c.reporter.id === person.id ||
        c.timeline.some((t) => t.by?.id === person.id)
      );
  }
}

/** True when the table allows `person` to do `action` (to `c`) — regardless of the case's state. */
export function permitted(person: Person | null, action: Action, situation: Situation, c?: Case): boolean {
  const relation = PERMISSIONS[action][subjectOf(person, situation, c)];
  return relation !== undefined && person !== null && related(person, relation, c, situation);
}

/** True when the action is allowed and the case is in a state where it can happen: what the pages show. */
export function can(person: Person | null, action: Action, situation: Situation, c: Case): boolean {
  return permitted(person, action, situation, c) && (STATE[action]?.(c) ?? true);
}

/** Why a member may not claim now, in words; null when they may. */
export function claimRefusal(subject: Subject): string | null {
  if (subject === 'member-on-leave') return '您今天请假，不能认领。好好休息！';
  if (subject === 'member-off-duty') return '现在不是您组的值班时间，不能认领';
  return null;
}

/**
 * Enforce the table: throws NotSignedIn for anonymous, CaseNotFound when the person may not even see the case
 * (so ids cannot be probed), a specific refusal for off-duty/on-leave claims, Forbidden otherwise.
 */
export function authorize(person: Person | null, action: Action, situation: Situation, c?: Case): asserts person is Person {
  if (!person) throw new NotSignedInError();
  if (c && !permitted(person, 'view', situation, c) && !permitted(person, action, situation, c)) throw new CaseNotFoundError();
  if (permitted(person, action, situation, c)) return;
  const subject = subjectOf(person, situation, c);
  if (action === 'claim' && person.role === 'member') {
    const refusal = claimRefusal(subject);
    if (refusal) throw new NotOnDutyError(refusal);
    throw new ForbiddenError('这件事不在您组的待认领池里');
  }
  if (action === 'urge' && person.role === 'member' && c && c.reporter.id === person.id) {
    throw new ForbiddenError('这件事在您组里办，不用催，可以直接和组里的成员说');
  }
  throw new ForbiddenError(REFUSALS[action]);
}

const REFUSALS: Record<Action, string> = {
  submit: '请先登录微信再反映问题',
  submitOnBehalf: '只有当班或在岗的工作室成员、社区工作人员可以代办登记',
  view: '您不能查看这件事',
  claim: '只有当班组的成员可以认领',
  resolve: '只有正在处理这件事的人才能办结',
  note: '只有正在处理这件事的人可以写进展',
  release: '只有正在处理这件事的成员可以放回',
  handOver: '只有正在处理这件事的成员可以转交',
  escalate: '只有认领人或当班组的成员可以上报社区',
  reopen: '只有反映人可以重新反映',
  returnToStudio: '只有社区工作人员可以退回工作室',
  recategorise: '只有社区工作人员可以改类别',
  assign: '只有社区工作人员可以指派',
  reject: '只有社区工作人员可以不予受理',
  dutyBoard: '只有工作室成员可以查看值班待办',
  handled: '只有工作室成员可以查看经手的事',
  officeQueues: '只有社区工作人员可以查看社区待办',
  dashboard: '只有社区工作人员和管理员可以查看数据看板',
  reports: '只有社区工作人员和管理员可以查看通报',
  urge: '只有反映人可以催办',
  cancel: '只有反映人可以撤回',
  confirm: '只有反映人可以确认',
  rate: '只有反映人可以评价',
  similar: '请先登录微信再反映问题',
  follow: '只有居民可以一起等结果',
  merge: '只有工作室成员和社区工作人员可以合并事项',
  followUp: '只有反映人可以回答回访',
  takeCallBack: '只有当班的成员或社区工作人员可以接回访电话',
  recordCallBack: '只有接下回访电话的人可以记录回答',
  administer: '只有管理员可以做这件事',
  transfer: '只有社区工作人员可以转交外单位',
  transferOutcome: '只有社区工作人员可以记下外单位的办理结果',
  closeSupervision: '只有社区工作人员可以结束督办',
  serviceRecord: '只有工作室成员本人和社区工作人员可以查看服务记录',
  savePlaces: '只有居民可以保存家人的地址',
};

/**
 * Private categories (neighbour disputes, certificates): details are for the reporter, the holder, the office, and
 * the member who took the case's call-back task (回访 by phone: like a claim, taking it reveals the case).
 * Others who may see the case (its pool's group, to claim it) see that it exists, not what it says.
 */
export function seesPrivateDetails(person: Person, c: Case): boolean {
  if (!c.private) return true;
  const holds = (c.status === 'claimed' || c.status === 'resolved') && c.holder.id === person.id;
  const calls = c.followUp?.caller?.id === person.id; // took the call-back task: like a claim
  return c.reporter.id === person.id || holds || calls || person.role === 'office' || person.role === 'admin';
}

/** Phone numbers are shown whole only to the person holding the case, to the reporter, and to the member who took its call-back task while it is open. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone ? '****' : '';
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
