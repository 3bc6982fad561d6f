import { Text, View } from '@tarojs/components';
import type { CompoundView } from '../../../types/domain';
import PickTile from '../pick-tile';

export interface CompoundTilesProps {
  compounds: CompoundView[];
  /** The chosen compound's id, or null while none is chosen. */
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Each tile's data-testid is this prefix plus the compound id, e.g. 'compound-' or 'intake-compound-'. */
  testIdPrefix: string;
  /** Id of the label that names the group. */
  labelledBy: string;
}

/** One tile per residential compound (小区); the chosen one starts with 「✓」. */
export default function CompoundTiles({ compounds, selectedId, onSelect, testIdPrefix, labelledBy }: CompoundTilesProps) {
  return (
    <View className='gk-tiles' role='group' aria-labelledby={labelledBy}>
      {compounds.map((c) => {
        const on = c.id === selectedId;
        return (
          <PickTile key={c.id} on={on} testId={`${testIdPrefix}${c.id}`} onTap={() => onSelect(c.id)}>
            <Text>
              {on ? '✓ ' : ''}
              {c.name}
            </Text>
          </PickTile>
        );
      })}
    </View>
  );
}
