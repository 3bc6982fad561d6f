import { Picker, Text, View } from '@tarojs/components';
import { dateWords, todayDate } from '../../lib/dates';

export interface DateFieldProps {
  label: string;
  hint?: string;
  /** The date as YYYY-MM-DD; empty when none is chosen yet. */
  value: string;
  onChange: (date: string) => void;
  testId: string;
  /** The first and last day the picker offers (YYYY-MM-DD). */
  start?: string;
  end?: string;
  /** Classes of the field's box and of its label (the admin pages' compact pairs). */
  className?: string;
  labelClass?: string;
}

/**
 * A date chosen with WeChat's date picker (Taro's Picker mode='date', its own wheel in H5), never typed: the chosen
 * day shown large as 「2026年11月30日 周一」, or 「点这里选日期」 while none is chosen. Shared by the admin pages
 * (请假, 休息日, 调班) and the case page (转办's expected date).
 */
export default function DateField({
  label,
  hint,
  value,
  onChange,
  testId,
  start = '2020-01-01',
  end = '2040-12-31',
  className,
  labelClass = 'gk-label',
}: DateFieldProps) {
  const shown = value ? dateWords(value) : '点这里选日期';
  return (
    <View className={className}>
      <Text className={labelClass}>{label}</Text>
      {hint ? <Text className='gk-hint'>{hint}</Text> : null}
      <Picker mode='date' value={value || todayDate()} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='gk-date' role='button' tabIndex={0} aria-label={`${label}：${shown}。点一下选日期`} data-testid={testId}>
          <Text className={value ? 'gk-date__text' : 'gk-date__text gk-date__text--empty'}>{shown}</Text>
          <Text className='gk-date__change'>选日期 ›</Text>
        </View>
      </Picker>
    </View>
  );
}
