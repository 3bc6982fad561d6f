import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseSummary } from '../../../types/domain';
import CaseTags from '../case-tags';
import { formatDate } from '../../lib/labels';
import { routes } from '../../lib/routes';

export interface CaseRowProps {
  c: CaseSummary;
  testId: string;
  /** Lines between 「地点」 and the case number (the description, the expected-by time). */
  children?: ReactNode;
}

/** A case in an office list, a card that opens the case: its marks, category and status, holder, place and number. */
export default function CaseRow({ c, testId, children }: CaseRowProps) {
  return (
    <View className='gk-card gk-row' role='button' tabIndex={0} data-testid={testId} onClick={() => Taro.navigateTo({ url: routes.caseOf(c.id) })}>
      <CaseTags c={c} />
      <Text className='gk-row__title'>
        {c.categoryName}：{c.statusText}
      </Text>
      <Text className='gk-row__line'>现在由：{c.holderText}</Text>
      <Text className='gk-row__line'>地点：{c.placeText}</Text>
      {children}
      <Text className='gk-row__line gk-muted gk-code'>
        编号 {c.code}　{formatDate(c.createdAt)}
      </Text>
    </View>
  );
}
