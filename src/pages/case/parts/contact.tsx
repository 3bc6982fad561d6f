import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseView } from '../../../../types/domain';
import BigButton from '../../../components/big-button';

/**
 * A way to reach us, for the person who reported the case: the community office's phone with a call button. (The
 * configuration has no separate studio duty phone; the office phone is labelled as the office's.) An emergency
 * case already shows its call buttons at the top, so it gets none here.
 */
export default function Contact({ view: v }: { view: CaseView }) {
  const phone = v.forMe.officePhone;
  if (!v.forMe.reported || !phone || v.forMe.emergency) return null;
  return (
    <View className='gk-card case__contact' data-testid='case-contact'>
      <Text className='gk-heading case__first-heading'>有事找我们</Text>
      <Text className='gk-text'>社区办公室电话：{phone}</Text>
      <Text className='gk-text gk-muted'>上班时间有人接，可以问问这件事办得怎么样了。</Text>
      <BigButton
        text='打电话给社区办公室'
        variant='secondary'
        label={`拨打社区办公室电话 ${phone}`}
        testId='call-office'
        onTap={() => {
          Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
        }}
      />
    </View>
  );
}
