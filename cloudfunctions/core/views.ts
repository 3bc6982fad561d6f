/** Turning cases into what a given person may see (wire DTOs). */
import type { CaseSummary, CaseView, ExpectationView, FollowUpView, HandledCase, PersonRef, RoutingView, SimilarCase } from '../../types/domain';
import type { Audience } from '../../types/words';
import { DUPLICATE_WORDS, expectationWords, RESIDENT_STEPS, residentEscalation, residentOfficeReason, transferWords } from '../../types/words';
import type { Case, FiledFor, TimelineEntry } from './Case';
import { forSavedPlace } from './saved-places';
import { SUPERVISION_CLOSED, callBackOpen, dueAt, isOpen, statusText } from './Case';
import type { CommunityConfig, Person, Templates } from './community';
import type { Situation } from './permissions';
import { can, maskPhone, poolGroupNow, seesPrivateDetails } from './permissions';
import { nextUrgeAt } from './Case';
import { dutyShiftAt, localDate, localText, onDuty } from './rota';
import { photosFor, photosWaitingText, stageOf } from './photo-checks';
import { warningOf } from './watch';
import { describedAs, reportVoice, voiceView, voicesOf } from './voice-checks';

function holderText(c: Case, community: CommunityConfig, now: Date): string {
  if (c.status === 'claimed' || c.status === 'resolved') return c.holder.name;
  if (c.status === 'rejected') return '社区办公室';
  if (c.status === 'cancelled') return '（已撤回）';
  if (c.status === 'merged') return `（已并入事项 ${c.merge.into.code}）`;
  if (c.routing.target === 'office') return '社区办公室';
  // 交接班: whoever is on duty (or next on duty) has the pool now, even before the timer records the hand-over.
  const groupId = poolGroupNow(c, { community, now });
  const group = community.groups.find((g) => g.id === groupId);
  return `${group?.name ?? ''}值班成员`;
}

function placeText(c: Case, community: CommunityConfig): string {
  const compound = community.compounds.find((x) => x.id === c.place.compoundId)?.name ?? c.place.compoundId;
  return [compound, c.place.building, c.place.unit].filter(Boolean).join(' ');
}

/**
 * Whose words a viewer reads (types/words.ts): a resident — who may only ever see the cases they reported — reads the
 * plain words; duty members, the office and admins (also on a case they filed for someone, 代办) their working words.
 * No viewer (the dashboard's lists) is staff.
 */
export function audienceOf(viewer: Person | undefined): Audience {
  return viewer?.role === 'resident' ? 'resident' : 'staff';
}

/** What the case waits for next and by when, in words. */
function expectation(c: Case, community: CommunityConfig, audience: Audience): ExpectationView | null {
  const at = (d: Date) => localText(community.rota, d);
  if (c.status === 'claimed') {
    return c.resolveDueAt
      ? { kind: 'resolve', by: c.resolveDueAt.toISOString(), text: expectationWords(audience, 'resolve', c.routing.target, at(c.resolveDueAt)) }
      : null;
  }
  if (c.status === 'pending' && c.routing.expectedBy) {
    const by = c.routing.expectedBy;
    return { kind: 'claim', by: by.toISOString(), text: expectationWords(audience, 'claim', c.routing.target, at(by)) };
  }
  return null;
}

/** The category's own reason for going to the office (「证明需社区出具」), and whether an emergency alerted the studio. */
const officeFacts = (c: Case, community: CommunityConfig) => ({
  officeReason: community.categories.find((k) => k.id === c.categoryId)?.officeReason ?? null,
  alerted: c.routing.alertGroupId !== null,
});

/**
 * Why the case is where it is, in the resident's words: an escalation by what triggered it (and a member's own
 * reason), a case sent straight to the office by its rule; a studio case's reason is plain already.
 */
function residentReason(c: Case, community: CommunityConfig): string {
  if (c.routing.rule === 'escalated') {
    const up = [...c.timeline].reverse().find((t) => t.kind === 'escalated');
    return residentEscalation(up?.trigger ?? 'manual', up?.trigger === 'manual' ? (up.by?.name ?? null) : null, up?.detail ?? null);
  }
  return residentOfficeReason(c.routing.rule, officeFacts(c, community)) ?? c.routing.reason;
}

/**
 * A step of the history in the resident's words (types/words.ts) where staff words would say 认领, 上报, 超时, 办结 or
 * 不予受理; other steps are plain already. A routed step stored before steps kept their rule takes the case's rule
 * when it is the current decision's.
 */
function residentStep(t: TimelineEntry, c: Case, community: CommunityConfig): string {
  switch (t.kind) {
    case 'claimed':
      return t.by ? RESIDENT_STEPS.claimed(t.by.name) : t.text;
    case 'released':
      return t.by ? RESIDENT_STEPS.released(t.by.name, t.detail ?? null) : t.text;
    case 'resolved':
      return t.by && t.detail !== undefined ? RESIDENT_STEPS.resolved(t.by.name, t.detail) : t.text;
    case 'rejected': {
      const why = t.detail ?? (c.status === 'rejected' ? c.rejection.reason : null);
      return why === null ? t.text : RESIDENT_STEPS.rejected(why);
    }
    case 'escalated':
      return t.trigger ? residentEscalation(t.trigger, t.by?.name ?? null, t.detail ?? null) : t.text;
    case 'noted':
      return t.text.startsWith(SUPERVISION_CLOSED) && t.detail !== undefined ? `社区回复了您的意见：${t.detail}` : t.text;
    case 'transferred':
      return c.transfer ? transferWords('resident', c.transfer.bodyName, c.transfer.ticket, c.transfer.expectedDate) : t.text;
    case 'routed': {
      const rule = t.rule ?? (t.text === c.routing.reason ? c.routing.rule : undefined);
      return (rule && residentOfficeReason(rule, officeFacts(c, community))) || t.text;
    }
    default:
      return t.text;
  }
}

/**
 * 催一催 outside duty hours (no group on duty now): when the urge will be seen — the alert goes to the next shift's
 * group (or to the holder, who reads it when back on duty). Null on duty, for the office's own cases and when the
 * case is no longer open. E.g. 「现在是下班时间，明天 08:30 值班的人会先看到」.
 */
export function urgeNoteFor(c: Case, situation: Situation): string | null {
  const { rota } = situation.community;
  if (!isOpen(c) || c.routing.target !== 'studio' || onDuty(rota, situation.now)) return null;
  const next = dutyShiftAt(rota, situation.now);
  if (!next) return '现在是下班时间，值班的人上班后会先看到';
  const [dayText, time] = localText(rota, next.start).split(' ');
  const today = localDate(rota, situation.now);
  const tomorrow = localDate(rota, new Date(situation.now.getTime() + 86_400_000));
  const day = next.date === today ? '今天' : next.date === tomorrow ? '明天' : dayText;
  return `现在是下班时间，${day} ${time} 值班的人会先看到`;
}

/** What a viewer who may not see a private case's details sees instead of its description. */
export const PRIVATE_PLACEHOLDER = '（涉及隐私，认领后可以看到详情）';

/** What a viewer without details reads for an escalation the reporter caused (a second reopen): no name, no reason. */
const REPORTER_ESCALATION = '居民再次反映，上报社区';

/** A list row, as of `now`. */
export function toSummary(c: Case, community: CommunityConfig, now: Date, viewer?: Person): CaseSummary {
  const due = isOpen(c) ? dueAt(c) : null;
  const hidden = viewer !== undefined && !seesPrivateDetails(viewer, c);
  const audience = audienceOf(viewer);
  return {
    id: c.id,
    code: c.code,
    status: c.status,
    statusText: statusText(c, audience),
    audience,
    categoryId: c.categoryId,
    categoryName: community.categories.find((k) => k.id === c.categoryId)?.name ?? '其他',
    description: hidden ? PRIVATE_PLACEHOLDER : describedAs(c),
    placeText: hidden ? (community.compounds.find((x) => x.id === c.place.compoundId)?.name ?? '') : placeText(c, community),
    createdAt: c.createdAt.toISOString(),
    holderText: holderText(c, community, now),
    urgent: c.urgent,
    dueAt: due ? due.toISOString() : null,
    overdue: due !== null && due.getTime() <= now.getTime(),
    dueSoon: audience === 'staff' && warningOf(c, community, now) === 'yellow',
    ...(viewer ? { preferred: c.routing.preferredMemberIds.includes(viewer.id) } : {}),
    ...(c.supervision && viewer && audience === 'staff' && !hidden ? { supervisionComment: c.supervision.comment } : {}),
  };
}

/**
 * A case `viewer` handed over or escalated, with their last such step, or filed for a resident (代办: their step is the
 * filing when they did nothing later); in a private case they no longer hold, a hand-over's words (which may carry
 * details) are hidden like the rest.
 */
export function toHandled(c: Case, community: CommunityConfig, now: Date, viewer: Person): HandledCase | null {
  const step = [...c.timeline].reverse().find((t) => t.by?.id === viewer.id && (t.kind === 'handed-over' || t.kind === 'escalated'));
  if (!step && c.filedFor && c.reporter.id === viewer.id) {
    const text = `${viewer.name}为${c.filedFor.name}代办登记`;
    return { ...toSummary(c, community, now, viewer), myStep: { kind: 'filed', text, at: c.createdAt.toISOString() } };
  }
  if (!step) return null;
  const kind = step.kind === 'escalated' ? 'escalated' : 'handed-over';
  const text = kind === 'handed-over' && !seesPrivateDetails(viewer, c) ? `${viewer.name}转交给了其他成员（涉及隐私，不显示原因）` : step.text;
  return { ...toSummary(c, community, now, viewer), myStep: { kind, text, at: step.at.toISOString() } };
}

/**
 * The templates each subscribe prompt asks for: at a report and at a reopen (办结, progress, and the 回访 that follows
 * 办结), at a duty member's alert top-up.
 */
export function subscribeTemplates(t: Templates): { onSubmit: string[]; onReopen: string[]; memberAlerts: string[] } {
  const ids = (...xs: string[]) => xs.filter(Boolean);
  const followUp = t.followUp ?? '';
  return {
    onSubmit: ids(t.caseResolved, t.caseProgress, followUp),
    onReopen: ids(t.caseResolved, t.caseProgress, followUp),
    memberAlerts: ids(t.dutyAlert),
  };
}

/** People the page may offer as targets (hand-over colleagues, office assignees); empty when not allowed. */
export interface ViewExtras {
  handOverCandidates?: PersonRef[];
  assignees?: PersonRef[];
  /** Temporary URLs of the photos the viewer may see (photosFor's `shown`), in order. */
  photoUrls?: string[];
  /** Temporary URLs of the voice notes the viewer may hear now (voice-checks.ts audibleVoices), by file id. */
  voiceUrls?: ReadonlyMap<string, string>;
}

type PhotoFields = 'photos' | 'photoNotes' | 'photoStages' | 'photosWaiting' | 'resolutionPhotosWaiting';

/**
 * The photos `viewer` may see (their URLs, check notes and steps), and the placeholders for the ones they may not
 * yet, of the report and of 办结 apart.
 */
function photoFields(c: Case, viewer: Person, now: Date, urls: string[]): Pick<CaseView, PhotoFields> {
  const { shown, waiting, waitingAtResolve } = photosFor(c, viewer, now);
  const n = Math.min(shown.length, urls.length);
  const atReport = waiting - waitingAtResolve;
  return {
    photos: urls.slice(0, n),
    photoNotes: shown.slice(0, n).map((s) => s.note),
    photoStages: shown.slice(0, n).map((s) => stageOf(s.photo)),
    photosWaiting: atReport > 0 ? { count: atReport, text: photosWaitingText(atReport, 'report') } : null,
    resolutionPhotosWaiting: waitingAtResolve > 0 ? { count: waitingAtResolve, text: photosWaitingText(waitingAtResolve, 'resolve') } : null,
  };
}

/** The 回访 as a viewer may see it: without details, the answer's comment is hidden (it may carry them). */
function followUpView(c: Case, details: boolean): FollowUpView | null {
  const f = c.followUp;
  if (!f) return null;
  const a = f.answer;
  return {
    stage: f.stage,
    caller: f.caller,
    answer: a
      ? { solved: a.solved, satisfaction: a.satisfaction, comment: details ? a.comment : '', at: a.at.toISOString(), calledBy: a.via === 'call' ? a.by : null }
      : null,
  };
}

/** Whom the case is for (代办, or 家人的地址 with its label), the phone whole only to whoever may call. */
function filedForView(f: FiledFor, seesPhone: boolean): CaseView['filedFor'] {
  const phone = seesPhone ? f.phone : maskPhone(f.phone);
  return f.label !== undefined ? { name: f.name, phone, label: f.label } : { name: f.name, phone };
}

/** The case page, as `viewer` may see it at `situation.now`. */
export function toView(c: Case, situation: Situation, viewer: Person, extras: ViewExtras = {}): CaseView {
  const { community } = situation;
  const audience = audienceOf(viewer);
  const holds = c.status === 'claimed' && c.holder.id === viewer.id;
  const details = seesPrivateDetails(viewer, c);
  // 回访 by phone: the member who took the call-back task dials the resident while the task is open.
  const calls = callBackOpen(c) && c.followUp?.caller?.id === viewer.id;
  const seesPhone = details && (c.reporter.id === viewer.id || holds || calls);
  // NOTE: a follower (a resident who joined, or whose case was merged in) reads the case like its reporter, but never
  // who reported it or joined it: no name, no phone, no 代办's words, no rating comment.
  const following = viewer.role === 'resident' && c.reporter.id !== viewer.id;
  const residentIds = new Set([c.reporter.id, ...c.followers]);
  const byReporter = (t: Case['timeline'][number]) => t.by !== null && t.by.id === c.reporter.id;
  // The reason of an escalation the reporter caused quotes their words.
  const lastEscalation = [...c.timeline].reverse().find((t) => t.kind === 'escalated');
  const reporterEscalated = c.routing.rule === 'escalated' && lastEscalation !== undefined && byReporter(lastEscalation);
  const routing: RoutingView = {
    target: c.routing.target,
    rule: c.routing.rule,
    groupId: c.routing.groupId,
    groupName: community.groups.find((g) => g.id === c.routing.groupId)?.name ?? null,
    alertGroupId: c.routing.alertGroupId,
    reason: audience === 'resident' ? residentReason(c, community) : !details && reporterEscalated ? `已上报社区：${REPORTER_ESCALATION}` : c.routing.reason,
  };
  const allowed = (a: Parameters<typeof can>[1]) => can(viewer, a, situation, c);
  const voiceUrls = extras.voiceUrls ?? new Map<string, string>();
  const reported = reportVoice(c);
  const flags = {
    claim: allowed('claim'),
    resolve: allowed('resolve'),
    note: allowed('note'),
    release: allowed('release'),
    handOver: allowed('handOver'),
    escalate: allowed('escalate'),
    reopen: allowed('reopen'),
    returnToStudio: allowed('returnToStudio'),
    recategorise: allowed('recategorise'),
    assign: allowed('assign'),
    reject: allowed('reject'),
    urge: allowed('urge') && (nextUrgeAt(c) === null || nextUrgeAt(c)!.getTime() <= situation.now.getTime()),
    cancel: allowed('cancel'),
    confirm: allowed('confirm'),
    rate: allowed('rate'),
    merge: allowed('merge'),
    transfer: allowed('transfer'),
    transferOutcome: allowed('transferOutcome'),
    followUp: allowed('followUp'),
    takeCallBack: allowed('takeCallBack'),
    recordCallBack: allowed('recordCallBack'),
    closeSupervision: allowed('closeSupervision'),
  };
  const nextUrge = nextUrgeAt(c);
  // NOTE: in a private case, a viewer without details (the pool, a former holder) must not learn who reported it:
  // every step the reporter took (submit, reopen, urge, cancel, confirm, rate, the escalation a second reopen
  // causes) shows no actor, and the words of steps (which may carry details or the reporter's name) are hidden,
  // except the system's own steps (routing, SLA escalations, shift hand-overs), claims and escalations by others.
  const stepText = (t: Case['timeline'][number]): string => {
    if (following && t.kind === 'submitted') return '居民反映了问题';
    if (audience === 'resident') return residentStep(t, c, community); // the reporter: details are theirs
    if (details || t.by === null) return t.text;
    if (t.kind === 'escalated') return byReporter(t) ? REPORTER_ESCALATION : t.text;
    return t.kind === 'claimed' ? t.text : PRIVATE_PLACEHOLDER;
  };
  return {
    ...toSummary(c, community, situation.now, viewer),
    place: details ? c.place : { compoundId: c.place.compoundId, building: '', unit: '' },
    residentName: following ? DUPLICATE_WORDS.otherResident : details ? (c.filedFor?.name ?? c.reporter.name) : '（隐私）',
    contactPhone: following ? '' : seesPhone ? c.contactPhone : details ? maskPhone(c.contactPhone) : '',
    routing,
    holder: c.status === 'claimed' || c.status === 'resolved' ? c.holder : null,
    resolution:
      c.status === 'resolved' ? { note: details ? c.resolution.note : PRIVATE_PLACEHOLDER, at: c.resolution.at.toISOString(), by: c.resolution.by } : null,
    rejection:
      c.status === 'rejected' ? { reason: details ? c.rejection.reason : PRIVATE_PLACEHOLDER, at: c.rejection.at.toISOString(), by: c.rejection.by } : null,
    expectation: expectation(c, community, audience),
    timeline: c.timeline.map((t) => {
      // A step's voice note (写进展, 办结): heard as its check allows; nothing of it without the case's details.
      const stepVoice = t.voice ? voicesOf(c).find((v) => v.fileID === t.voice) : undefined;
      const heard = stepVoice ? voiceView(c, stepVoice, viewer, situation.now, voiceUrls) : null;
      return {
        at: t.at.toISOString(),
        kind: t.kind,
        text: stepText(t),
        by: following && t.by !== null && residentIds.has(t.by.id) ? null : details || !byReporter(t) ? t.by : null,
        ...(t.trigger ? { trigger: t.trigger } : {}),
        ...(heard ? { voice: heard } : {}),
      };
    }),
    reopenCount: c.reopenCount,
    filedFor: c.filedFor && details && !following ? filedForView(c.filedFor, seesPhone) : null,
    // 家人的地址: the reporter lives elsewhere; whoever may see the details sees them too (their phone as the person's).
    reporterContact:
      forSavedPlace(c.filedFor) && details && !following
        ? { name: c.reporter.name, phone: seesPhone ? (c.filedFor.reporterPhone ?? '') : maskPhone(c.filedFor.reporterPhone ?? '') }
        : null,
    canCall: (holds || calls) && c.contactPhone.length > 0,
    ...photoFields(c, viewer, situation.now, extras.photoUrls ?? []),
    voice: reported ? voiceView(c, reported, viewer, situation.now, voiceUrls) : null,
    urge: { last: c.urgedAt ? c.urgedAt.toISOString() : null, next: nextUrge ? nextUrge.toISOString() : null },
    urgeNote: c.reporter.id === viewer.id ? urgeNoteFor(c, situation) : null,
    confirmedAt: c.confirmedAt ? c.confirmedAt.toISOString() : null,
    rating: c.rating && (!details || following) ? { ...c.rating, comment: '' } : c.rating,
    followUp: followUpView(c, details),
    supervision: audience === 'staff' && details && c.supervision ? { ...c.supervision, at: c.supervision.at.toISOString() } : null,
    redacted: !details,
    handOverCandidates: flags.handOver ? (extras.handOverCandidates ?? []) : [],
    // 「我」 first and marked, so the office worker taking a case sees which tile is them.
    assignees: flags.assign
      ? (extras.assignees ?? [])
          .map((p) => (p.id === viewer.id ? { ...p, name: `${p.name}（我）` } : p))
          .sort((a, b) => Number(b.id === viewer.id) - Number(a.id === viewer.id))
      : [],
    transfer: c.transfer
      ? {
          body: c.transfer.body,
          bodyName: c.transfer.bodyName,
          ticket: c.transfer.ticket,
          expectedDate: c.transfer.expectedDate,
          at: c.transfer.at.toISOString(),
          by: c.transfer.by,
          text: transferWords(audience, c.transfer.bodyName, c.transfer.ticket, c.transfer.expectedDate),
        }
      : null,
    forMe: {
      reported: c.reporter.id === viewer.id,
      reopenTemplates: flags.reopen ? subscribeTemplates(community.templates).onReopen : [],
      emergency: community.categories.find((k) => k.id === c.categoryId)?.emergency ?? c.routing.rule === 'emergency',
      officePhone: viewer.role === 'office' ? null : community.officePhone,
      following: c.followers.includes(viewer.id),
    },
    mergedInto: c.status === 'merged' ? c.merge.into : null,
    can: flags,
  };
}

/** How many characters of a similar case's description a resident is shown (「是不是这件事？」). */
export const SIMILAR_EXCERPT = 20;

/**
 * An open case offered to a resident about to report the same matter: what it is, where, its first words, its status
 * in the resident's words and when it was reported — never who reported it or their phone (private cases are never
 * offered: lifecycle/duplicates.ts isSimilar).
 */
export function toSimilar(c: Case, community: CommunityConfig): SimilarCase {
  const words = [...describedAs(c)];
  return {
    id: c.id,
    code: c.code,
    categoryName: community.categories.find((k) => k.id === c.categoryId)?.name ?? '其他',
    placeText: placeText(c, community),
    excerpt: words.length > SIMILAR_EXCERPT ? `${words.slice(0, SIMILAR_EXCERPT).join('')}…` : describedAs(c),
    statusText: statusText(c, 'resident'),
    createdAt: c.createdAt.toISOString(),
    reportedText: localText(community.rota, c.createdAt),
  };
}
