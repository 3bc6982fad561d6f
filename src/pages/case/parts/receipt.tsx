import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseView } from '../../../../types/domain';
import BigButton from '../../../components/big-button';
import { routes } from '../../../lib/routes';

/**
 * 「收到了」: the receipt shown at the top of the case page right after 提交 (the report page opens it with
 * `submitted=1`): the case's number, who will handle it and by when, and what happens next, in plain words.
 */
export default function Receipt({ view: v }: { view: CaseView }) {
  const next =
    v.status === 'claimed'
      ? '处理的人会尽快和您联系，办好了会通知您。'
      : v.routing.target === 'office'
        ? '社区办公室处理时会通知您，办好了也会通知您。'
        : '有人接手时会通知您，办好了也会通知您。';
  return (
    <View className='gk-card case__receipt' data-testid='receipt' role='status'>
      <Text className='case__receipt-title'>收到了</Text>
      <Text className='gk-text'>您反映的事已经记下了。</Text>
      <Text className='gk-text gk-code' data-testid='receipt-code'>
        事项编号：{v.code}
      </Text>
      <Text className='gk-text' data-testid='receipt-who'>
        由谁处理：{v.holderText}
      </Text>
      {v.expectation ? (
        <Text className='gk-text' data-testid='receipt-when'>
          什么时候：{v.expectation.text}
        </Text>
      ) : null}
      <Text className='gk-text' data-testid='receipt-next'>
        接下来：{next}通知在首页的「消息」里能看到，不用一直等在这个页面。
      </Text>
      <BigButton text='好的，回到首页' testId='receipt-home' onTap={() => Taro.reLaunch({ url: routes.home }).catch(() => undefined)} />
    </View>
  );
}
