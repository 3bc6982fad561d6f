/** Turning cases into what a given person may see (wire DTOs). */
import type { CaseSummary, CaseView, ExpectationView, RoutingView } from '../../types/domain';
import type { Case } from './Case';
import { statusText } from './Case';
import { localText } from './rota';
import type { CommunityConfig, Person } from './community';
import { can, maskPhone } from './permissions';

function holderText(c: Case, community: CommunityConfig): string {
  if (c.status !== 'pending') return c.holder.name;
  if (c.routing.target === 'office') return '社区办公室';
  const group = community.groups.find((g) => g.id === c.routing.groupId);
  return `${group?.name ?? ''}值班成员`;
}

function placeText(c: Case, community: CommunityConfig): string {
  const compound = community.compounds.find((x) => x.id === c.place.compoundId)?.name ?? c.place.compoundId;
  return [compound, c.place.building, c.place.unit].filter(Boolean).join(' ');
}

/** What the case waits for next and by when, in words. */
function expectation(c: Case, community: CommunityConfig): ExpectationView | null {
  const at = (d: Date) => localText(community.rota, d);
  if (c.status === 'claimed') {
    return c.resolveDueAt ? { kind: 'resolve', by: c.resolveDueAt.toISOString(), text: `预计${at(c.resolveDueAt)}前办好` } : null;
  }
  if (c.status === 'pending' && c.routing.expectedBy) {
    const by = c.routing.expectedBy;
    return c.routing.target === 'office'
      ? { kind: 'claim', by: by.toISOString(), text: `社区办公室预计${at(by)}前处理` }
      : { kind: 'claim', by: by.toISOString(), text: `预计${at(by)}前有人认领` };
  }
  return null;
}

/** A list row. */
export function toSummary(c: Case, community: CommunityConfig, viewer?: Person): CaseSummary {
  return {
    id: c.id,
    code: c.code,
    status: c.status,
    statusText: statusText(c),
    categoryId: c.categoryId,
    categoryName: community.categories.find((k) => k.id === c.categoryId)?.name ?? '其他',
    description: c.description,
    placeText: placeText(c, community),
    createdAt: c.createdAt.toISOString(),
    holderText: holderText(c, community),
    ...(viewer ? { preferred: c.routing.preferredMemberIds.includes(viewer.id) } : {}),
  };
}

/** The case page, as `viewer` may see it. */
export function toView(c: Case, community: CommunityConfig, viewer: Person): CaseView {
  const seesPhone = c.reporter.id === viewer.id || (c.status !== 'pending' && c.holder.id === viewer.id);
  const routing: RoutingView = {
    target: c.routing.target,
    rule: c.routing.rule,
    groupId: c.routing.groupId,
    groupName: community.groups.find((g) => g.id === c.routing.groupId)?.name ?? null,
    alertGroupId: c.routing.alertGroupId,
    reason: c.routing.reason,
  };
  return {
    ...toSummary(c, community, viewer),
    place: c.place,
    residentName: c.reporter.name,
    contactPhone: seesPhone ? c.contactPhone : maskPhone(c.contactPhone),
    routing,
    holder: c.status === 'pending' ? null : c.holder,
    resolution:
      c.status === 'resolved'
        ? { note: c.resolution.note, at: c.resolution.at.toISOString(), by: c.resolution.by }
        : null,
    expectation: expectation(c, community),
    timeline: c.timeline.map((t) => ({ at: t.at.toISOString(), kind: t.kind, text: t.text, by: t.by, ...(t.trigger ? { trigger: t.trigger } : {}) })),
    reopenCount: c.reopenCount,
    can: {
      claim: can(viewer, 'claim', c),
      resolve: can(viewer, 'resolve', c),
      escalate: can(viewer, 'escalate', c),
      reopen: can(viewer, 'reopen', c),
      returnToStudio: can(viewer, 'returnToStudio', c),
      recategorise: can(viewer, 'recategorise', c),
    },
  };
}
