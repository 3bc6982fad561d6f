/**
 * Building blocks of the admin pages (subpackage only): tiles to pick or toggle, labelled text fields, and the
 * 「已经保存」/ problem lines under a save button.
 */
import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Notice from '../../components/notice';
import { nativeField } from '../../lib/native-field';

export interface TileProps {
  text: string;
  on: boolean;
  onTap: () => void;
  testId: string;
  /** Spoken name when the visible words are short (e.g. 「周日」 → 「星期日休息」). */
  label?: string;
  /** 'pick' shows 「✓」 when chosen; 'toggle' shows ☐/☑ (several may be on). */
  kind?: 'pick' | 'toggle';
  /** A second line in smaller type (what the choice means). */
  sub?: string;
  /** A whole row to itself (long words, or a second line). */
  wide?: boolean;
}

/** A tile to pick one of several, or to switch on and off; its state is in words/signs, not colour alone. */
export function Tile({ text, on, onTap, testId, label, kind = 'pick', sub, wide = false }: TileProps) {
  const sign = kind === 'toggle' ? (on ? '☑ ' : '☐ ') : on ? '✓ ' : '';
  return (
    <View
      className={`adm__tile${on ? ' adm__tile--on' : ''}${wide ? ' adm__tile--wide' : ''}`}
      role='button'
      tabIndex={0}
      aria-pressed={on ? 'true' : 'false'}
      aria-label={label}
      data-testid={testId}
      onClick={onTap}
    >
      <Text className='adm__tile-text'>
        {sign}
        {text}
      </Text>
      {sub ? <Text className='adm__tile-sub'>{sub}</Text> : null}
    </View>
  );
}

/** A row of tiles under a visible label (the label names the group for screen readers). */
export function TileGroup({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <View>
      <Text className='gk-label' id={id}>
        {label}
      </Text>
      {hint ? <Text className='gk-hint'>{hint}</Text> : null}
      <View className='gk-tiles' role='group' aria-labelledby={id}>
        {children}
      </View>
    </View>
  );
}

export interface FieldProps {
  label: string;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
  testId: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'digit';
  maxlength?: number;
  /** A narrower label for fields inside a row (dates of a leave period). */
  compact?: boolean;
}

/** A one-line text field with its visible label above (and the same words as its accessible name). */
export function Field({ label, hint, value, onInput, testId, placeholder, type = 'text', maxlength = 100, compact = false }: FieldProps) {
  return (
    <View className={compact ? 'adm__field adm__field--compact' : 'adm__field'}>
      <Text className={compact ? 'adm__field-label' : 'gk-label'}>{label}</Text>
      {hint ? <Text className='gk-hint'>{hint}</Text> : null}
      <Input
        className='gk-input'
        type={type}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        placeholderClass='gk-placeholder'
        onInput={(e) => onInput(e.detail.value)}
        nativeProps={nativeField(testId, label)}
      />
    </View>
  );
}

/** What a save came to: the problems one per line, or 「已经保存」. */
export type SaveNote = { kind: 'error'; lines: string[] } | { kind: 'done'; text: string } | null;

/** The save note under a button, with the page's test ids for each kind. */
export function SaveNoteView({ note, errorTestId, doneTestId }: { note: SaveNote; errorTestId: string; doneTestId: string }) {
  if (!note) return null;
  if (note.kind === 'error') return <Notice kind='error' lines={note.lines} testId={errorTestId} />;
  return <Notice kind='info' lines={[note.text]} testId={doneTestId} />;
}
