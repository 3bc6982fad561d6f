import type { CaseView, MeView } from '../../../../types/domain';
import EmergencySheet from '../../../components/emergency-sheet';

/**
 * An emergency category (gas smell, fire…): the call buttons stay on the case page. The category comes from the
 * configuration's list (MeView); until that is read, the first routing rule says it. Nothing for other cases.
 */
export default function CaseEmergency({ view: v, me }: { view: CaseView; me: MeView | null }) {
  const caseCategory = me?.categories.find((c) => c.id === v.categoryId);
  const emergency = caseCategory ? caseCategory.emergency : v.routing.rule === 'emergency';
  if (!emergency) return null;
  // The office needs no button to ring itself.
  return <EmergencySheet officePhone={me && me.role !== 'office' ? me.officePhone : undefined} headingId='case-emergency-heading' testId='case-emergency' />;
}
