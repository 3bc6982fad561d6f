import type { ReactNode } from 'react';
import { View } from '@tarojs/components';

export interface PickTileProps {
  /** Chosen (or switched on): a thick blue border, bold words and aria-pressed. */
  on: boolean;
  onTap: () => void;
  testId: string;
  /** Classes after .gk-tile (app.css), e.g. 'gk-tile--stack case__cat-tile'. */
  className?: string;
  /** Spoken name when the visible words are short. */
  label?: string;
  children: ReactNode;
}

/** A tile to pick one of several, or to switch on and off, in a .gk-tiles row; it says its state with aria-pressed. */
export default function PickTile({ on, onTap, testId, className, label, children }: PickTileProps) {
  return (
    <View
      className={`gk-tile${className ? ` ${className}` : ''}${on ? ' gk-tile--on' : ''}`}
      role='button'
      tabIndex={0}
      aria-pressed={on ? 'true' : 'false'}
      aria-label={label}
      data-testid={testId}
      onClick={onTap}
    >
      {children}
    </View>
  );
}
