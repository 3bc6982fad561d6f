/** Wire shapes (DTOs) shared by pages and cloud functions. Dates travel as ISO-8601 strings. */

export type Role = 'resident' | 'member' | 'office' | 'admin';

/** Case lifecycle states, as string literals (never numbers). */
export type CaseStatus = 'pending' | 'claimed' | 'resolved';

/** Where a routed case waits: the studio's duty pool or the community office. */
export type RouteTarget = 'studio' | 'office';

/** Which routing rule decided. */
export type RouteRule = 'office-only' | 'emergency' | 'on-duty' | 'nobody-on-duty';

export interface Place {
  /** Compound (小区) id from configuration, e.g. "hongqiao". */
  compoundId: string;
  /** Building, free text such as "3幢". */
  building: string;
  /** Unit / room, free text such as "2单元401". */
  unit: string;
}

export interface CategoryView {
  id: string;
  name: string;
  /** Short example phrases shown to residents. */
  examples: string[];
  /** Emoji or short glyph used as a large icon. */
  icon: string;
  handler: 'studio' | 'office';
  emergency: boolean;
}

export interface CompoundView {
  id: string;
  name: string;
}

export interface RoutingView {
  target: RouteTarget;
  rule: RouteRule;
  /** Duty group whose pool holds the case (studio target), else null. */
  groupId: string | null;
  groupName: string | null;
  /** Group alerted although the office holds the case (emergencies). */
  alertGroupId: string | null;
  /** Plain Chinese sentence shown to the resident: who handles it and why. */
  reason: string;
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface TimelineEntryView {
  at: string;
  kind: 'submitted' | 'routed' | 'claimed' | 'resolved';
  /** Plain Chinese description of the step. */
  text: string;
  by: PersonRef | null;
}

export interface CaseSummary {
  id: string;
  /** Short number residents can read out on the phone, e.g. "A7K2Q9". */
  code: string;
  status: CaseStatus;
  /** Status in plain words: 等待认领 / 处理中 / 已办结. */
  statusText: string;
  categoryName: string;
  description: string;
  placeText: string;
  createdAt: string;
  /** Who holds the case now, in words: "第二组值班成员" / "王思瑛" / "社区办公室". */
  holderText: string;
  /** True when the case waits in a pool preferred for the caller (their stewarded compound). */
  preferred?: boolean;
}

export interface CaseView extends CaseSummary {
  place: Place;
  residentName: string;
  /** Masked unless the caller holds the case. */
  contactPhone: string;
  routing: RoutingView;
  holder: PersonRef | null;
  resolution: { note: string; at: string; by: PersonRef } | null;
  timeline: TimelineEntryView[];
  /** What the caller may do now (computed by the core's permission rules). */
  can: { claim: boolean; resolve: boolean };
}

export interface DutyView {
  /** Group on duty now, or null outside duty hours. */
  groupId: string | null;
  groupName: string | null;
  /** Duty hours as text, e.g. "08:30–17:30". */
  hours: string;
  /** Members of the group on duty. */
  members: PersonRef[];
}

export interface MeView {
  openid: string;
  role: Role;
  name: string;
  /** Member's duty group, if a member. */
  groupId: string | null;
  groupName: string | null;
  /** Last place the resident used, to prefill the form. */
  lastPlace: Place | null;
  categories: CategoryView[];
  compounds: CompoundView[];
  /** Subscription template ids the client asks for at the submit tap. */
  subscribeTemplateIds: string[];
}
