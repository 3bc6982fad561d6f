import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import type { SavePlaceRequest } from '../../../types/api';
import type { CompoundView, SavedPlace } from '../../../types/domain';
import { SAVED_PLACE_LIMITS } from '../../../types/limits';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import TextField, { PhoneField } from '../../components/text-field';
import PlaceFields from '../../components/place-fields';
import LoadStatus from '../../components/load-status';
import { removePlace, savePlace } from '../../services/cloud';
import { askConfirm, CONFIRM_FAILED } from '../../lib/confirm';
import { isPhone, phoneDigits } from '../../lib/forms';
import { forgetMe, loadMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; places: SavedPlace[]; compounds: CompoundView[] };

interface Form {
  /** The saved place being changed; null for a new one. */
  id: string | null;
  label: string;
  compoundId: string | null;
  building: string;
  unit: string;
  name: string;
  phone: string;
}

const EMPTY: Form = { id: null, label: '', compoundId: null, building: '', unit: '', name: '', phone: '' };

/** Everything wrong with the form, in words; empty when it can be saved. */
function problemsOf(form: Form): string[] {
  const problems: string[] = [];
  if (!form.label.trim()) problems.push('请给这个地址起个名字，例如：我父母家。');
  if (!form.compoundId) problems.push('请选一下是哪个小区。');
  if (!form.building.trim()) problems.push('请写上几幢，上门的书记才找得到。');
  if (!form.name.trim()) problems.push('请写上那里的人怎么称呼，例如：王大伯。');
  if (!phoneDigits(form.phone)) problems.push('请写上那里的人的电话，书记上门前会先打电话。');
  else if (!isPhone(form.phone)) problems.push('电话号码不对：手机是 11 位数字；座机请带区号，例如 057385010001。');
  return problems;
}

function placeText(p: SavedPlace, compounds: CompoundView[]): string {
  const compound = compounds.find((c) => c.id === p.place.compoundId)?.name ?? '';
  return [compound, p.place.building, p.place.unit].filter(Boolean).join(' ');
}

/**
 * 家人的地址: the places a resident reports for when the matter is not at their own home (a son in Shanghai, his
 * parents in 湖滨花园). Opened with `?add=1` from the report page: the form is open at once and saving goes back there.
 */
export default function Places() {
  const params = useRouter().params;
  const fromReport = params.add === '1';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<Form | null>(fromReport ? EMPTY : null);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const busy = useRef(false);

  const fetchPlaces = async () => {
    setLoad({ state: 'loading' });
    const res = await loadMe({ fresh: true });
    setLoad(res.ok ? { state: 'ready', places: res.data.savedPlaces ?? [], compounds: res.data.compounds } : { state: 'failed', message: res.error.message });
  };

  useLoad(() => {
    fetchPlaces();
  });

  const update = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));

  const openForm = (next: Form) => {
    setForm(next);
    setProblems([]);
    setError(null);
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  const onSave = async () => {
    if (busy.current || !form || load.state !== 'ready') return;
    const found = problemsOf(form);
    setProblems(found);
    setError(null);
    if (found.length > 0 || !form.compoundId) return;
    busy.current = true;
    setSaving(true);
    const req: SavePlaceRequest = {
      ...(form.id ? { id: form.id } : {}),
      label: form.label.trim(),
      place: { compoundId: form.compoundId, building: form.building.trim(), unit: form.unit.trim() },
      name: form.name.trim(),
      phone: phoneDigits(form.phone),
    };
    const res = await savePlace(req);
    busy.current = false;
    setSaving(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    forgetMe(); // the report page reads the places from MeView
    if (fromReport) {
      Taro.navigateBack().catch(() => undefined);
      return;
    }
    setLoad({ ...load, places: res.data.savedPlaces });
    setForm(null);
  };

  const onRemove = async (p: SavedPlace) => {
    if (busy.current || load.state !== 'ready') return;
    const answer = await askConfirm({
      title: '删掉这个地址？',
      content: `「${p.label}」删掉以后，已经反映的事不受影响。`,
      confirmText: '删掉',
      cancelText: '不删',
    });
    if (answer === 'failed') setError(CONFIRM_FAILED);
    if (answer !== 'yes') return;
    busy.current = true;
    const res = await removePlace(p.id);
    busy.current = false;
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    forgetMe();
    setError(null);
    setLoad({ ...load, places: res.data.savedPlaces });
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page places' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={fetchPlaces} />
      </View>
    );
  }

  if (form) {
    return (
      <View className='gk-page places' style={scaleStyle()}>
        <Text className='gk-title'>{form.id ? '改一下这个地址' : '添加家人的地址'}</Text>
        <Text className='gk-text gk-muted'>家里人住得远，您可以帮他们反映。书记会上门找那里的人，办理的消息发给您。</Text>
        <TextField
          step={1}
          label='给这个地址起个名字'
          value={form.label}
          maxlength={SAVED_PLACE_LIMITS.label}
          placeholder='例如：我父母家'
          testId='place-label'
          onInput={(label) => update({ label })}
        />
        <PlaceFields compounds={load.compounds} value={form} onChange={update} label='2. 在哪个小区？' idPrefix='place-' />
        <TextField
          step={3}
          label='那里的人怎么称呼'
          value={form.name}
          maxlength={SAVED_PLACE_LIMITS.name}
          placeholder='例如：王大伯'
          testId='place-name'
          onInput={(name) => update({ name })}
        />
        <PhoneField
          step={4}
          label='那里的人的电话'
          hint='书记上门前会先打这个电话。'
          value={form.phone}
          testId='place-phone'
          onInput={(phone) => update({ phone })}
        />
        <View className='gk-bottom-bar'>
          <Notice kind='error' lines={problems} testId='form-error' />
          {error ? <Notice kind='error' lines={[error]} testId='save-error' /> : null}
          <BigButton text={saving ? '正在保存……' : '保存'} disabled={saving} testId='place-save' onTap={onSave} />
          <BigButton
            text='不保存了'
            variant='secondary'
            disabled={saving}
            testId='place-cancel'
            onTap={() => (fromReport ? Taro.navigateBack().catch(() => undefined) : setForm(null))}
          />
        </View>
      </View>
    );
  }

  const full = load.places.length >= SAVED_PLACE_LIMITS.places;
  return (
    <View className='gk-page places' style={scaleStyle()}>
      <Text className='gk-title'>家人的地址</Text>
      <Text className='gk-text gk-muted'>家里人住得远，反映问题时可以选这里的地址。书记会上门找那里的人，办理的消息发给您。</Text>
      {error ? <Notice kind='error' lines={[error]} testId='save-error' /> : null}
      {load.places.length === 0 ? (
        <Text className='gk-empty' data-testid='places-empty'>
          还没有保存地址。
        </Text>
      ) : null}
      {load.places.map((p) => (
        <View key={p.id} className='gk-card' data-testid={`saved-place-${p.id}`}>
          <Text className='gk-heading'>{p.label}</Text>
          <Text className='gk-text'>{placeText(p, load.compounds)}</Text>
          <Text className='gk-text'>
            {p.name}　<Text className='gk-code'>{p.phone}</Text>
          </Text>
          <BigButton
            text='改一下'
            size='small'
            variant='secondary'
            testId={`place-edit-${p.id}`}
            onTap={() =>
              openForm({
                id: p.id,
                label: p.label,
                compoundId: p.place.compoundId,
                building: p.place.building,
                unit: p.place.unit,
                name: p.name,
                phone: p.phone,
              })
            }
          />
          <BigButton text='删掉' size='small' variant='secondary' testId={`place-remove-${p.id}`} onTap={() => onRemove(p)} />
        </View>
      ))}
      {full ? (
        <Text className='gk-text gk-muted'>最多保存 {SAVED_PLACE_LIMITS.places} 个地址。</Text>
      ) : (
        <BigButton text='添加一个地址' testId='place-add' onTap={() => openForm(EMPTY)} />
      )}
    </View>
  );
}
