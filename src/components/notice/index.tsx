import { Text, View } from '@tarojs/components';

export interface NoticeProps {
  /** 'error' failures, 'info' neutral news, 'alarm' the emergency call banner. */
  kind: 'error' | 'info' | 'alarm';
  /** One message per line. */
  lines: string[];
  testId?: string;
}

const SIGNS: Record<NoticeProps['kind'], string> = { error: '⚠ ', info: 'ℹ ', alarm: '☎ ' };

/** A boxed message in words (with a sign), so nothing relies on colour alone; announced by screen readers. */
export default function Notice({ kind, lines, testId }: NoticeProps) {
  if (lines.length === 0) return null;
  return (
    <View className={`gk-notice gk-notice--${kind}`} role={kind === 'info' ? 'status' : 'alert'} data-testid={testId}>
      {lines.map((line, i) => (
        <Text key={i} className='gk-notice__line'>
          {i === 0 ? SIGNS[kind] : ''}
          {line}
        </Text>
      ))}
    </View>
  );
}
