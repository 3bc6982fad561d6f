import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useLoad, useRouter } from '@tarojs/taro';
import type { SubscribeAnswer, SubmitCaseRequest } from '../../../types/api';
import type { CategoryView, MeView, SavedPlace, ScannedPlace, SimilarCase } from '../../../types/domain';
import { DUPLICATE_WORDS } from '../../../types/words';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import TextField, { PhoneField } from '../../components/text-field';
import CategoryGrid from '../../components/category-grid';
import PlaceFields from '../../components/place-fields';
import UrgentTile from '../../components/urgent-tile';
import EmergencySheet from '../../components/emergency-sheet';
import PhotoPicker, { usePhotoPicker } from '../../components/photo-picker';
import VoiceRecorder, { useVoiceRecorder } from '../../components/voice-recorder';
import { fetchScannedPlace, fetchSimilar, followCase, submitCase } from '../../services/cloud';
import { requestSubscribe } from '../../services/subscribe';
import { routes } from '../../lib/routes';
import { forgetMe, loadMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import { PHOTO_LIMIT, VOICE_LIMITS } from '../../../types/limits';
import LoadStatus from '../../components/load-status';
import PickTile from '../../components/pick-tile';
import { SAVED_PLACE_LIMITS } from '../../../types/limits';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; me: MeView };

/** Fewest characters a description needs before it is worth sending. */
const MIN_DESCRIPTION = 5;

/** 16 random hex characters: one per report, so a double tap or a retry after a timeout makes one case. */
function newRequestId(): string {
  let id = '';
  for (let i = 0; i < 16; i++) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}

interface Form {
  categoryId: string | null;
  description: string;
  compoundId: string | null;
  building: string;
  unit: string;
  phone: string;
  /** 很急，等不到明天: outside duty hours the case goes straight to the community office. */
  urgent: boolean;
  /** 为谁反映: one of the resident's saved places (家人的地址), or null for their own report. */
  forPlaceId: string | null;
}

/**
 * 「是不是这件事？」: an open case like this report was found after the 提交 tap. The report waits (with the subscribe
 * answers the tap asked for) until the resident says it is that case — and follows it — or files their own.
 */
interface Question {
  candidate: SimilarCase;
  req: SubmitCaseRequest;
  subscribing: Promise<Record<string, SubscribeAnswer>>;
}

/** Everything wrong with the form, in words; empty when it can be sent. With a voice note the words may be left out. */
function problemsOf(form: Form, spoken: boolean): string[] {
  const problems: string[] = [];
  if (!form.categoryId) problems.push('请先选一类事情（点上面的方块）。');
  const words = form.description.trim().length;
  if (!spoken && words === 0) problems.push('请说一段话或写几个字。');
  else if (words > 0 && words < MIN_DESCRIPTION) problems.push(`请把事情说清楚一点，至少写 ${MIN_DESCRIPTION} 个字。`);
  if (!form.compoundId && !form.forPlaceId) problems.push('请选一下是哪个小区。');
  return problems;
}

/** The resident's saved places (家人的地址); none from a server older than them. */
const savedPlacesOf = (me: MeView): SavedPlace[] => me.savedPlaces ?? [];

/** 「湖滨花园 5幢 101」: a saved place in words. */
function savedPlaceText(p: SavedPlace, me: MeView): string {
  return [me.compounds.find((c) => c.id === p.place.compoundId)?.name ?? '', p.place.building, p.place.unit].filter(Boolean).join(' ');
}

function placeholderFor(category: CategoryView | undefined, all: CategoryView[]): string {
  const examples = category
    ? category.examples.slice(0, 3)
    : all
        .map((c) => c.examples[0])
        .filter(Boolean)
        .slice(0, 3);
  return examples.length > 0 ? `例如：${examples.join('；')}` : '请写下是什么事、在哪里、有多久了';
}

/**
 * The 地点码 a stairwell poster's code carries: weapp passes it URL-encoded as `scene` (wxacode.getUnlimited), the
 * H5 page's URL as its `scene` parameter. '' when the page was not opened by a scan.
 */
function sceneOf(params: Record<string, string | undefined>): string {
  const raw = params.scene ?? '';
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/** The whole report on one screen: what kind of thing, what happened, where; one button sends it. */
export default function Report() {
  // `?emergency=1`: opened from home's 「紧急情况」, so the call-now sheet shows at once, even before (or without) the
  // server's answer, and the first emergency category is chosen once the categories are known.
  const params = useRouter().params;
  const fromEmergency = params.emergency === '1';
  // Opened by scanning a stairwell poster: the place is filled in from its code, the page starts on the categories.
  const scene = sceneOf(params);
  const [scanned, setScanned] = useState<ScannedPlace | null>(null);
  const [sceneProblem, setSceneProblem] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [form, setForm] = useState<Form>({
    categoryId: null,
    description: '',
    compoundId: null,
    building: '',
    unit: '',
    phone: '',
    urgent: false,
    forPlaceId: null,
  });
  const [problems, setProblems] = useState<string[]>([]);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [question, setQuestion] = useState<Question | null>(null);
  // NOTE: a ref, not state: a second tap in the same frame must already see the first one.
  const busy = useRef(false);
  // Sent with every attempt of this report; a new one only after a successful submit.
  const requestId = useRef<string | null>(null);
  if (requestId.current == null) requestId.current = newRequestId();
  // The photos: picked, made smaller and uploaded at once; none added or removed while the report is being sent.
  const photos = usePhotoPicker({ max: PHOTO_LIMIT, busy: () => busy.current });
  // A voice note (按住 说话): uploaded once recorded; with it the words may be left out.
  const voice = useVoiceRecorder({ busy: () => busy.current });

  const fetchForm = async () => {
    setLoad({ state: 'loading' });
    // The scanned code is resolved beside the page's own start (one more call only when scanned).
    const [res, place] = await Promise.all([loadMe(), scene ? fetchScannedPlace(scene) : null]);
    if (!res.ok) {
      setLoad({ state: 'failed', message: res.error.message });
      return;
    }
    const me = res.data;
    const emergencyCategory = fromEmergency ? me.categories.find((c) => c.emergency) : undefined;
    if (emergencyCategory) setForm((f) => (f.categoryId ? f : { ...f, categoryId: emergencyCategory.id }));
    const last = me.lastPlace;
    if (last) {
      setForm((f) => ({
        ...f,
        compoundId: me.compounds.some((c) => c.id === last.compoundId) ? last.compoundId : f.compoundId,
        building: last.building,
        unit: last.unit,
      }));
    }
    if (place && place.ok && me.compounds.some((c) => c.id === place.data.place.compoundId)) {
      const p = place.data.place;
      setForm((f) => ({ ...f, compoundId: p.compoundId, building: p.building, unit: p.unit }));
      setScanned(place.data);
    } else if (place) {
      // An unknown or retired code (or no answer): the normal form, with a clear word.
      setSceneProblem(place.ok ? '这个二维码已经不用了，请选一下您住在哪里' : place.error.message);
    }
    setLoad({ state: 'ready', me });
  };

  useLoad(() => {
    fetchForm();
  });

  // 「帮家人反映：添加一个地址」 opened 家人的地址 (the ids known then): back here, the new place is read and chosen (the form is kept).
  const addingPlace = useRef<string[] | null>(null);
  useDidShow(() => {
    const known = addingPlace.current;
    if (!known) return;
    addingPlace.current = null;
    loadMe({ fresh: true }).then((res) => {
      if (!res.ok) return;
      const added = savedPlacesOf(res.data).filter((p) => !known.includes(p.id));
      setLoad({ state: 'ready', me: res.data });
      if (added.length > 0) setForm((f) => ({ ...f, forPlaceId: added[added.length - 1].id }));
    });
  });
  const onAddPlace = () => {
    addingPlace.current = load.state === 'ready' ? savedPlacesOf(load.me).map((p) => p.id) : [];
    Taro.navigateTo({ url: routes.familyPlacesAdd });
  };

  const update = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const finishSubmit = async (subscribing: Promise<Record<string, SubscribeAnswer>>, req: SubmitCaseRequest) => {
    // Photos still uploading are waited for; if one fails meanwhile, stop so the resident sees which went missing.
    const fileIDs = await photos.settle();
    const spoken = await voice.settle();
    const subscriptions = await subscribing;
    if (fileIDs === null || spoken === 'failed') {
      setSubmitError(
        fileIDs === null
          ? '有照片没有传上去（见上面照片那里的说明）。不要照片也可以，再点一次“提交”就行。'
          : '语音没有传上去（见上面语音那里的说明），请点“重录”再录一次。',
      );
      setSubmitting(false);
      busy.current = false;
      return;
    }
    const res = await submitCase({
      ...req,
      subscriptions,
      clientRequestId: requestId.current ?? undefined,
      ...(fileIDs.length > 0 ? { photos: fileIDs } : {}),
      ...(spoken ? { voice: spoken } : {}),
    });
    if (res.ok) {
      requestId.current = newRequestId(); // the next report is a new one
      forgetMe(); // lastPlace changed
      Taro.redirectTo({ url: routes.caseAfterSubmit(res.data.id) }); // the case page shows the receipt
      return;
    }
    setSubmitError(res.error.message);
    setSubmitting(false);
    busy.current = false;
  };

  /**
   * Before filing: is there an open case like this one (same kind, same building, 72 hours)? Only when a building is
   * given; no answer (a failed check) files the report as before — the check never stands in a report's way.
   */
  const askFirst = async (subscribing: Promise<Record<string, SubscribeAnswer>>, req: SubmitCaseRequest) => {
    // Asked while the subscribe prompt is open; the question comes after the prompt is answered.
    const [found] = await Promise.all([req.place.building ? fetchSimilar(req.categoryId, req.place) : null, subscribing]);
    const candidate = found && found.ok ? found.data.cases[0] : undefined;
    if (!candidate) return finishSubmit(subscribing, req);
    setQuestion({ candidate, req, subscribing });
    setSubmitting(false);
    busy.current = false;
    Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
  };

  /** 「是这件事，一起等结果」: follow that case (with the tap's subscribe answers) and open it. */
  const onJoin = async () => {
    if (busy.current || !question) return;
    busy.current = true;
    setSubmitting(true);
    setSubmitError(null);
    const { candidate, req } = question;
    const res = await followCase(candidate.id, req.categoryId, req.place, await question.subscribing);
    if (res.ok) {
      forgetMe();
      Taro.redirectTo({ url: routes.caseOf(res.data.id) });
      return;
    }
    setSubmitError(res.error.message);
    setSubmitting(false);
    busy.current = false;
  };

  /** 「不是，我要单独反映」: file the report as written. */
  const onSeparate = () => {
    if (busy.current || !question) return;
    busy.current = true;
    setSubmitting(true);
    setSubmitError(null);
    const { req, subscribing } = question;
    setQuestion(null);
    finishSubmit(subscribing, req);
  };

  const onSubmit = () => {
    if (busy.current || load.state !== 'ready') return;
    // 为谁反映: a saved place's own place (the server reads it again from the resident's record); never on a scanned place.
    const saved = scanned || !form.forPlaceId ? undefined : savedPlacesOf(load.me).find((p) => p.id === form.forPlaceId);
    const found = problemsOf({ ...form, forPlaceId: saved ? saved.id : null }, voice.phase === 'recorded');
    setProblems(found);
    setSubmitError(null);
    if (found.length > 0 || !form.categoryId || (!form.compoundId && !saved)) return;
    busy.current = true;
    setSubmitting(true);
    // NOTE: WeChat shows the subscribe prompt only when asked synchronously inside the tap: start it before any await.
    const subscribing = requestSubscribe(load.me.subscribe?.onSubmit ?? load.me.subscribeTemplateIds);
    const phone = form.phone.trim();
    askFirst(subscribing, {
      categoryId: form.categoryId,
      description: form.description.trim(),
      place: saved ? saved.place : { compoundId: form.compoundId!, building: form.building.trim(), unit: form.unit.trim() },
      ...(phone ? { contactPhone: phone } : {}),
      ...(form.urgent ? { urgent: true } : {}),
      ...(saved ? { forPlaceId: saved.id } : {}),
    });
  };

  const me = load.state === 'ready' ? load.me : null;
  const category = me?.categories.find((c) => c.id === form.categoryId);
  // 为谁反映: the saved place chosen (none on a scanned place: that report is the scanner's own).
  const forPlace = scanned || !me ? undefined : savedPlacesOf(me).find((p) => p.id === form.forPlaceId);
  // Safety first: an emergency category puts the call-now sheet at the very top, before the form.
  const showSheet = category ? category.emergency : fromEmergency;

  // A tap on an emergency tile (far down the grid at large text) brings the sheet that just appeared at the top into
  // view. Only on the change: arriving with the sheet already shown needs no scroll.
  const sheetWasShown = useRef(showSheet);
  useEffect(() => {
    if (showSheet && !sheetWasShown.current) Taro.pageScrollTo({ scrollTop: 0, duration: 0 }).catch(() => undefined);
    sheetWasShown.current = showSheet;
  }, [showSheet]);

  /** 「打完电话再填写」: on to the description (the category is already chosen). */
  const onContinue = () => {
    Taro.pageScrollTo({ selector: '#report-describe', duration: 200 }).catch(() => undefined);
  };

  const sheet = showSheet ? (
    <EmergencySheet officePhone={me?.officePhone} headingId='report-emergency-heading' onContinue={me ? onContinue : undefined} testId='emergency-banner' />
  ) : null;

  if (me && question) {
    const c = question.candidate;
    return (
      <View className='gk-page report' style={scaleStyle()}>
        {sheet}
        <Text className='gk-title' id='report-question' data-testid='duplicate-question'>
          {DUPLICATE_WORDS.question}
        </Text>
        <Text className='gk-text gk-muted'>附近已经有人反映了一件差不多的事：</Text>
        <View className='gk-card' aria-labelledby='report-question' data-testid='duplicate-candidate'>
          <Text className='gk-heading'>{c.categoryName}</Text>
          <Text className='gk-text'>地点：{c.placeText}</Text>
          <Text className='gk-text'>说的是：{c.excerpt}</Text>
          <Text className='gk-text'>现在：{c.statusText}</Text>
          <Text className='gk-text gk-muted'>{c.reportedText} 反映的</Text>
        </View>
        <Text className='gk-text gk-muted'>一起等结果，办理的进展会同样告诉您。</Text>
        <View className='gk-bottom-bar'>
          {submitError ? <Notice kind='error' lines={[submitError]} testId='submit-error' /> : null}
          <BigButton text={submitting ? '正在提交……' : DUPLICATE_WORDS.join} disabled={submitting} testId='join-duplicate' onTap={onJoin} />
          <BigButton text={DUPLICATE_WORDS.separate} variant='secondary' disabled={submitting} testId='file-separately' onTap={onSeparate} />
        </View>
      </View>
    );
  }

  if (!me) {
    return (
      <View className='gk-page report' style={scaleStyle()}>
        {sheet}
        <LoadStatus load={load} onRetry={fetchForm} />
      </View>
    );
  }

  return (
    <View className='gk-page report' style={scaleStyle()}>
      {sheet}

      {scanned ? (
        <View className='gk-card report__scanned' data-testid='scanned-place' aria-labelledby='report-scanned-label'>
          <Text className='gk-label' id='report-scanned-label'>
            您在这里：
          </Text>
          <Text className='gk-title' data-testid='scanned-place-text'>
            {[scanned.compoundName, scanned.place.building, scanned.place.unit].filter(Boolean).join(' ')}
          </Text>
          <BigButton text='不是这里？改一下' variant='secondary' testId='change-place' onTap={() => setScanned(null)} />
        </View>
      ) : null}
      {sceneProblem ? <Notice kind='info' lines={[sceneProblem]} testId='scene-problem' /> : null}

      {/* 为谁反映 (家人的地址): only for a resident who saved places, and never on a scanned place (the scanner's own). */}
      {!scanned && savedPlacesOf(me).length > 0 ? (
        <View className='gk-section' data-testid='report-for-whom'>
          <Text className='gk-label' id='report-for-label'>
            为谁反映？
          </Text>
          <View className='gk-tiles' role='group' aria-labelledby='report-for-label'>
            <PickTile on={form.forPlaceId === null} onTap={() => update({ forPlaceId: null })} testId='for-self' className='gk-tile--stack'>
              自己
            </PickTile>
            {savedPlacesOf(me).map((p) => (
              <PickTile
                key={p.id}
                on={form.forPlaceId === p.id}
                onTap={() => update({ forPlaceId: p.id })}
                testId={`for-place-${p.id}`}
                className='gk-tile--stack'
              >
                {p.label}（{p.name}）
              </PickTile>
            ))}
          </View>
          {forPlace ? (
            <Text className='gk-text' data-testid='for-place-text'>
              地点：{savedPlaceText(forPlace, me)}，书记会上门找{forPlace.name}，办理的消息发给您。
            </Text>
          ) : null}
          {savedPlacesOf(me).length < SAVED_PLACE_LIMITS.places ? (
            <BigButton text='帮家人反映：添加一个地址' size='small' variant='secondary' testId='add-family-place' onTap={onAddPlace} />
          ) : null}
        </View>
      ) : null}

      <Text className='gk-label' id='report-category-label'>
        1. 是哪一类事情？
      </Text>
      <CategoryGrid
        categories={me.categories}
        selectedId={form.categoryId}
        onSelect={(id) => update({ categoryId: id })}
        testIdPrefix='category-'
        labelledBy='report-category-label'
        showExample
      />

      <TextField
        multiline
        step={2}
        label='请说说是什么事'
        labelId='report-describe'
        value={form.description}
        maxlength={500}
        placeholder={placeholderFor(category, me.categories)}
        testId='description'
        onInput={(description) => update({ description })}
      />

      <VoiceRecorder
        voice={voice}
        label={`也可以按住按钮说（最长${VOICE_LIMITS.maxSeconds}秒）`}
        labelId='report-voice-label'
        hint='说了就可以不写字。'
        disabled={submitting}
        privacySheet={false}
      />

      <PhotoPicker picker={photos} label={`照片（可以不拍，最多 ${PHOTO_LIMIT} 张）`} labelId='report-photos-label' disabled={submitting} />

      {scanned || forPlace ? null : <PlaceFields compounds={me.compounds} value={form} onChange={update} label='3. 在哪个小区？' idPrefix='' />}
      {/* 家人的地址 for a resident who has none yet: one light button, no tap added to their own report. */}
      {!scanned && me.role === 'resident' && savedPlacesOf(me).length === 0 ? (
        <BigButton text='帮家人反映：添加一个地址' size='small' variant='secondary' testId='add-family-place' onTap={onAddPlace} />
      ) : null}

      <PhoneField
        label={forPlace ? '您自己的电话（可以不填）' : '联系电话（可以不填）'}
        hint='不填就用您登记过的电话。'
        value={form.phone}
        testId='phone'
        onInput={(phone) => update({ phone })}
      />

      <Text className='gk-label' id='report-urgent-label'>
        很急吗？（可以不选）
      </Text>
      <UrgentTile on={form.urgent} onToggle={() => update({ urgent: !form.urgent })} testId='urgent' hintId='report-urgent-hint' />

      <View className='gk-bottom-bar'>
        <Notice kind='error' lines={problems} testId='form-error' />
        {submitError ? <Notice kind='error' lines={[submitError]} testId='submit-error' /> : null}

        <BigButton
          text={photos.waiting ? '正在传照片……' : voice.waiting ? '正在传语音……' : submitting ? '正在提交……' : '提交'}
          disabled={submitting}
          testId='submit'
          onTap={onSubmit}
        />
      </View>
    </View>
  );
}
