import { Input, Text, Textarea } from '@tarojs/components';
import { nativeField } from '../../lib/native-field';

export interface TextFieldProps {
  /** The visible label, also the field's accessible name. */
  label: string;
  /** On a numbered form, the number shown before the label (「2. 您的姓名」); the spoken name stays the label. */
  step?: number;
  /** A line under the label (what to write, or what happens when it is left empty). */
  hint?: string;
  value: string;
  /** What was typed; a string returned replaces it in the box (e.g. the same text tidied). */
  onInput: (value: string) => string | void;
  testId: string;
  placeholder?: string;
  /** A box of several lines (.gk-textarea) instead of one. */
  multiline?: boolean;
  /** The keyboard of a one-line box. */
  type?: 'text' | 'number' | 'digit';
  maxlength?: number;
  /** The label's class: 'gk-label' unless told. */
  labelClass?: string;
  /** The label's element id (to scroll to it). */
  labelId?: string;
  /** More classes on the box after 'gk-input' or 'gk-textarea'. */
  inputClass?: string;
}

/** A text field under its visible label (and hint); the label's words are its accessible name. */
export default function TextField(props: TextFieldProps) {
  const { label, step, hint, value, onInput, testId, placeholder, multiline = false, type = 'text', maxlength = 100 } = props;
  const { labelClass = 'gk-label', labelId, inputClass } = props;
  const boxClass = (base: string) => (inputClass ? `${base} ${inputClass}` : base);
  const box = { value, maxlength, placeholder, placeholderClass: 'gk-placeholder', nativeProps: nativeField(testId, label) };
  return (
    <>
      <Text className={labelClass} id={labelId}>
        {step === undefined ? label : `${step}. ${label}`}
      </Text>
      {hint ? <Text className='gk-hint'>{hint}</Text> : null}
      {multiline ? (
        <Textarea className={boxClass('gk-textarea')} {...box} onInput={(e) => onInput(e.detail.value)} />
      ) : (
        <Input className={boxClass('gk-input')} type={type} {...box} onInput={(e) => onInput(e.detail.value)} />
      )}
    </>
  );
}

/** A phone number field (mobile or landline, digits keyboard); unless told, its hint asks for the area code. */
export function PhoneField({
  hint = '手机或家里的座机都可以，座机请带区号。',
  ...field
}: Omit<TextFieldProps, 'type' | 'maxlength' | 'placeholder' | 'multiline'>) {
  return <TextField {...field} hint={hint} type='number' maxlength={20} placeholder='例如：13800000000' />;
}
