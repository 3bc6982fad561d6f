/**
 * The admin configuration page's forms round-trip: loading a section into its form and saving it back, unedited,
 * sends exactly what was loaded — including fields the page does not know (a field added to the configuration later
 * is never erased by an admin's save).
 */
import type { CommunityConfigView } from '../../types/domain';
import { formsOf, valueOf, type Forms } from '../../src/pages-admin/config/forms';
import { aCommunity } from '../fakes';

/** A configuration whose every section carries a field no page edits. */
function withUnknownFields(): CommunityConfigView {
  const c = aCommunity();
  const extra = { addedLater: '保留' };
  return {
    ...c,
    categories: c.categories.map((k) => ({ ...k, ...extra })),
    groups: c.groups.map((g) => ({ ...g, ...extra })),
    compounds: c.compounds.map((x) => ({ ...x, ...extra })),
    templates: { ...c.templates, ...extra } as CommunityConfigView['templates'],
    limits: { ...c.limits, ...extra } as CommunityConfigView['limits'],
  };
}

const SECTIONS: Array<keyof Forms> = ['categories', 'groups', 'compounds', 'templates', 'settings'];

it.each(SECTIONS)('the %s form saves back every field it does not edit', (section) => {
  const config = withUnknownFields();
  const saved = valueOf(section, formsOf(config));
  if (!saved.ok) throw new Error(saved.problems.join(' '));
  const expected = section === 'settings' ? { name: config.name, officePhone: config.officePhone, limits: config.limits } : config[section];
  expect(saved.value).toEqual(expected);
});

it('an edit changes only the field edited', () => {
  const config = withUnknownFields();
  const forms = formsOf(config);
  forms.categories[0] = { ...forms.categories[0], name: '修水管' };
  const saved = valueOf('categories', forms);
  if (!saved.ok) throw new Error(saved.problems.join(' '));
  expect(saved.value).toEqual([{ ...config.categories[0], name: '修水管' }, ...config.categories.slice(1)]);
});
