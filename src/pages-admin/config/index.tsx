import { type ReactNode, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useLoad } from '@tarojs/taro';
import BigButton from '../../components/big-button';
import LoadStatus from '../../components/load-status';
import { fetchAdminOverview, saveConfigSection, type ConfigSection } from '../../services/cloud';
import { problemLines } from '../../lib/forms';
import { scaleStyle } from '../../lib/font-scale';
import { AddButton, DangerButton, Field, type SaveNote, SaveNoteView, Tile, TileGroup } from '../shared/ui';
import { TEMPLATES, formsOf, key, phraseLines, sectionForm, valueOf, type CategoryForm, type Forms, type NamedForm } from './forms';
import { QUICK_REPLY_MAX_CHARS, QUICK_REPLY_MAX_PER_STEP, QUICK_REPLY_STEP_WORDS, QUICK_REPLY_STEPS } from '../../../types/quick-replies';
import '../shared/admin.css';
import './index.css';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready' };

/**
 * 类别与设置: categories, groups, compounds, template ids, office phone and the cap; each block saved on its own. The
 * blocks are rows to open one at a time (the page was 43 screens long at 320 px × 2.0 with all of them open), so one
 * 「保存」 is on screen at a time; a block changed and not yet saved says so on its row.
 */
export default function ConfigPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [forms, setForms] = useState<Forms | null>(null);
  /** The last save's outcome, shown under that block's button. */
  const [note, setNote] = useState<{ section: keyof Forms; note: SaveNote } | null>(null);
  const [saving, setSaving] = useState<keyof Forms | null>(null);
  /** The block open for editing (one at a time); none when the page opens. */
  const [openBlock, setOpenBlock] = useState<keyof Forms | null>(null);
  /** Blocks changed since they were loaded or last saved. */
  const [dirty, setDirty] = useState<Array<keyof Forms>>([]);
  const busy = useRef(false);

  const reload = async () => {
    setLoad({ state: 'loading' });
    const res = await fetchAdminOverview();
    if (!res.ok) {
      setLoad({ state: 'failed', message: res.error.message });
      return;
    }
    setForms(formsOf(res.data.config));
    setLoad({ state: 'ready' });
  };

  useLoad(() => {
    reload();
  });

  const change = <S extends keyof Forms>(section: S, value: Forms[S]) => {
    setForms((f) => (f ? { ...f, [section]: value } : f));
    setNote((n) => (n && n.section === section ? null : n));
    setDirty((d) => (d.includes(section) ? d : [...d, section]));
  };

  const onSave = async (section: keyof Forms) => {
    if (busy.current || !forms) return;
    const built = valueOf(section, forms);
    if (!built.ok) {
      setNote({ section, note: { kind: 'error', lines: built.problems } });
      return;
    }
    busy.current = true;
    setSaving(section);
    setNote(null);
    const res = await saveConfigSection(section as ConfigSection, built.value);
    busy.current = false;
    setSaving(null);
    if (!res.ok) {
      setNote({ section, note: { kind: 'error', lines: problemLines(res.error.message) } });
      return;
    }
    // Only this block is refreshed from the answer: what was typed in the other blocks and not yet saved stays.
    setForms((f) => (f ? { ...f, [section]: sectionForm(section, res.data) } : f));
    setNote({ section, note: { kind: 'done', text: '已经保存。' } });
    setDirty((d) => d.filter((x) => x !== section));
  };

  if (load.state !== 'ready' || !forms) {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <LoadStatus load={load.state === 'ready' ? { state: 'loading' } : load} onRetry={reload} />
      </View>
    );
  }

  /** The block's save button with its outcome above it. */
  const saveButton = (section: keyof Forms, text: string) => (
    <View className='gk-bottom-bar cfg__save'>
      <SaveNoteView note={note && note.section === section ? note.note : null} errorTestId='config-error' doneTestId='config-saved' />
      <BigButton text={saving === section ? '正在保存……' : text} disabled={saving !== null} testId={`save-${section}`} onTap={() => onSave(section)} />
    </View>
  );

  /** A block as a row to open: its title, 「修改」/「收起」, and when open its fields and its own save button. */
  const block = (section: keyof Forms, title: string, saveText: string, body: () => ReactNode) => {
    const isOpen = openBlock === section;
    return (
      <View className='gk-card cfg__block' data-testid={`block-${section}`}>
        <View
          className='cfg__head'
          role='button'
          tabIndex={0}
          aria-expanded={isOpen ? 'true' : 'false'}
          data-testid={`open-${section}`}
          onClick={() => setOpenBlock(isOpen ? null : section)}
        >
          <View className='cfg__head-words'>
            <Text className='cfg__head-title'>{title}</Text>
            {dirty.includes(section) ? <Text className='cfg__head-dirty'>改了还没保存</Text> : null}
          </View>
          <Text className='cfg__head-mark'>{isOpen ? '收起' : '修改'}</Text>
        </View>
        {isOpen ? (
          <View className='cfg__body'>
            {body()}
            {saveButton(section, saveText)}
          </View>
        ) : null}
      </View>
    );
  };

  const { categories, groups, compounds, templates, settings, quickReplies } = forms;
  const setCategory = (i: number, patch: Partial<CategoryForm>) =>
    change(
      'categories',
      categories.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    );

  /** The rows of groups or compounds: id (typed only when new), name, 删除; and 添加. */
  const namedBlock = (section: 'groups' | 'compounds', what: string, prefix: 'group' | 'compound') => {
    const rows = forms[section];
    const setRow = (i: number, patch: Partial<NamedForm>) =>
      change(
        section,
        rows.map((x, j) => (j === i ? { ...x, ...patch } : x)),
      );
    return (
      <View>
        {rows.length === 0 ? <Text className='gk-empty'>还没有{what}。</Text> : null}
        {rows.map((x, i) => (
          <View key={x.key} className='gk-card adm__item' data-testid={`${prefix}-${i}`}>
            {x.isNew ? (
              <Field
                label={`第${i + 1}个${what}的编号（可以不填）`}
                hint='英文字母或数字，不填会自动生成；保存后不能改。'
                value={x.id}
                maxlength={30}
                testId={`${prefix}-id-${i}`}
                onInput={(id) => setRow(i, { id })}
              />
            ) : (
              <Text className='gk-hint'>编号：{x.id}</Text>
            )}
            <Field label={`第${i + 1}个${what}的名称`} value={x.name} maxlength={30} testId={`${prefix}-name-${i}`} onInput={(name) => setRow(i, { name })} />
            <View className='adm__actions'>
              <DangerButton
                text={`删除这个${what}`}
                testId={`${prefix}-remove-${i}`}
                onTap={() =>
                  change(
                    section,
                    rows.filter((_, j) => j !== i),
                  )
                }
              />
            </View>
          </View>
        ))}
        <BigButton
          text={`添加${what}`}
          size='small'
          variant='secondary'
          testId={`${prefix}-add`}
          onTap={() => change(section, [...rows, { key: key(), isNew: true, id: '', name: '' }])}
        />
      </View>
    );
  };

  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <Text className='gk-text gk-muted'>点一块的“修改”打开它。改好以后，点这一块下面的“保存”按钮。删除和添加也要保存后才算数。</Text>

      {block('categories', `事情的类别（${categories.length}）`, '保存类别', () => (
        <>
          {categories.map((c, i) => (
            <View key={c.key} className='gk-card adm__item' data-testid={`cat-${i}`}>
              <Text className='adm__item-title'>
                第{i + 1}类：
                {c.name || '（还没有名称）'}
              </Text>
              {c.isNew ? (
                <Field
                  label='编号（可以不填）'
                  hint='英文字母或数字，不填会自动生成；保存后不能改。'
                  value={c.id}
                  maxlength={30}
                  testId={`cat-id-${i}`}
                  onInput={(id) => setCategory(i, { id })}
                />
              ) : (
                <Text className='gk-hint'>编号：{c.id}</Text>
              )}
              <Field label='名称' value={c.name} maxlength={20} testId={`cat-name-${i}`} onInput={(name) => setCategory(i, { name })} />
              <Field
                label='图标'
                hint='填一个图标名：repair 维修、water 水、gas 燃气、noise 噪音、dispute 纠纷、certificate 证明、policy 政策、clean 卫生、elder 老人、hazard 隐患、other 其他'
                value={c.icon}
                maxlength={16}
                testId={`cat-icon-${i}`}
                onInput={(icon) => setCategory(i, { icon })}
              />
              <Field
                label='例子'
                hint='居民看到的例子，用逗号隔开。'
                value={c.examples}
                maxlength={200}
                placeholder='例如：水管漏水，下水道堵了'
                testId={`cat-examples-${i}`}
                onInput={(examples) => setCategory(i, { examples })}
              />
              <TileGroup id={`cat-handler-${i}-label`} label='谁来办'>
                <Tile
                  text='工作室'
                  on={c.handler === 'studio'}
                  label='工作室值班成员办'
                  testId={`cat-handler-${i}-studio`}
                  onTap={() => setCategory(i, { handler: 'studio' })}
                />
                <Tile
                  text='仅社区'
                  on={c.handler === 'office'}
                  label='只由社区办公室办'
                  testId={`cat-handler-${i}-office`}
                  onTap={() => setCategory(i, { handler: 'office' })}
                />
              </TileGroup>
              {c.handler === 'office' ? (
                <Field
                  label='为什么由社区办（居民会看到）'
                  value={c.officeReason}
                  maxlength={100}
                  placeholder='例如：涉及费用，需要社区统一处理'
                  testId={`cat-reason-${i}`}
                  onInput={(officeReason) => setCategory(i, { officeReason })}
                />
              ) : null}
              <TileGroup id={`cat-flags-${i}-label`} label='其他（可以选几个）'>
                <Tile
                  kind='toggle'
                  text='紧急'
                  on={c.emergency}
                  label='紧急：马上交社区，并提醒值班小组'
                  testId={`cat-emergency-${i}`}
                  onTap={() => setCategory(i, { emergency: !c.emergency })}
                />
                <Tile
                  kind='toggle'
                  text='隐私'
                  on={c.private}
                  label='隐私：内容只有办理的人能看到'
                  testId={`cat-private-${i}`}
                  onTap={() => setCategory(i, { private: !c.private })}
                />
              </TileGroup>
              <Text className='gk-hint'>紧急：马上交社区，并提醒值班小组。隐私：内容只有办理的人能看到。</Text>
              <View className='adm__pair'>
                <Field
                  compact
                  label='多久内要有人认领（分钟）'
                  type='number'
                  value={c.claim}
                  maxlength={6}
                  testId={`cat-claim-${i}`}
                  onInput={(claim) => setCategory(i, { claim })}
                />
                <Field
                  compact
                  label='多久内要办好（分钟）'
                  type='number'
                  value={c.resolve}
                  maxlength={6}
                  testId={`cat-resolve-${i}`}
                  onInput={(resolve) => setCategory(i, { resolve })}
                />
              </View>
              <Text className='gk-hint'>只算值班时间，不值班的时候不算。例如每天值班 9 小时，540 分钟就是一整个值班日。</Text>
              <View className='adm__actions'>
                <DangerButton
                  text='删除这一类'
                  testId={`cat-remove-${i}`}
                  onTap={() =>
                    change(
                      'categories',
                      categories.filter((_, j) => j !== i),
                    )
                  }
                />
              </View>
            </View>
          ))}
          <AddButton
            text='添加一类'
            testId='cat-add'
            onTap={() =>
              change('categories', [
                ...categories,
                {
                  key: key(),
                  isNew: true,
                  id: '',
                  name: '',
                  icon: '',
                  examples: '',
                  handler: 'studio',
                  emergency: false,
                  private: false,
                  claim: '120',
                  resolve: '2880',
                  officeReason: '',
                },
              ])
            }
          />
        </>
      ))}

      {block('groups', `值班小组（${groups.length}）`, '保存小组', () => (
        <>{namedBlock('groups', '小组', 'group')}</>
      ))}

      {block('compounds', `小区（${compounds.length}）`, '保存小区', () => (
        <>{namedBlock('compounds', '小区', 'compound')}</>
      ))}

      {block('templates', '微信通知模板', '保存模板', () => (
        <>
          <Text className='gk-hint'>在微信公众平台“订阅消息”里选好模板，把模板编号抄在这里。</Text>
          {TEMPLATES.map((t) => (
            <Field
              key={t.key}
              label={t.name}
              hint={t.hint}
              value={templates[t.key] ?? ''}
              maxlength={100}
              testId={`template-${t.key}`}
              onInput={(v) => change('templates', { ...templates, [t.key]: v })}
            />
          ))}
        </>
      ))}

      {block('settings', '其他设置', '保存设置', () => (
        <>
          <Field
            label='社区名称'
            hint='印在通报和志愿服务记录的最上面。'
            value={settings.name}
            type='text'
            maxlength={30}
            placeholder='例如：南河头社区'
            testId='settings-name'
            onInput={(name) => change('settings', { ...settings, name })}
          />
          <Field
            label='社区办公室电话'
            hint='居民遇到紧急的事、值班成员办不了时打这个电话。'
            value={settings.officePhone}
            type='text'
            maxlength={20}
            placeholder='例如：0573-85010001'
            testId='settings-phone'
            onInput={(officePhone) => change('settings', { ...settings, officePhone })}
          />
          <Field
            label='每位成员最多同时办几件'
            hint='手上没办完的事到了这个数，就不能再认领。'
            value={settings.cap}
            type='number'
            maxlength={3}
            testId='settings-cap'
            onInput={(cap) => change('settings', { ...settings, cap })}
          />
        </>
      ))}

      {block('quickReplies', '常用语', '保存常用语', () => (
        <>
          <Text className='gk-hint'>
            成员办事时点一下就能填进去，少打字。一行写一句，每句最多{QUICK_REPLY_MAX_CHARS}个字，每一步最多{QUICK_REPLY_MAX_PER_STEP}句；空行不算。
          </Text>
          {QUICK_REPLY_STEPS.map((step) => (
            <Field
              key={step}
              multiline
              label={`「${QUICK_REPLY_STEP_WORDS[step]}」的常用语（${phraseLines(quickReplies[step]).length}句）`}
              value={quickReplies[step]}
              maxlength={600}
              placeholder='例如：已上门查看'
              testId={`quick-${step}`}
              onInput={(v) => change('quickReplies', { ...quickReplies, [step]: v })}
            />
          ))}
        </>
      ))}
    </View>
  );
}
