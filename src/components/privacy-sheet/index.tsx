import { useEffect, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AGREE_BUTTON_ID, answerPrivacy, onPrivacyQuestion, reportShown } from '../../lib/privacy-prompt';
import BigButton from '../big-button';
import './index.css';

/**
 * The privacy consent sheet, in large type, on pages that use photos or the clipboard: shown only while WeChat holds
 * such a call for the person's consent (see lib/privacy-prompt). 「同意」 is WeChat's agree button; 「不同意」 lets the
 * held call fail, and the page says what that means.
 */
export default function PrivacySheet({ use }: { use: string }) {
  const [asking, setAsking] = useState(false);
  useEffect(() => onPrivacyQuestion(setAsking), []);
  useEffect(() => {
    if (asking) reportShown();
  }, [asking]);
  if (!asking) return null;
  return (
    <View className='gk-privacy' data-testid='privacy-sheet'>
      <View className='gk-privacy__box' role='dialog' aria-labelledby='gk-privacy-title'>
        <Text className='gk-privacy__title' id='gk-privacy-title'>
          先请您同意一件事
        </Text>
        <Text className='gk-privacy__text'>{`${use}，需要您同意《金钥匙用户隐私保护指引》。您的照片和电话只给处理这件事的人看。`}</Text>
        <View className='gk-privacy__link' role='button' tabIndex={0} onClick={() => Taro.openPrivacyContract({})}>
          <Text>看看隐私保护指引</Text>
        </View>
        <Button
          id={AGREE_BUTTON_ID}
          className='gk-btn gk-btn--primary gk-privacy__agree'
          openType='agreePrivacyAuthorization'
          data-testid='privacy-agree'
          onAgreePrivacyAuthorization={() => answerPrivacy(true)}
        >
          同意
        </Button>
        <BigButton text='不同意' variant='secondary' testId='privacy-disagree' onTap={() => answerPrivacy(false)} />
      </View>
    </View>
  );
}
