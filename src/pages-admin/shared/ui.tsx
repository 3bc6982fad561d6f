/**
 * Building blocks of the admin pages (subpackage only): tiles to pick or toggle, labelled text fields, a date picker,
 * and the 「已经保存」/ problem lines under a save button.
 */
import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import BigButton, { type BigButtonProps } from '../../components/big-button';
import Notice from '../../components/notice';
import PickTile from '../../components/pick-tile';
import TextField, { type TextFieldProps } from '../../components/text-field';
import SharedDateField from '../../components/date-field';

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
    <PickTile on={on} className={`adm__tile${wide ? ' adm__tile--wide' : ''}`} label={label} testId={testId} onTap={onTap}>
      <Text className='adm__tile-text'>
        {sign}
        {text}
      </Text>
      {sub ? <Text className='adm__tile-sub'>{sub}</Text> : null}
    </PickTile>
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

export interface FieldProps extends Omit<TextFieldProps, 'step' | 'labelClass' | 'inputClass'> {
  /** A narrower label for fields inside a row (dates of a leave period). */
  compact?: boolean;
}

/** A one-line text field with its visible label above (and the same words as its accessible name). */
export function Field({ compact = false, ...field }: FieldProps) {
  return (
    <View className={compact ? 'adm__field adm__field--compact' : 'adm__field'}>
      <TextField {...field} labelClass={compact ? 'adm__field-label' : undefined} />
    </View>
  );
}

export interface DateFieldProps {
  label: string;
  hint?: string;
  /** The date as YYYY-MM-DD; empty when none is chosen yet. */
  value: string;
  onChange: (date: string) => void;
  testId: string;
  /** A narrower label for fields inside a row (the two dates of a leave period). */
  compact?: boolean;
}

/** The shared date picker field (src/components/date-field) in the admin pages' layout. */
export function DateField({ compact = false, ...field }: DateFieldProps) {
  return (
    <SharedDateField {...field} className={compact ? 'adm__field adm__field--compact' : 'adm__field'} labelClass={compact ? 'adm__field-label' : 'gk-label'} />
  );
}

/** A small button that takes something away (删除, 作废, 取消身份), outlined in red. */
export function DangerButton({ className, ...button }: Omit<BigButtonProps, 'size' | 'variant'> & { className?: string }) {
  return (
    <View className={className ? `adm__danger ${className}` : 'adm__danger'}>
      <BigButton {...button} size='small' variant='secondary' />
    </View>
  );
}

/** A small outlined button that adds an item to a list (添加一段请假, 添加调班). */
export function AddButton(button: Omit<BigButtonProps, 'size' | 'variant'>) {
  return <BigButton {...button} size='small' variant='secondary' />;
}

/** What a save came to: the problems one per line, or 「已经保存」. */
export type SaveNote = { kind: 'error'; lines: string[] } | { kind: 'done'; text: string } | null;

/** The save note under a button, with the page's test ids for each kind. */
export function SaveNoteView({ note, errorTestId, doneTestId }: { note: SaveNote; errorTestId: string; doneTestId: string }) {
  if (!note) return null;
  if (note.kind === 'error') return <Notice kind='error' lines={note.lines} testId={errorTestId} />;
  return <Notice kind='info' lines={[note.text]} testId={doneTestId} />;
}

/** 保存 at the end of a form, under what the last save came to; test ids are the prefix plus -error, -saved, -save. */
export function SaveBar({ note, saving, onSave, testIdPrefix }: { note: SaveNote; saving: boolean; onSave: () => void; testIdPrefix: string }) {
  return (
    <View className='gk-bottom-bar adm__save'>
      <SaveNoteView note={note} errorTestId={`${testIdPrefix}-error`} doneTestId={`${testIdPrefix}-saved`} />
      <BigButton text={saving ? '正在保存……' : '保存'} disabled={saving} testId={`${testIdPrefix}-save`} onTap={onSave} />
    </View>
  );
}
