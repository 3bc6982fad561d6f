import { useRef, useState } from 'react';
import { Input, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad } from '@tarojs/taro';
import type { SubscribeAnswer, SubmitCaseRequest } from '../../../types/api';
import type { CategoryView, MeView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import { submitCase } from '../../services/cloud';
import { requestSubscribe } from '../../services/subscribe';
import { routes } from '../../lib/routes';
import { forgetMe, loadMe } from '../../lib/session';
import { nativeField } from '../../lib/native-field';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; me: MeView };

/** Fewest characters a description needs before it is worth sending. */
const MIN_DESCRIPTION = 5;

interface Form {
  categoryId: string | null;
  description: string;
  compoundId: string | null;
  building: string;
  unit: string;
  phone: string;
  /** 很急，等不到明天: outside duty hours the case goes straight to the community office. */
  urgent: boolean;
}

/** Everything wrong with the form, in words; empty when it can be sent. */
function problemsOf(form: Form): string[] {
  const problems: string[] = [];
  if (!form.categoryId) problems.push('请先选一类事情（点上面的方块）。');
  if (form.description.trim().length < MIN_DESCRIPTION) problems.push(`请把事情说清楚一点，至少写 ${MIN_DESCRIPTION} 个字。`);
  if (!form.compoundId) problems.push('请选一下是哪个小区。');
  return problems;
}

function placeholderFor(category: CategoryView | undefined, all: CategoryView[]): string {
  const examples = category ? category.examples.slice(0, 3) : all.map((c) => c.examples[0]).filter(Boolean).slice(0, 3);
  return examples.length > 0 ? `例如：${examples.join('；')}` : '请写下是什么事、在哪里、有多久了';
}

/** The whole report on one screen: what kind of thing, what happened, where; one button sends it. */
export default function Report() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<Form>({ categoryId: null, description: '', compoundId: null, building: '', unit: '', phone: '', urgent: false });
  const [problems, setProblems] = useState<string[]>([]);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // NOTE: a ref, not state: a second tap in the same frame must already see the first one.
  const busy = useRef(false);

  const fetchForm = async () => {
    setLoad({ state: 'loading' });
    const res = await loadMe();
    if (!res.ok) {
      setLoad({ state: 'failed', message: res.error.message });
      return;
    }
    const me = res.data;
    const last = me.lastPlace;
    if (last) {
      setForm((f) => ({
        ...f,
        compoundId: me.compounds.some((c) => c.id === last.compoundId) ? last.compoundId : f.compoundId,
        building: last.building,
        unit: last.unit,
      }));
    }
    setLoad({ state: 'ready', me });
  };

  useLoad(() => {
    fetchForm();
  });

  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const finishSubmit = async (subscribing: Promise<Record<string, SubscribeAnswer>>, req: SubmitCaseRequest) => {
    const subscriptions = await subscribing;
    const res = await submitCase({ ...req, subscriptions });
    if (res.ok) {
      forgetMe(); // lastPlace changed
      Taro.redirectTo({ url: routes.caseOf(res.data.id) });
      return;
    }
    setSubmitError(res.error.message);
    setSubmitting(false);
    busy.current = false;
  };

  const onSubmit = () => {
    if (busy.current || load.state !== 'ready') return;
    const found = problemsOf(form);
    setProblems(found);
    setSubmitError(null);
    if (found.length > 0 || !form.categoryId || !form.compoundId) return;
    busy.current = true;
    setSubmitting(true);
    // NOTE: WeChat shows the subscribe prompt only when asked synchronously inside the tap: start it before any await.
    const subscribing = requestSubscribe(load.me.subscribeTemplateIds);
    const phone = form.phone.trim();
    finishSubmit(subscribing, {
      categoryId: form.categoryId,
      description: form.description.trim(),
      place: { compoundId: form.compoundId, building: form.building.trim(), unit: form.unit.trim() },
      ...(phone ? { contactPhone: phone } : {}),
      ...(form.urgent ? { urgent: true } : {}),
    });
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page report' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={fetchForm} />
      </View>
    );
  }

  const { me } = load;
  const category = me.categories.find((c) => c.id === form.categoryId);

  return (
    <View className='gk-page report' style={scaleStyle()}>
      <Text className='gk-label' id='report-category-label'>
        1. 是哪一类事情？
      </Text>
      <View className='report__grid' role='group' aria-labelledby='report-category-label'>
        {me.categories.map((c) => {
          const on = c.id === form.categoryId;
          return (
            <View
              key={c.id}
              className={`report__tile${on ? ' report__tile--on' : ''}`}
              role='button'
              aria-pressed={on ? 'true' : 'false'}
              data-testid={`category-${c.id}`}
              onClick={() => update({ categoryId: c.id })}
            >
              <Text className='report__icon' aria-hidden='true'>
                {c.icon}
              </Text>
              <Text className='report__tile-name'>{c.name}</Text>
              {c.examples[0] ? <Text className='report__tile-example'>如：{c.examples[0]}</Text> : null}
              {on ? <Text className='report__tile-mark'>✓ 已选</Text> : null}
            </View>
          );
        })}
      </View>

      {category?.emergency ? <Notice kind='alarm' lines={['紧急情况请先打电话：119 / 110']} testId='emergency-banner' /> : null}

      <Text className='gk-label'>2. 请说说是什么事</Text>
      <Textarea
        className='gk-textarea'
        value={form.description}
        maxlength={500}
        placeholder={placeholderFor(category, me.categories)}
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ description: e.detail.value })}
        nativeProps={nativeField('description', '请说说是什么事')}
      />

      <Text className='gk-label' id='report-compound-label'>
        3. 在哪个小区？
      </Text>
      <View className='report__compounds' role='group' aria-labelledby='report-compound-label'>
        {me.compounds.map((c) => {
          const on = c.id === form.compoundId;
          return (
            <View
              key={c.id}
              className={`report__compound${on ? ' report__compound--on' : ''}`}
              role='button'
              aria-pressed={on ? 'true' : 'false'}
              data-testid={`compound-${c.id}`}
              onClick={() => update({ compoundId: c.id })}
            >
              <Text>
                {on ? '✓ ' : ''}
                {c.name}
              </Text>
            </View>
          );
        })}
      </View>

      <Text className='gk-label'>几幢（楼号）</Text>
      <Input
        className='gk-input'
        type='text'
        value={form.building}
        maxlength={20}
        placeholder='例如：3幢'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ building: e.detail.value })}
        nativeProps={nativeField('building', '几幢（楼号）')}
      />

      <Text className='gk-label'>单元和门牌号</Text>
      <Input
        className='gk-input'
        type='text'
        value={form.unit}
        maxlength={30}
        placeholder='例如：2单元401'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ unit: e.detail.value })}
        nativeProps={nativeField('unit', '单元和门牌号')}
      />

      <Text className='gk-label'>联系电话（可以不填）</Text>
      <Text className='gk-hint'>不填就用您登记过的电话。</Text>
      <Input
        className='gk-input'
        type='number'
        value={form.phone}
        maxlength={20}
        placeholder='例如：13800000000'
        placeholderClass='gk-placeholder'
        onInput={(e) => update({ phone: e.detail.value })}
        nativeProps={nativeField('phone', '联系电话（可以不填）')}
      />

      <Text className='gk-label' id='report-urgent-label'>
        很急吗？（可以不选）
      </Text>
      <View
        className={`report__urgent${form.urgent ? ' report__urgent--on' : ''}`}
        role='button'
        aria-pressed={form.urgent ? 'true' : 'false'}
        aria-describedby='report-urgent-hint'
        data-testid='urgent'
        onClick={() => update({ urgent: !form.urgent })}
      >
        <Text className='report__urgent-box' aria-hidden='true'>
          {form.urgent ? '☑' : '☐'}
        </Text>
        <Text className='report__urgent-text'>很急，等不到明天</Text>
        {form.urgent ? <Text className='report__urgent-mark'>✓ 已选</Text> : null}
      </View>
      <Text className='gk-hint report__urgent-hint' id='report-urgent-hint'>
        不在值班时间时，勾选后直接上报社区
      </Text>

      <Notice kind='error' lines={problems} testId='form-error' />
      {submitError ? <Notice kind='error' lines={[submitError]} testId='submit-error' /> : null}

      <BigButton text={submitting ? '正在提交……' : '提交'} disabled={submitting} testId='submit' onTap={onSubmit} />
    </View>
  );
}
