import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import type { SubmitOnBehalfRequest } from '../../../types/api';
import type { MeView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import TextField, { PhoneField } from '../../components/text-field';
import LoadStatus from '../../components/load-status';
import CategoryGrid from '../../components/category-grid';
import PlaceFields from '../../components/place-fields';
import UrgentTile from '../../components/urgent-tile';
import EmergencySheet from '../../components/emergency-sheet';
import { submitOnBehalf } from '../../services/cloud';
import { isPhone, phoneDigits } from '../../lib/forms';
import { routes } from '../../lib/routes';
import { loadMe } from '../../lib/session';
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
      <Notice kind='info' lines={['替没有智能手机的居民登记。以后办理的消息会发给您，请您转告居民。']} />

      <TextField
        step={1}
        label='居民姓名或称呼'
        value={form.name}
        maxlength={20}
        placeholder='例如：张大爷'
        testId='intake-name'
        onInput={(name) => update({ name })}
      />
      <PhoneField step={2} label='居民的电话' value={form.phone} testId='intake-phone' onInput={(phone) => update({ phone })} />

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

      <TextField
        multiline
        step={4}
        label='是什么事'
        value={form.description}
        maxlength={500}
        placeholder={category?.examples[0] ? `例如：${category.examples.slice(0, 2).join('；')}` : '请写下是什么事、在哪里、有多久了'}
        testId='intake-description'
        onInput={(description) => update({ description })}
      />

      <PlaceFields compounds={me.compounds} value={form} onChange={update} label='5. 在哪个小区？' idPrefix='intake-' />

      <Text className='gk-label'>很急吗？（可以不选）</Text>
      <UrgentTile on={form.urgent} onToggle={() => update({ urgent: !form.urgent })} testId='intake-urgent' hintId='intake-urgent-hint' />

      <View className='gk-bottom-bar'>
        <Notice kind='error' lines={problems} testId='form-error' />
        {submitError ? <Notice kind='error' lines={[submitError]} testId='submit-error' /> : null}

        <BigButton text={submitting ? '正在登记……' : '登记'} disabled={submitting} testId='intake-submit' onTap={onSubmit} />
      </View>
    </View>
  );
}
