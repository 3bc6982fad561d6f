/**
 * The configuration page's forms, kept apart from the page so they can be tested: what each section's form holds, and
 * what saving it sends. NOTE: a form saves back every field it does not edit as it was loaded, so a field added to the
 * configuration later is never erased by an admin's save.
 */
import type { CommunityConfigView } from '../../../types/domain';
import { isPhone, phoneDigits } from '../../lib/forms';
import { newId } from '../shared/words';
import type { QuickReplyStep } from '../../../types/config';
import { QUICK_REPLY_MAX_CHARS, QUICK_REPLY_MAX_PER_STEP, QUICK_REPLY_STEP_WORDS, QUICK_REPLY_STEPS, quickRepliesOf } from '../../../types/quick-replies';

type Category = CommunityConfigView['categories'][number];
type Templates = CommunityConfigView['templates'];

/** A category as the form holds it: numbers and examples as typed text; new ones may still get an id typed. */
export interface CategoryForm {
  key: number;
  isNew: boolean;
  id: string;
  name: string;
  icon: string;
  examples: string;
  handler: 'studio' | 'office';
  emergency: boolean;
  private: boolean;
  claim: string;
  resolve: string;
  officeReason: string;
  /** The category as loaded: fields this form does not edit are saved back as they were. */
  original?: Category;
}

/** A group or a compound: an id (typed only for new ones) and a name. */
export interface NamedForm {
  key: number;
  isNew: boolean;
  id: string;
  name: string;
  /** As loaded: fields this form does not edit are saved back as they were. */
  original?: { id: string; name: string };
}

export interface Forms {
  categories: CategoryForm[];
  groups: NamedForm[];
  compounds: NamedForm[];
  templates: Templates;
  settings: { name: string; officePhone: string; cap: string; limits: CommunityConfigView['limits'] };
  /** 常用语: each step's phrases as typed, one a line (the defaults when none were saved yet). */
  quickReplies: Record<QuickReplyStep, string>;
}

/** The subscription templates, with what each is for. */
export const TEMPLATES: Array<{ key: keyof Templates; name: string; hint: string }> = [
  { key: 'caseResolved', name: '办结通知', hint: '事情办好了，告诉反映的居民。' },
  { key: 'caseProgress', name: '进度通知', hint: '有人认领了、有新进展，告诉居民。' },
  { key: 'dutyAlert', name: '新事项提醒', hint: '有新的事，提醒值班成员。' },
  { key: 'followUp', name: '回访通知', hint: '办好以后，问居民解决了没有、满不满意。' },
];

let nextKey = 0;
export const key = () => nextKey++;

const categoryForm = (c: Category): CategoryForm => ({
  key: key(),
  isNew: false,
  id: c.id,
  name: c.name,
  icon: c.icon,
  examples: c.examples.join('，'),
  handler: c.handler,
  emergency: c.emergency,
  private: c.private,
  claim: String(c.sla.claimMinutes),
  resolve: String(c.sla.resolveMinutes),
  officeReason: c.officeReason ?? '',
  original: c,
});

const namedForm = (x: { id: string; name: string }): NamedForm => ({ key: key(), isNew: false, id: x.id, name: x.name, original: x });

/** The form of one section as the configuration has it now. */
export function sectionForm<S extends keyof Forms>(section: S, config: CommunityConfigView): Forms[S] {
  const all: Forms = {
    categories: config.categories.map(categoryForm),
    groups: config.groups.map(namedForm),
    compounds: config.compounds.map(namedForm),
    templates: { ...config.templates },
    settings: { name: config.name ?? '', officePhone: config.officePhone, cap: String(config.limits.openCasesPerMember), limits: config.limits },
    quickReplies: Object.fromEntries(Object.entries(quickRepliesOf(config)).map(([step, list]) => [step, list.join('\n')])) as Record<QuickReplyStep, string>,
  };
  return all[section];
}

export const formsOf = (config: CommunityConfigView): Forms => ({
  categories: sectionForm('categories', config),
  groups: sectionForm('groups', config),
  compounds: sectionForm('compounds', config),
  templates: sectionForm('templates', config),
  settings: sectionForm('settings', config),
  quickReplies: sectionForm('quickReplies', config),
});

const isWhole = (text: string) => /^\d+$/.test(text.trim());

/** "水管，漏水、停水" → ["水管", "漏水", "停水"]. */
const splitExamples = (text: string) =>
  text
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The phrases of a 常用语 box: one a line, spaces at either end trimmed, empty lines left out. */
export const phraseLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

/** What `saveConfigSection(section, value)` sends for the section, or the problems the form has in words. */
export function valueOf(section: keyof Forms, forms: Forms): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  switch (section) {
    case 'categories': {
      const value = forms.categories.map((c, i) => {
        const n = `第${i + 1}类${c.name.trim() ? `（${c.name.trim()}）` : ''}`;
        if (!c.name.trim()) problems.push(`第${i + 1}类还没有名称。`);
        if (!isWhole(c.claim)) problems.push(`${n}的认领时限请写分钟数，例如 120。`);
        if (!isWhole(c.resolve)) problems.push(`${n}的办结时限请写分钟数，例如 2880。`);
        const reason = c.officeReason.trim();
        const { officeReason: _old, ...kept } = c.original ?? ({} as Partial<Category>);
        return {
          ...kept,
          id: c.id.trim() || newId('c'),
          name: c.name.trim(),
          icon: c.icon.trim(),
          // Unedited examples are saved as loaded (one may hold a comma, which the text form would split).
          examples: c.original && c.examples === c.original.examples.join('，') ? c.original.examples : splitExamples(c.examples),
          handler: c.handler,
          emergency: c.emergency,
          private: c.private,
          sla: { claimMinutes: Number(c.claim.trim()), resolveMinutes: Number(c.resolve.trim()) },
          ...(reason ? { officeReason: reason } : {}),
        };
      });
      return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
    }
    case 'groups':
    case 'compounds': {
      const what = section === 'groups' ? '小组' : '小区';
      const value = forms[section].map((x, i) => {
        if (!x.name.trim()) problems.push(`第${i + 1}个${what}还没有名称。`);
        return { ...x.original, id: x.id.trim() || newId(section === 'groups' ? 'g' : 'p'), name: x.name.trim() };
      });
      return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
    }
    case 'templates': {
      return { ok: true, value: Object.fromEntries(Object.entries(forms.templates).map(([k, v]) => [k, String(v).trim()])) };
    }
    case 'settings': {
      const { name, officePhone, cap, limits } = forms.settings;
      if (!phoneDigits(officePhone)) problems.push('请写上社区办公室电话。');
      else if (!isPhone(officePhone)) problems.push('社区办公室电话不对：座机请带区号，例如 057385010001；手机是 11 位数字。');
      if (!isWhole(cap) || Number(cap.trim()) < 1) problems.push('每位成员最多同时办几件，请写一个数字，例如 5。');
      if (problems.length > 0) return { ok: false, problems };
      return { ok: true, value: { name: name.trim(), officePhone: officePhone.trim(), limits: { ...limits, openCasesPerMember: Number(cap.trim()) } } };
    }
    case 'quickReplies': {
      const value = {} as Record<QuickReplyStep, string[]>;
      for (const step of QUICK_REPLY_STEPS) {
        const words = QUICK_REPLY_STEP_WORDS[step];
        // One phrase a line; empty lines are left out, and the same phrase twice is kept once.
        const phrases = [...new Set(phraseLines(forms.quickReplies[step]))];
        for (const p of phrases) {
          const n = Array.from(p).length;
          if (n > QUICK_REPLY_MAX_CHARS)
            problems.push(`「${words}」的常用语「${Array.from(p).slice(0, 8).join('')}…」有${n}个字，最多${QUICK_REPLY_MAX_CHARS}个字。`);
        }
        if (phrases.length > QUICK_REPLY_MAX_PER_STEP) problems.push(`「${words}」写了${phrases.length}句常用语，最多${QUICK_REPLY_MAX_PER_STEP}句。`);
        value[step] = phrases;
      }
      return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
    }
  }
}
