import { useRef, useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import { redeemInvite } from '../../services/cloud';
import { isPhone, phoneDigits, problemLines } from '../../lib/forms';
import { routes } from '../../lib/routes';
import { forgetMe } from '../../lib/session';
import { nativeField } from '../../lib/native-field';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';

/** Codes are capital letters and digits; whatever else is typed (spaces, dashes, small letters) is tidied. */
function tidyCode(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

interface Form {
  code: string;
  name: string;
  phone: string;
}

/** Everything wrong with the form, in words; empty when it can be sent. */
function problemsOf(form: Form): string[] {
  const problems: string[] = [];
  if (!form.code) problems.push('请写上邀请码（管理员给您的字母和数字）。');
  if (!form.name.trim()) problems.push('请写上您的姓名，同事们会看到这个名字。');
  if (!phoneDigits(form.phone)) problems.push('请写上您的电话。');
  else if (!isPhone(form.phone)) problems.push('电话号码不对：手机是 11 位数字；座机请带区号，例如 057385010001。');
  return problems;
}

/** 输入邀请码: anyone takes the role an admin's invite code grants (duty member, office worker, admin). */
export default function Join() {
  const [form, setForm] = useState<Form>({ code: '', name: '', phone: '' });
  const [problems, setProblems] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  // NOTE: a ref, not state: a second tap in the same frame must already see the first one.
  const busy = useRef(false);

  const update = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setProblems([]);
  };

  const onSubmit = async () => {
    if (busy.current) return;
    const found = problemsOf(form);
    setProblems(found);
    if (found.length > 0) return;
    busy.current = true;
    setSending(true);
    const res = await redeemInvite(form.code, form.name.trim(), phoneDigits(form.phone));
    if (res.ok) {
      // The role changed: home must ask who I am again, and start afresh (the old pages belong to the old role).
      forgetMe();
      Taro.reLaunch({ url: routes.home });
      return;
    }
    setProblems(problemLines(res.error.message));
    setSending(false);
    busy.current = false;
  };

  return (
    <View className='gk-page join' style={scaleStyle()}>
      <Text className='gk-title'>输入邀请码</Text>
      <Text className='gk-text gk-muted'>管理员请您加入工作室或社区时，会给您一个邀请码。</Text>

      <Text className='gk-label'>1. 邀请码</Text>
      <Text className='gk-hint'>字母和数字，大小写都可以。</Text>
      <Input
        className='gk-input join__code'
        type='text'
        value={form.code}
        maxlength={20}
        placeholder='例如：K7Q2M9'
        placeholderClass='gk-placeholder'
        onInput={(e) => {
          const code = tidyCode(e.detail.value);
          update({ code });
          return code;
        }}
        nativeProps={nativeField('join-code', '邀请码')}
      />

      <Text className='gk-label'>2. 您的姓名</Text>
      <Text className='gk-hint'>同事们会看到这个名字。</Text>
      <Input
        className='gk-input'
        type='text'
        value={form.name}
        maxlength={20}
        placeholder='例如：王思瑛'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ name: e.detail.value })}
        nativeProps={nativeField('join-name', '您的姓名')}
      />

      <Text className='gk-label'>3. 您的电话</Text>
      <Text className='gk-hint'>手机或家里的座机都可以，座机请带区号。</Text>
      <Input
        className='gk-input'
        type='number'
        value={form.phone}
        maxlength={20}
        placeholder='例如：13800000000'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ phone: e.detail.value })}
        nativeProps={nativeField('join-phone', '您的电话')}
      />

      <Notice kind='error' lines={problems} testId='join-error' />

      <View className='join__submit'>
        <BigButton text={sending ? '正在提交……' : '确定'} disabled={sending} testId='join-submit' onTap={onSubmit} />
      </View>
    </View>
  );
}
