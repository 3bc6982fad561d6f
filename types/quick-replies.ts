/**
 * 常用语: short phrases per step that a member taps to put into the step's text (issue 14), set by the admin.
 * Shared by the core (validation, defaults) and the pages (the admin's editor, the case page's chips).
 */
import type { CommunityConfig, QuickReplyStep } from './config';

/** The steps with 常用语, in the order the admin page shows them. */
export const QUICK_REPLY_STEPS: QuickReplyStep[] = ['note', 'resolve', 'handOver', 'release', 'escalate'];

/** Each step's name as the pages say it. */
export const QUICK_REPLY_STEP_WORDS: Record<QuickReplyStep, string> = {
  note: '写进展',
  resolve: '办结',
  handOver: '转给其他成员',
  release: '放回待认领',
  escalate: '上报社区',
};

/** At most this many characters in one phrase. */
export const QUICK_REPLY_MAX_CHARS = 20;
/** At most this many phrases per step. */
export const QUICK_REPLY_MAX_PER_STEP = 12;

/** The phrases a community starts with (and a configuration stored before 常用语 existed uses). */
export const DEFAULT_QUICK_REPLIES: Record<QuickReplyStep, string[]> = {
  note: ['已上门查看', '已联系物业', '已电话联系居民', '材料清单已告知', '明天上午再去看'],
  resolve: ['已修好', '已协调解决', '已联系物业处理完毕', '已告知办理流程'],
  handOver: ['已上门看过', '已和居民通过电话', '需要懂行的成员来办'],
  release: ['这几天身体不舒服', '家里有事，办不了', '不熟悉这类事'],
  escalate: ['需要社区出面协调', '涉及费用，需要社区处理', '工作室办不了'],
};

/** The phrases in force for every step: the configured list where there is one (even empty), else the default. */
export function quickRepliesOf(config: Pick<CommunityConfig, 'quickReplies'>): Record<QuickReplyStep, string[]> {
  const set = config.quickReplies ?? {};
  const out = {} as Record<QuickReplyStep, string[]>;
  for (const step of QUICK_REPLY_STEPS) out[step] = [...(set[step] ?? DEFAULT_QUICK_REPLIES[step])];
  return out;
}

/**
 * `text` with `phrase` appended (「，」 between when there is text already that does not end in punctuation), or
 * null when the result would be longer than `max` characters.
 */
export function appendPhrase(text: string, phrase: string, max: number): string | null {
  const base = text.replace(/\s+$/, '');
  const joiner = base === '' || /[，,。.；;！!？?、：:\n]$/.test(base) ? '' : '，';
  const next = `${base}${joiner}${phrase}`;
  return Array.from(next).length > max ? null : next;
}
