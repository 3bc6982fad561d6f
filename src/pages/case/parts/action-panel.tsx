import { type ReactNode, useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { ApiResult } from '../../../../types/result';
import type { SubscribeAnswer, VoiceInput } from '../../../../types/api';
import type { CaseView } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import CategoryIcon from '../../../components/category-icon';
import PickTile from '../../../components/pick-tile';
import Notice from '../../../components/notice';
import TextField from '../../../components/text-field';
import VoiceRecorder, { useVoiceRecorder } from '../../../components/voice-recorder';
import { VOICE_LIMITS } from '../../../../types/limits';
import { askConfirm, CONFIRM_FAILED } from '../../../lib/confirm';
import type { ActionKey, CaseAction } from '../use-action';
import { allowed, type Categories, type Panel, type PanelSpec, PANELS, peopleOf } from './panels';
import QuickReplyChips from './quick-replies';

/** An action's failure in words, right where its button is; nothing when the last failure was another action's. */
export function ActionError({ action, which }: { action: CaseAction; which: ActionKey }) {
  const message = action.errorOf(which);
  return message ? <Notice kind='error' lines={[message]} testId='action-error' /> : null;
}

/**
 * Sends a panel's step: its words, the picked tile's id, the subscribe answers where the panel asks for them, and the
 * voice note where the panel takes one (写进展).
 */
export type PanelSend = (text: string, pick: string, subscriptions?: Record<string, SubscribeAnswer>, voice?: VoiceInput) => Promise<ApiResult<CaseView>>;

/** The panel open now (one at a time): an action panel, 评价, the holder's 办结 form, or 转交外单位's form. */
export type OpenPanel = Panel | 'rate' | 'resolve' | 'transfer';

/** What every role's set of actions is given by the page. */
export interface ActionsProps {
  view: CaseView;
  action: CaseAction;
  /** The open panel, if the caller may still use it. */
  open: OpenPanel | null;
  /** Opens `which` (closing any other); 评价's button opens and closes it. */
  onOpen: (which: OpenPanel) => void;
  /** Closes the open panel (after its step succeeded, or 取消). */
  onClose: () => void;
}

export interface OpenerProps {
  which: Panel;
  view: CaseView;
  action: CaseAction;
  /** The page's open panel (this one is open when it is `which`). */
  open: OpenPanel | null;
  onOpen: (which: Panel) => void;
  onClose: () => void;
  send: PanelSend;
  /**
   * Asks for subscriptions (重新反映). NOTE: WeChat shows the subscribe prompt only when asked synchronously inside the
   * tap, so it is started before any await.
   */
  subscribe?: () => Promise<Record<string, SubscribeAnswer>>;
  /** The categories 改类别 offers, and how to read them again. */
  categories?: Categories;
  /** The panel also takes a voice note (写进展): with one, the words may be left out. */
  voice?: boolean;
  onRetryCategories?: () => void;
}

/** A big secondary button that opens `which`, with its panel right below it; nothing while the server says no. */
export function Opener(props: OpenerProps) {
  const { which, view, open, onOpen } = props;
  if (!allowed(view, which)) return null;
  const { text, testId } = PANELS[which].opener;
  return (
    <View className='case__action'>
      <BigButton text={text} variant='secondary' expanded={open === which} testId={testId} onTap={() => onOpen(which)} />
      {open === which ? <ActionPanel {...props} /> : null}
    </View>
  );
}

/** The tiles, field, confirm and cancel of the open panel; its words and picked tile live as long as it is open. */
function ActionPanel({ which, view: v, action, onClose, send, subscribe, categories, onRetryCategories, voice: takesVoice }: OpenerProps) {
  const spec = PANELS[which];
  const field = spec.field;
  const [text, setText] = useState('');
  const voice = useVoiceRecorder({ busy: () => action.busy === which });
  /** The picked tile: a category (改类别), a colleague (转交) or an office worker (指派). */
  const [pickId, setPickId] = useState<string | null>(null);
  const busy = action.busy === which;
  const clearMine = () => {
    if (action.errorOf(which)) action.clear(true);
  };

  /** Check the pick and the words, ask where asked, send; the case as it is now either way. */
  const onConfirm = () => {
    if (action.running()) return;
    const words = text.trim();
    action.clear();
    if (spec.pick && !pickId) return action.say(which, spec.pick.empty);
    if (which === 'recat' && categories?.state === 'ready' && pickId === v.categoryId) return action.say(which, '这就是现在的类别，请选另一类。');
    if (field && !words && !(takesVoice && voice.phase === 'recorded')) return action.say(which, field.empty);
    const pickedName = peopleOf(v, which).find((p) => p.id === pickId)?.name ?? '';
    const subscribing = subscribe ? subscribe() : null;
    action
      .run(
        which,
        async () => {
          if (spec.modal) {
            const answer = await askConfirm({
              title: spec.modal.title,
              content: spec.modal.content(pickedName),
              confirmText: spec.modal.confirmText,
              cancelText: '再想想',
            });
            if (answer === 'failed') return { said: CONFIRM_FAILED };
            if (answer === 'no') return null;
          }
          const spoken = takesVoice ? await voice.settle() : null;
          if (spoken === 'failed') return { said: '语音没有传上去（见上面语音那里的说明），请点“重录”再录一次。' };
          return send(words, pickId ?? '', subscribing ? await subscribing : undefined, spoken ?? undefined);
        },
        spec.done(pickedName),
      )
      .then((ok) => {
        if (ok) onClose();
      });
  };

  /** A tile to pick: a colleague, an office worker or a category. */
  const tile = (id: string, testId: string, children: ReactNode) => {
    const on = id === pickId;
    return (
      <PickTile
        key={id}
        on={on}
        className='gk-tile--stack case__cat-tile case__pick-tile'
        testId={testId}
        onTap={() => {
          setPickId(id);
          clearMine();
        }}
      >
        {children}
        {on ? <Text className='case__cat-mark'>✓ 已选</Text> : null}
      </PickTile>
    );
  };

  /** The tiles of a panel that picks something. */
  const renderPick = (pick: NonNullable<PanelSpec['pick']>) => {
    const labelId = `case-${which}-pick-label`;
    if (pick.kind === 'category') {
      return (
        <View>
          <Text className='gk-label case__panel-first' id={labelId}>
            {pick.label}
          </Text>
          {!categories || categories.state === 'loading' ? <Text className='gk-text gk-muted'>正在读取类别，请稍等……</Text> : null}
          {categories?.state === 'failed' ? (
            <View>
              <Notice kind='error' lines={[categories.message]} />
              <BigButton text='再试一次' variant='secondary' size='small' onTap={() => onRetryCategories?.()} />
            </View>
          ) : null}
          {categories?.state === 'ready' ? (
            <View className='gk-tiles' role='group' aria-labelledby={labelId}>
              {categories.list.map((c) =>
                tile(
                  c.id,
                  `${pick.testIdPrefix}${c.id}`,
                  <View>
                    <CategoryIcon icon={c.icon} className='case__cat-icon' />
                    <Text className='case__cat-name'>{c.name}</Text>
                    {c.id === v.categoryId ? <Text className='case__cat-note'>现在的类别</Text> : null}
                  </View>,
                ),
              )}
            </View>
          ) : null}
        </View>
      );
    }
    const people = peopleOf(v, which);
    return (
      <View>
        <Text className='gk-label case__panel-first' id={labelId}>
          {pick.label}
        </Text>
        {people.length === 0 ? <Text className='gk-empty'>{pick.none}</Text> : null}
        <View className='gk-tiles' role='group' aria-labelledby={labelId}>
          {people.map((p) => tile(p.id, `${pick.testIdPrefix}${p.id}`, <Text className='case__cat-name'>{p.name}</Text>))}
        </View>
      </View>
    );
  };

  return (
    <View className='case__panel' data-testid={`panel-${which}`}>
      {spec.pick ? renderPick(spec.pick) : null}
      {field ? (
        <View>
          {spec.quickStep ? (
            <QuickReplyChips
              step={spec.quickStep}
              text={text}
              maxlength={500}
              testIdPrefix={`quick-${which}-`}
              onText={(next) => {
                setText(next);
                clearMine();
              }}
            />
          ) : null}
          <TextField
            multiline
            label={field.label}
            labelClass={`gk-label${spec.pick ? '' : ' case__panel-first'}`}
            hint={field.hint}
            value={text}
            maxlength={500}
            placeholder={field.placeholder}
            testId={field.testId}
            onInput={(typed) => {
              setText(typed);
              clearMine();
            }}
          />
        </View>
      ) : null}
      {takesVoice ? (
        <VoiceRecorder
          voice={voice}
          label={`也可以按住说一段话（最长${VOICE_LIMITS.maxSeconds}秒）`}
          labelId={`case-${which}-voice-label`}
          hint='居民在安全检查通过后能听到。'
          disabled={busy}
          testIdPrefix={`${which}-`}
        />
      ) : null}
      <ActionError action={action} which={which} />
      <BigButton text={busy ? spec.busy : voice.waiting ? '正在传语音……' : spec.confirm} disabled={busy} testId={spec.confirmTestId} onTap={onConfirm} />
      <View className='case__panel-cancel'>
        <BigButton text='取消' variant='secondary' size='small' disabled={busy} testId={`cancel-${which}`} onTap={onClose} />
      </View>
    </View>
  );
}
