import { useRef, useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import type { SubmitOnBehalfRequest } from '../../../types/api';
import type { MeView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import LoadStatus from '../../components/load-status';
import CategoryGrid from '../../components/category-grid';
import PlaceFields from '../../components/place-fields';
import UrgentTile from '../../components/urgent-tile';
import EmergencySheet from '../../components/emergency-sheet';
import { submitOnBehalf } from '../../services/cloud';
import { routes } from '../../lib/routes';
import { loadMe } from '../../lib/session';
import { nativeField } from '../../lib/native-field';
import { scaleStyle } from '../../lib/font-scale';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; me: MeView };

/** Fewest characters a description needs before it is worth sending (same as the resident's form). */
const MIN_DESCRIPTION = 5;

interface Form {
  name: string;
  phone: string;
  categoryId: string | null;
  description: string;
  compoundId: string | null;
  building: string;
  unit: string;
  urgent: boolean;
}

const EMPTY: Form = { name: '', phone: '', categoryId: null, description: '', compoundId: null, building: '', unit: '', urgent: false };

/** The phone as typed, without spaces and dashes. */
function phoneDigits(phone: string): string {
  return phone.replace(/[\s\-－—]/g, '');
}

/** A mobile number (11 digits starting with 1) or a landline with its area code (0xx/0xxx and 7–8 digits). */
function isPhone(phone: string): boolean {
  const d = phoneDigits(phone);
  return /^1\d{10}$/.test(d) || /^0\d{2,3}\d{7,8}$/.test(d);
}

/** Everything wrong with the form, in words; empty when it can be sent. */
function problemsOf(form: Form): string[] {
  const problems: string[] = [];
  if (!form.name.trim()) problems.push('请写上居民的姓名或称呼，例如：张大爷。');
  if (!phoneDigits(form.phone)) problems.push('请写上居民的电话，手机或家里的座机都可以。');
  else if (!isPhone(form.phone)) problems.push('电话号码不对：手机是 11 位数字；座机请带区号，例如 057385010001。');
  if (!form.categoryId) problems.push('请选一类事情（点上面的方块）。');
  if (form.description.trim().length < MIN_DESCRIPTION) problems.push(`请把事情说清楚一点，至少写 ${MIN_DESCRIPTION} 个字。`);
  if (!form.compoundId) problems.push('请选一下是哪个小区。');
  return problems;
}

/** 代办: a duty member records a case for a resident without a smartphone; the updates come to the member. */
export default function Intake() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<Form>(EMPTY);
  const [problems, setProblems] = useState<string[]>([]);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const busy = useRef(false);

  const fetchForm = async () => {
    setLoad({ state: 'loading' });
    const res = await loadMe();
    setLoad(res.ok ? { state: 'ready', me: res.data } : { state: 'failed', message: res.error.message });
  };

  useLoad(() => {
    fetchForm();
  });

  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const onSubmit = async () => {
    if (busy.current || load.state !== 'ready') return;
    const found = problemsOf(form);
    setProblems(found);
    setSubmitError(null);
    if (found.length > 0 || !form.categoryId || !form.compoundId) return;
    busy.current = true;
    setSubmitting(true);
    const req: SubmitOnBehalfRequest = {
      residentName: form.name.trim(),
      residentPhone: phoneDigits(form.phone),
      categoryId: form.categoryId,
      description: form.description.trim(),
      place: { compoundId: form.compoundId, building: form.building.trim(), unit: form.unit.trim() },
      ...(form.urgent ? { urgent: true } : {}),
    };
    const res = await submitOnBehalf(req);
    if (res.ok) {
      Taro.redirectTo({ url: routes.caseOf(res.data.id) });
      return;
    }
    setSubmitError(res.error.message);
    setSubmitting(false);
    busy.current = false;
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page intake' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={fetchForm} />
      </View>
    );
  }

  const { me } = load;
  const category = me.categories.find((c) => c.id === form.categoryId);

  return (
    <View className='gk-page intake' style={scaleStyle()}>
      <Text className='gk-title'>帮居民登记</Text>
      <Notice kind='info' lines={['替没有智能手机的居民登记。以后办理的消息会发给您，请您转告居民。']} />

      <Text className='gk-label'>1. 居民姓名或称呼</Text>
      <Input
        className='gk-input'
        type='text'
        value={form.name}
        maxlength={20}
        placeholder='例如：张大爷'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ name: e.detail.value })}
        nativeProps={nativeField('intake-name', '居民姓名或称呼')}
      />

      <Text className='gk-label'>2. 居民的电话</Text>
      <Text className='gk-hint'>手机或家里的座机都可以，座机请带区号。</Text>
      <Input
        className='gk-input'
        type='number'
        value={form.phone}
        maxlength={20}
        placeholder='例如：13800000000'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ phone: e.detail.value })}
        nativeProps={nativeField('intake-phone', '居民的电话')}
      />

      <Text className='gk-label' id='intake-category-label'>
        3. 是哪一类事情？
      </Text>
      <CategoryGrid
        categories={me.categories}
        selectedId={form.categoryId}
        onSelect={(id) => update({ categoryId: id })}
        testIdPrefix='intake-category-'
        labelledBy='intake-category-label'
      />

      {category?.emergency ? <EmergencySheet officePhone={me.officePhone} headingId='intake-sos' testId='emergency-banner' /> : null}

      <Text className='gk-label'>4. 是什么事</Text>
      <Textarea
        className='gk-textarea'
        value={form.description}
        maxlength={500}
        placeholder={category?.examples[0] ? `例如：${category.examples.slice(0, 2).join('；')}` : '请写下是什么事、在哪里、有多久了'}
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ description: e.detail.value })}
        nativeProps={nativeField('intake-description', '是什么事')}
      />

      <PlaceFields compounds={me.compounds} value={form} onChange={update} label='5. 在哪个小区？' idPrefix='intake-' />

      <Text className='gk-label'>很急吗？（可以不选）</Text>
      <UrgentTile on={form.urgent} onToggle={() => update({ urgent: !form.urgent })} testId='intake-urgent' hintId='intake-urgent-hint' />

      <Notice kind='error' lines={problems} testId='form-error' />
      {submitError ? <Notice kind='error' lines={[submitError]} testId='submit-error' /> : null}

      <BigButton text={submitting ? '正在登记……' : '登记'} disabled={submitting} testId='intake-submit' onTap={onSubmit} />
    </View>
  );
}
