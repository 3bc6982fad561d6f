import type { CaseView } from '../../../../types/domain';
import EmergencySheet from '../../../components/emergency-sheet';

/** An emergency category (gas smell, fire…): the call buttons stay on the case page. Nothing for other cases. */
export default function CaseEmergency({ view: v }: { view: CaseView }) {
  if (!v.forMe.emergency) return null;
  // The office needs no button to ring itself (its forMe.officePhone is null).
  return <EmergencySheet officePhone={v.forMe.officePhone ?? undefined} headingId='case-emergency-heading' testId='case-emergency' />;
}
