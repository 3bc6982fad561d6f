import { Image } from '@tarojs/components';
import certificate from '../../assets/icons/certificate.svg';
import clean from '../../assets/icons/clean.svg';
import dispute from '../../assets/icons/dispute.svg';
import elder from '../../assets/icons/elder.svg';
import gas from '../../assets/icons/gas.svg';
import hazard from '../../assets/icons/hazard.svg';
import noise from '../../assets/icons/noise.svg';
import other from '../../assets/icons/other.svg';
import policy from '../../assets/icons/policy.svg';
import repair from '../../assets/icons/repair.svg';
import water from '../../assets/icons/water.svg';
import './index.css';

/**
 * A category's icon is one of these ids, drawn as a line icon in src/assets/icons/ (SVG: emoji depend on the phone's
 * fonts and show as empty boxes where the emoji font is missing).
 */
export const CATEGORY_ICONS = {
  repair,
  water,
  gas,
  noise,
  dispute,
  certificate,
  policy,
  clean,
  elder,
  hazard,
  other,
} as const;

export type CategoryIconId = keyof typeof CATEGORY_ICONS;

/** Emoji that configs saved before the icon ids used, and the icon that stands for each. */
const FROM_EMOJI: Record<string, CategoryIconId> = {
  '🔧': 'repair',
  '🛠': 'repair',
  '🔨': 'repair',
  '💧': 'water',
  '🚰': 'water',
  '🚿': 'water',
  '🔥': 'gas',
  '🔊': 'noise',
  '📢': 'noise',
  '🤝': 'dispute',
  '📄': 'certificate',
  '📃': 'certificate',
  '📝': 'certificate',
  '📋': 'policy',
  '🧹': 'clean',
  '🗑': 'clean',
  '👵': 'elder',
  '👴': 'elder',
  '⚠': 'hazard',
  '❓': 'other',
  '❔': 'other',
};

/** The icon id for a category's `icon` field: an id as it is, an old emoji by the table above, anything else `other`. */
export function categoryIconId(icon: string): CategoryIconId {
  const key = (icon ?? '').trim();
  if (Object.prototype.hasOwnProperty.call(CATEGORY_ICONS, key)) return key as CategoryIconId;
  // Emoji may carry a variation selector (U+FE0F) or a skin tone.
  const bare = key.replace(/[\uFE0E\uFE0F]|\uD83C[\uDFFB-\uDFFF]/g, '');
  return FROM_EMOJI[bare] ?? 'other';
}

export interface CategoryIconProps {
  /** The category's `icon` field (an id, or an emoji from an old config). */
  icon: string;
  className?: string;
}

/** The category's line icon, decorative: the category's name is always written next to it. */
export default function CategoryIcon({ icon, className }: CategoryIconProps) {
  return <Image className={`gk-cat-icon${className ? ` ${className}` : ''}`} src={CATEGORY_ICONS[categoryIconId(icon)]} aria-hidden='true' />;
}
