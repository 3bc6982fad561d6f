/**
 * Who may do what, in one place (first cut; the full role × action table is a later issue).
 */
import type { Case } from './Case';
import type { Person } from './community';

export type CaseAction = 'view' | 'claim' | 'resolve';

/** True when `person` may perform `action` on `c` right now. */
export function can(person: Person, action: CaseAction, c: Case): boolean {
  switch (action) {
    case 'view':
      return (
        c.reporter.id === person.id ||
        person.role === 'office' ||
        person.role === 'admin' ||
        (person.role === 'member' && (c.status !== 'pending' ? c.holder.id === person.id || c.routing.groupId === person.groupId : c.routing.groupId === person.groupId))
      );
    case 'claim':
      return person.role === 'member' && c.status === 'pending' && c.routing.target === 'studio' && c.routing.groupId === person.groupId;
    case 'resolve':
      return c.status === 'claimed' && c.holder.id === person.id;
  }
}

/** Phone numbers are shown whole only to the member holding the case and to the reporter. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return phone ? '****' : '';
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
