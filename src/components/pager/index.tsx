import { View } from '@tarojs/components';
import BigButton from '../big-button';
import './index.css';

export interface PagerProps {
  /** The page shown, from 0. */
  page: number;
  hasMore: boolean;
  onPage: (page: number) => void;
  /** The buttons' test ids are this prefix plus 'prev' and 'next', e.g. 'audit-'. */
  testIdPrefix: string;
}

/** 上一页 / 下一页 side by side under a list (each half the row when there is room); nothing on a lone page. */
export default function Pager({ page, hasMore, onPage, testIdPrefix }: PagerProps) {
  if (!(page > 0 || hasMore)) return null;
  return (
    <View className='gk-pager'>
      {page > 0 ? <BigButton text='上一页' variant='secondary' testId={`${testIdPrefix}prev`} onTap={() => onPage(page - 1)} /> : null}
      {hasMore ? <BigButton text='下一页' variant='secondary' testId={`${testIdPrefix}next`} onTap={() => onPage(page + 1)} /> : null}
    </View>
  );
}
