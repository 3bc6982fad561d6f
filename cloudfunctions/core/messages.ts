/**
 * Subscription messages: which template, which fields, each value fitted to WeChat's rule for its field type
 * (the type is the key's prefix: thing1 → thing). A value that breaks the rule makes WeChat answer 47003, so
 * every value is fitted here before it is sent.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface SubscribeMessage {
  touser: string;
  templateId: string;
  /** Page opened when the resident taps the message. */
  page: string;
  data: Record<string, { value: string }>;
}

/** Field limits by type (characters), from WeChat's subscription-message rules. */
export const FIELD_LIMITS = { thing: 20, phrase: 5, name: 10, character_string: 32, number: 32, phone_number: 17 } as const;

const chars = (s: string) => Array.from(s);

/** Fit `value` to the rule of field `key` (by its type prefix): truncate, strip what the type forbids. */
export function fitField(key: string, value: string): string {
  const type = key.replace(/\d+$/, '');
  const v = value.replace(/\s+/g, ' ').trim();
  switch (type) {
    case 'thing': {
      const c = chars(v);
      return c.length <= FIELD_LIMITS.thing ? v : `${c.slice(0, FIELD_LIMITS.thing - 1).join('')}…`;
    }
    case 'phrase':
      return chars(v.replace(/[^\u4e00-\u9fa5]/g, ''))
        .slice(0, FIELD_LIMITS.phrase)
        .join('');
    case 'name':
      return chars(v).slice(0, FIELD_LIMITS.name).join('');
    case 'character_string':
      return v.replace(/[^0-9A-Za-z_\-.]/g, '').slice(0, FIELD_LIMITS.character_string);
    case 'number':
      return v.replace(/[^0-9.]/g, '').slice(0, FIELD_LIMITS.number);
    case 'phone_number':
      return v.replace(/[^0-9+-]/g, '').slice(0, FIELD_LIMITS.phone_number);
    default:
      return v;
  }
}

/** The time format WeChat accepts for `time` fields, in the community's zone. */
export function wechatTime(at: Date, tz: string): string {
  return dayjs(at).tz(tz).format('YYYY-MM-DD HH:mm');
}
