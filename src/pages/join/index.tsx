import { useRef, useState } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import TextField, { PhoneField } from '../../components/text-field';
import { redeemInvite } from '../../services/cloud';
import { isPhone, phoneDigits, problemLines } from '../../lib/forms';
import { routes } from '../../lib/routes';
import { forgetMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import { groupedInviteCode, normalizeInviteCode } from '../../../types/invite-code';
import './index.css';

interface Form {
  code: string;
  name: string;
  phone: string;
}

/** Everything wrong with the form, in words; empty when it can be sent. */
function problemsOf(form: Form): string[] {
  const problems: string[] = [];
  if (!form.code) problems.push('请写上邀请码（管理员给您的6位数字）。');
  // Six digits; codes made before them have 8 letters and digits and still work until they expire.
  else if (!/^(\d{6}|[A-Z0-9]{8})$/.test(form.code)) problems.push('邀请码是6位数字，请核对后再写一遍。');
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
      <TextField
        step={1}
        label='邀请码'
        hint='管理员给的6位数字，空不空格都行。'
        value={groupedInviteCode(form.code)}
        maxlength={20}
        placeholder='例如：483 920'
        inputClass='join__code'
        testId='join-code'
        onInput={(typed) => {
          const code = normalizeInviteCode(typed);
          update({ code });
          return groupedInviteCode(code);
        }}
      />
      <TextField
        step={2}
        label='您的姓名'
        hint='同事们会看到这个名字。'
        value={form.name}
        maxlength={20}
        placeholder='例如：王思瑛'
        testId='join-name'
        onInput={(name) => update({ name })}
      />
      <PhoneField step={3} label='您的电话' value={form.phone} testId='join-phone' onInput={(phone) => update({ phone })} />

      <View className='gk-bottom-bar'>
        <Notice kind='error' lines={problems} testId='join-error' />
        <BigButton text={sending ? '正在提交……' : '确定'} disabled={sending} testId='join-submit' onTap={onSubmit} />
      </View>
    </View>
  );
}
