import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { CaseView } from '../../../../types/domain';
import { REJECTION_HEADING } from '../../../../types/words';
import { VOICE_ONLY_DESCRIPTION } from '../../../../types/limits';
import BigButton from '../../../components/big-button';
import CaseTags from '../../../components/case-tags';
import VoicePlayer from '../../../components/voice-player';
import { formatTime } from '../../../lib/labels';
import { RatingCard } from './rating';

/** "张大爷（138****）": the person a 代办 case was filed for. */
function filedForText(f: { name: string; phone: string }): string {
  return f.phone ? `代办：为 ${f.name}（${f.phone}）登记` : `代办：为 ${f.name} 登记`;
}

function callPhone(phone: string): void {
  Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
}

/**
 * 家人的地址 (a resident reported for a saved place): staff read whom to visit, where, and call them; the reporter reads
 * whom they reported for (at the top, in the facts). The call button only for whoever may call (the holder, the 回访
 * call-back taker).
 */
function VisitCard({ view: v }: { view: CaseView }) {
  const f = v.filedFor;
  if (!f || f.label === undefined || v.audience === 'resident') return null;
  return (
    <View className='gk-card' data-testid='visit-card'>
      <Text className='gk-heading case__first-heading'>上门找</Text>
      <Text className='gk-text' data-testid='visit-person'>
        {f.name}（{f.label}）{v.placeText.replace(/ /g, '')}
      </Text>
      <Text className='gk-text gk-code' data-testid='visit-phone'>
        电话：{f.phone}
      </Text>
      {v.canCall && f.phone && !f.phone.includes('*') ? (
        <BigButton
          text={`打电话给${f.name}`}
          sub={f.phone}
          label={`打电话给${f.name}，${f.phone}`}
          variant='secondary'
          testId='call-visit'
          onTap={() => callPhone(f.phone)}
        />
      ) : null}
    </View>
  );
}

function previewPhoto(urls: string[], i: number): void {
  Taro.previewImage({ urls, current: urls[i] }).catch(() => undefined);
}

/** A photo the caller may see, with its check note ('' for none). */
interface Shown {
  url: string;
  note: string;
}

/** The case's photos the caller may see, of the report and of 办结 apart (an older server sends no steps: the report's). */
function photosByStep(v: CaseView): { report: Shown[]; resolve: Shown[] } {
  const report: Shown[] = [];
  const resolve: Shown[] = [];
  v.photos.forEach((url, i) => {
    const shown = { url, note: v.photoNotes[i] ?? '' };
    if (v.photoStages?.[i] === 'resolve') resolve.push(shown);
    else report.push(shown);
  });
  return { report, resolve };
}

/**
 * One group of photos: thumbnails (a tap shows them large, this group only), each photo's check note in words, and
 * the sentence for the photos the caller may not see yet. `testIdPrefix`: 'case-' (the report's) or 'result-' (办结's).
 */
function Photos({ shown, waiting, label, testIdPrefix }: { shown: Shown[]; waiting: string | null; label: '照片' | '办好后的照片'; testIdPrefix: string }) {
  /** How a screen reader names photo i (0-based): 「第1张照片」, 「办好后的照片第1张」. */
  const nameOf = (i: number) => (label === '照片' ? `第${i + 1}张照片` : `${label}第${i + 1}张`);
  const urls = shown.map((p) => p.url);
  return (
    <>
      {shown.length > 0 ? (
        <View>
          <View className='case__photos' role='group' aria-label={label}>
            {shown.map((p, i) => (
              <View
                key={`${i}-${p.url}`}
                className='case__photo'
                role='button'
                tabIndex={0}
                aria-label={`${nameOf(i)}，点一下看大图`}
                data-testid={`${testIdPrefix}photo-${i}`}
                onClick={() => previewPhoto(urls, i)}
              >
                <Image className='case__photo-img' src={p.url} mode='aspectFit' nativeProps={process.env.TARO_ENV === 'h5' ? { alt: nameOf(i) } : undefined} />
              </View>
            ))}
          </View>
          {shown.map((p, i) =>
            p.note ? (
              <Text key={i} className='gk-hint' data-testid={`${testIdPrefix}photo-note-${i}`}>
                {shown.length > 1 ? `第${i + 1}张照片：${p.note}` : p.note}
              </Text>
            ) : null,
          )}
          <Text className='gk-hint'>点照片可以看大图。</Text>
        </View>
      ) : null}
      {waiting ? (
        <Text className='gk-hint' data-testid={`${testIdPrefix}photos-waiting`}>
          {waiting}
        </Text>
      ) : null}
    </>
  );
}

/** 办好后的照片: the photos taken at 办结 (those the caller may see, and a sentence for those still being checked). */
function ResultPhotos({ shown, waiting }: { shown: Shown[]; waiting: string | null }) {
  if (shown.length === 0 && !waiting) return null;
  return (
    <View className='case__result-photos' data-testid='result-photos'>
      <Text className='gk-text case__result-photos-label'>办好后的照片</Text>
      <Photos shown={shown} waiting={waiting} label='办好后的照片' testIdPrefix='result-' />
    </View>
  );
}

/** 现在的情况: the status in big words, its tags, the case's number, and how often it was reopened. */
export function CaseStatus({ view: v }: { view: CaseView }) {
  return (
    <View className={`case__status case__status--${v.status}`}>
      <Text className='case__status-label'>
        现在的情况<Text className='case__status-code gk-code'>　编号 {v.code}</Text>
      </Text>
      <Text className='case__status-text' data-testid='case-status'>
        {v.statusText}
      </Text>
      <CaseTags c={v} />
      {v.reopenCount > 0 ? (
        <Text className='gk-text' data-testid='case-reopen-count'>
          居民已重新反映 {v.reopenCount} 次
        </Text>
      ) : null}
    </View>
  );
}

/**
 * The case as it stands, before anything can be done to it: 代办, why it was refused, who handles it and why, what is
 * expected by when, the matter itself (category, place, description, photos), and the outcome (result, confirmation,
 * rating).
 */
export function CaseFacts({ view: v }: { view: CaseView }) {
  const photos = photosByStep(v);
  const resultPhotos = <ResultPhotos shown={photos.resolve} waiting={v.resolutionPhotosWaiting?.text ?? null} />;
  return (
    <>
      {v.filedFor && (v.filedFor.label === undefined || v.audience === 'resident') ? (
        <Text className='case__filed-for' data-testid='filed-for'>
          {v.filedFor.label === undefined ? filedForText(v.filedFor) : `帮家人反映：${v.filedFor.name}（${v.filedFor.label}）`}
        </Text>
      ) : null}

      {v.rejection ? (
        <View className='gk-card case__rejection' data-testid='case-rejection'>
          <Text className='gk-heading case__first-heading'>{REJECTION_HEADING[v.audience]}</Text>
          <Text className='gk-text'>{v.rejection.reason}</Text>
          <Text className='gk-text gk-muted'>
            {v.rejection.by.name}　{formatTime(v.rejection.at)}
          </Text>
        </View>
      ) : null}

      <View className='gk-card'>
        <Text className='case__holder'>
          <Text className='case__holder-label'>谁在办：</Text>
          <Text data-testid='case-holder'>{v.holderText}</Text>
        </Text>
        {v.expectation ? (
          <Text className='case__expectation' data-testid='case-expectation'>
            {v.expectation.text}
          </Text>
        ) : null}
        {v.transfer ? (
          <Text className='gk-text case__transfer' data-testid='case-transfer'>
            {v.transfer.text}
          </Text>
        ) : null}
        <Text className='gk-text gk-muted' data-testid='case-reason'>
          {v.routing.reason}
        </Text>
      </View>

      <View className='gk-card'>
        <Text className='gk-heading case__first-heading'>事情</Text>
        <Text className='gk-text'>类别：{v.categoryName}</Text>
        <Text className='gk-text'>地点：{v.placeText}</Text>
        {v.redacted ? (
          <Text className='gk-text case__redacted' data-testid='case-redacted'>
            涉及隐私，认领后可以看到详情
          </Text>
        ) : v.voice && v.description === VOICE_ONLY_DESCRIPTION ? null : ( // said by voice alone: the player below says it
          <Text className='gk-text case__description'>{v.description}</Text>
        )}
        {v.voice ? <VoicePlayer voice={v.voice} what='居民说的话' testId='case-voice' /> : null}
        <Photos shown={photos.report} waiting={v.photosWaiting?.text ?? null} label='照片' testIdPrefix='case-' />
      </View>

      {v.resolution ? (
        <View className='gk-card case__resolution' data-testid='case-resolution'>
          <Text className='gk-heading case__first-heading'>办理结果</Text>
          <Text className='gk-text'>{v.resolution.note}</Text>
          <Text className='gk-text gk-muted'>
            {v.resolution.by.name}　{formatTime(v.resolution.at)}
          </Text>
          {resultPhotos}
        </View>
      ) : // Reopened since: the photos of the earlier 办结 stay on their own.
      photos.resolve.length > 0 || v.resolutionPhotosWaiting ? (
        <View className='gk-card'>{resultPhotos}</View>
      ) : null}

      {v.confirmedAt ? (
        <Text className='case__confirmed' data-testid='case-confirmed'>
          ✓ 已确认问题解决了（{formatTime(v.confirmedAt)}）
        </Text>
      ) : null}
      {v.rating ? <RatingCard rating={v.rating} /> : null}
    </>
  );
}

/**
 * 反映人: the resident's name and phone (masked unless the caller holds the case). A private case's details are hidden
 * from the pool: nothing is said about the phone then (「没有留电话」 would be false), except that claiming shows it.
 */
export function Reporter({ view: v }: { view: CaseView }) {
  // A follower (joined with 「一起等结果」) is told they wait with the reporter, never who that is.
  if (v.forMe.following) {
    return (
      <View className='gk-card' data-testid='following'>
        <Text className='gk-text'>这件事是其他居民先反映的，您和他们一起等结果。办理的进展会同样告诉您。</Text>
      </View>
    );
  }
  // 家人的地址: whom to visit and call first (「上门找」), then the reporter, who lives elsewhere. Below the steps, so the
  // holder's 办结 stays on the first screen; the place is in 「事情」 above.
  const away = v.reporterContact;
  if (away) {
    const canCallAway = v.canCall && away.phone !== '' && !away.phone.includes('*');
    return (
      <>
        <VisitCard view={v} />
        <Text className='gk-heading'>反映人</Text>
        <View className='gk-card' data-testid='reporter-away'>
          <Text className='gk-text'>
            反映人：{away.name || '（没有留姓名）'} {away.phone || '没有留电话'}
          </Text>
          <Text className='gk-text gk-muted'>（在外地，帮家人反映）</Text>
          {canCallAway ? (
            <BigButton
              text={`打电话给${away.name || '反映人'}`}
              sub={away.phone}
              label={`打电话给反映人${away.name}，${away.phone}`}
              variant='secondary'
              testId='call-reporter'
              onTap={() => callPhone(away.phone)}
            />
          ) : null}
        </View>
      </>
    );
  }
  const phoneLine = v.redacted ? (v.can.claim ? '电话：认领后可以看到' : null) : `电话：${v.contactPhone || '没有留电话'}`;
  return (
    <>
      <Text className='gk-heading'>反映人</Text>
      <View className='gk-card'>
        <Text className='gk-text'>姓名：{v.residentName}</Text>
        {phoneLine ? (
          <Text className='gk-text gk-code' data-testid='resident-phone'>
            {phoneLine}
          </Text>
        ) : null}
      </View>
    </>
  );
}
