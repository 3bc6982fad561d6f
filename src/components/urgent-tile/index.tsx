import { Text, View } from '@tarojs/components';
import { OFFICE } from '../../../types/words';
import './index.css';

export interface UrgentTileProps {
  /** 很急，等不到明天 is ticked. */
  on: boolean;
  onToggle: () => void;
  testId: string;
  /** Id of the hint under the tile (the tile's aria-describedby). */
  hintId: string;
}

/**
 * 很急，等不到明天: a toggle tile and its hint; the ☐/☑ box and 「✓ 已选」 say its state in words, not only the
 * border colour. Outside duty hours a ticked case goes straight to the community office.
 */
export default function UrgentTile({ on, onToggle, testId, hintId }: UrgentTileProps) {
  return (
    <>
      <View
        className={`gk-urgent${on ? ' gk-urgent--on' : ''}`}
        role='button'
        tabIndex={0}
        aria-pressed={on ? 'true' : 'false'}
        aria-describedby={hintId}
        data-testid={testId}
        onClick={onToggle}
      >
        <Text className='gk-urgent__box' aria-hidden='true'>
          {on ? '☑' : '☐'}
        </Text>
        <Text className='gk-urgent__text'>很急，等不到明天</Text>
        {on ? <Text className='gk-urgent__mark'>✓ 已选</Text> : null}
      </View>
      <Text className='gk-hint gk-urgent__hint' id={hintId}>
        不在值班时间时，勾选后直接交给{OFFICE}
      </Text>
    </>
  );
}
