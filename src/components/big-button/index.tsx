import { Text, View } from '@tarojs/components';

export interface BigButtonProps {
  /** The words on the button. */
  text: string;
  /** Optional second line in smaller type. */
  sub?: string;
  onTap: () => void;
  /** 'primary' filled blue, 'secondary' outlined, 'alarm' filled red. */
  variant?: 'primary' | 'secondary' | 'alarm';
  /** 'main' is full width and ≥ 64 high; 'small' fits its text and is ≥ 48 high. */
  size?: 'main' | 'small';
  disabled?: boolean;
  /** Spoken name when the visible words are not enough on their own. */
  label?: string;
  testId?: string;
  /** For a button that opens a panel below it: whether the panel is open (aria-expanded). */
  expanded?: boolean;
}

/**
 * A tappable View that screen readers and browser tests see as a button (role="button"); `size='main'` ones carry
 * `data-main-action`, which the elder-friendliness check holds to 60×60 (test/support/elder-checks.ts).
 */
export default function BigButton({ text, sub, onTap, variant = 'primary', size = 'main', disabled = false, label, testId, expanded }: BigButtonProps) {
  const classes = ['gk-btn', `gk-btn--${variant}`];
  if (size === 'small') classes.push('gk-btn--small');
  if (disabled) classes.push('gk-btn--disabled');
  return (
    <View
      className={classes.join(' ')}
      role='button'
      tabIndex={0}
      aria-disabled={disabled ? 'true' : 'false'}
      aria-label={label}
      aria-expanded={expanded === undefined ? undefined : expanded ? 'true' : 'false'}
      data-testid={testId}
      data-main-action={size === 'main' ? 'true' : undefined}
      onClick={() => {
        if (!disabled) onTap();
      }}
    >
      <Text className='gk-btn__text'>{text}</Text>
      {sub ? <Text className='gk-btn__sub'>{sub}</Text> : null}
    </View>
  );
}
