import { Text, View } from '@tarojs/components';
import type { CategoryView } from '../../../types/domain';
import CategoryIcon from '../category-icon';
import PickTile from '../pick-tile';
import './index.css';

export interface CategoryGridProps {
  categories: CategoryView[];
  /** The chosen category's id, or null while none is chosen. */
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Each tile's data-testid is this prefix plus the category id, e.g. 'category-' or 'intake-category-'. */
  testIdPrefix: string;
  /** Id of the label that names the group. */
  labelledBy: string;
  /** Show 「如：…」 (the first example) under the name; without it the tile's content is centred vertically. */
  showExample?: boolean;
}

/** The big category tiles: icon, name, optionally the first example, and 「✓ 已选」 on the chosen one. */
export default function CategoryGrid({ categories, selectedId, onSelect, testIdPrefix, labelledBy, showExample = false }: CategoryGridProps) {
  return (
    <View className='gk-tiles' role='group' aria-labelledby={labelledBy}>
      {categories.map((c) => {
        const on = c.id === selectedId;
        return (
          <PickTile
            key={c.id}
            on={on}
            className={`gk-tile--stack gk-cat-tile${showExample ? '' : ' gk-cat-tile--compact'}`}
            testId={`${testIdPrefix}${c.id}`}
            onTap={() => onSelect(c.id)}
          >
            <CategoryIcon icon={c.icon} className='gk-cat-tile__icon' />
            <Text className='gk-cat-tile__name'>{c.name}</Text>
            {showExample && c.examples[0] ? <Text className='gk-cat-tile__example'>如：{c.examples[0]}</Text> : null}
            {on ? <Text className='gk-cat-tile__mark'>✓ 已选</Text> : null}
          </PickTile>
        );
      })}
    </View>
  );
}
