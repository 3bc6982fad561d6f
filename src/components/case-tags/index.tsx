import { Text, View } from '@tarojs/components';
import type { CaseSummary } from '../../../types/domain';
import { DUE_SOON_MARK, OVERDUE_MARK } from '../../../types/words';

interface Props {
  c: Pick<CaseSummary, 'urgent' | 'overdue' | 'dueSoon' | 'preferred' | 'audience'>;
  /** Show 「我管的小区」 for pool rows preferred for the caller (duty pool only). */
  showPreferred?: boolean;
}

/**
 * The marks of a case row in words — 「急」, 「快到时间了」 (staff only), 「已超时」 (a resident reads 「过了预计时间」),
 * 「我管的小区」 — so colour is
 * never the only cue.
 * Renders nothing when none applies.
 */
export default function CaseTags({ c, showPreferred = false }: Props) {
  const preferred = showPreferred && c.preferred === true;
  const dueSoon = c.dueSoon === true && !c.overdue;
  if (!c.urgent && !c.overdue && !dueSoon && !preferred) return null;
  return (
    <View className='gk-tags'>
      {c.urgent ? (
        <Text className='gk-tag gk-tag--alarm' data-mark='urgent'>
          急
        </Text>
      ) : null}
      {dueSoon ? (
        <Text className='gk-tag gk-tag--warn' data-mark='due-soon'>
          {DUE_SOON_MARK}
        </Text>
      ) : null}
      {c.overdue ? (
        <Text className='gk-tag gk-tag--alarm' data-mark='overdue'>
          {OVERDUE_MARK[c.audience]}
        </Text>
      ) : null}
      {preferred ? (
        <Text className='gk-tag' data-mark='preferred'>
          我管的小区
        </Text>
      ) : null}
    </View>
  );
}
