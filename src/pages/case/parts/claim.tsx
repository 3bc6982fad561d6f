import { View } from '@tarojs/components';
import type { CaseView } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import { claimCase } from '../../../services/cloud';
import type { CaseAction } from '../use-action';
import { ActionError } from './action-panel';

/** 我来处理: a duty member takes a waiting case; when someone else was first, it says so and shows the case as it is. */
export default function Claim({ view: v, action }: { view: CaseView; action: CaseAction }) {
  if (!v.can.claim) return null;
  const busy = action.busy === 'claim';
  return (
    <View>
      <ActionError action={action} which='claim' />
      <BigButton text={busy ? '正在认领……' : '我来处理'} disabled={busy} testId='claim-button' onTap={() => action.run('claim', () => claimCase(v.id))} />
    </View>
  );
}
