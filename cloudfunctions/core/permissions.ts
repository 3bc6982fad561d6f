/**
 * Who may do what to a case, in one place (the full role × action table comes with the office console).
 */
import type { Case } from './Case';
import type { Person } from './community';

export type CaseAction = 'view' | 'claim' | 'resolve' | 'escalate' | 'reopen' | 'returnToStudio' | 'recategorise';

const isOffice = (p: Person) => p.role === 'office' || p.role === 'admin';

/** True when `person` may perform `action` on `c` right now. */
export function can(person: Person, action: CaseAction, c: Case): boolean {
  const inPoolGroup = c.status === 'pending' && c.routing.target === 'studio' && person.role === 'member' && c.routing.groupId === person.groupId;
  const holds = c.status === 'claimed' && c.holder.id === person.id;
  switch (action) {
    case 'view': {
      // Members of the group it is routed to, and anyone who ever acted on it (so an escalating member can follow it).
      const inGroup = person.role === 'member' && c.routing.groupId !== null && c.routing.groupId === person.groupId;
      const actedOnIt = c.timeline.some((t) => t.by?.id === person.id);
      return c.reporter.id === person.id || isOffice(person) || inGroup || holds || actedOnIt;
    }
    case 'claim':
      return inPoolGroup;
    case 'resolve':
      return holds;
    case 'escalate':
      return person.role === 'member' && (inPoolGroup || holds);
    case 'reopen':
      return c.status === 'resolved' && c.reporter.id === person.id;
    case 'returnToStudio':
      return isOffice(person) && c.status === 'pending' && c.routing.target === 'office';
    case 'recategorise':
      return isOffice(person) && c.status === 'pending';
  }
}

/** Phone numbers are shown whole only to the member holding the case and to the reporter. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone ? '****' : '';
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
