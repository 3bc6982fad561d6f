/**
 * Photos a person adds to a step — the report page's, and the resolve form's on the case page: take or choose them
 * (chooseMedia), each made smaller and uploaded into the person's own folder at once, shown with its state in words
 * and a 「删除」 button, failures in words next to the button. `usePhotoPicker` keeps the photos; `PhotoPicker` draws
 * them. At the step's tap the page calls `settle()`: it waits for uploads still running (the page's button says
 * 「正在传照片……」 meanwhile) and answers the file ids, or null when an upload failed meanwhile (the person sees which
 * one went missing before anything is sent).
 */
import { useRef, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import BigButton from '../big-button';
import Notice from '../notice';
import PrivacySheet from '../privacy-sheet';
import { loadMe } from '../../lib/session';
import { pickPhotos } from '../../services/pick-photos';
import { compressPhoto, uploadPhoto } from '../../services/upload';
import './index.css';

/** A picked photo: shown at once from the phone, sent as a cloud file id once its upload is done. */
export interface PickedPhoto {
  key: number;
  /** Local path (weapp temp file, H5 blob URL) for the thumbnail. */
  path: string;
  fileID: string | null;
}

export interface PhotoPickerState {
  /** At most this many photos. */
  max: number;
  photos: PickedPhoto[];
  /** Words next to the photo button (null: none). */
  error: string | null;
  /** The camera permission was refused earlier: offer WeChat's settings page under the words (weapp only). */
  offerSettings: boolean;
  /** The step is waiting for uploads to finish (its button says 「正在传照片……」). */
  waiting: boolean;
  add: () => Promise<void>;
  remove: (key: number) => void;
  openSettings: () => Promise<void>;
  /** Wait for uploads still running; the uploaded file ids, or null when an upload failed while waiting. */
  settle: () => Promise<string[] | null>;
  /** Forget the photos (after the step succeeded). */
  clear: () => void;
}

/** The caller's openid (the folder their photos go into), from the session the pages share; '' when unknown. */
async function myOpenid(): Promise<string> {
  const me = await loadMe();
  return me.ok ? me.data.openid : '';
}

/**
 * The photos of one step, at most `max`. `busy()` says the step is being sent: no photo is added or removed then
 * (read at the tap and again when the picker returns).
 */
export function usePhotoPicker({ max, busy }: { max: number; busy: () => boolean }): PhotoPickerState {
  const [photos, setPhotosState] = useState<PickedPhoto[]>([]);
  // NOTE: the photos as of now, for code running after an await (state in its closure may be old).
  const photosRef = useRef<PickedPhoto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [offerSettings, setOfferSettings] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const nextKey = useRef(0);
  const pending = useRef(new Set<Promise<void>>());
  /** Uploads that failed so far: settle() compares it before and after waiting. */
  const failures = useRef(0);

  const say = (text: string | null, settings = false) => {
    setError(text);
    setOfferSettings(settings);
  };
  const setPhotos = (next: PickedPhoto[]) => {
    photosRef.current = next;
    setPhotosState(next);
  };

  /** Make one picked photo smaller, upload it, and keep its file id; on failure drop it and say so in words. */
  const startUpload = (photo: PickedPhoto) => {
    const job = (async () => {
      const res = await uploadPhoto(await compressPhoto(photo.path), await myOpenid());
      const stillThere = photosRef.current.some((p) => p.key === photo.key);
      if (res.ok) {
        if (stillThere) setPhotos(photosRef.current.map((p) => (p.key === photo.key ? { ...p, fileID: res.fileID } : p)));
        return;
      }
      if (!stillThere) return; // removed while uploading: nothing to say
      failures.current += 1;
      setPhotos(photosRef.current.filter((p) => p.key !== photo.key));
      say(`${res.message}这张照片已经去掉了，可以再点“拍照或选照片”重新放。`);
    })();
    pending.current.add(job);
    job.finally(() => pending.current.delete(job));
  };

  const add = async () => {
    if (busy()) return;
    const room = max - photosRef.current.length;
    if (room <= 0) {
      say(`最多放 ${max} 张照片，要换一张请先点照片下面的“删除”。`);
      return;
    }
    say(null);
    const picked = await pickPhotos(room);
    if (!picked.ok) {
      // A cancel says nothing; a refused permission says why nothing opened and what to tap.
      say(picked.message, picked.failure === 'auth-denied' && process.env.TARO_ENV === 'weapp');
      return;
    }
    if (busy()) return;
    const space = max - photosRef.current.length;
    if (picked.paths.length > space) say(`最多放 ${max} 张照片，多选的没有放进来。`);
    const added = picked.paths.slice(0, Math.max(0, space)).map((path) => ({ key: nextKey.current++, path, fileID: null }));
    if (added.length === 0) return;
    setPhotos([...photosRef.current, ...added]);
    added.forEach(startUpload);
  };

  const remove = (key: number) => {
    if (busy()) return;
    setPhotos(photosRef.current.filter((p) => p.key !== key));
    say(null);
  };

  /** 「去打开相机」: WeChat's settings page for this mini-program (only from a tap); back with the camera on, the words go. */
  const openSettings = async () => {
    try {
      const res = await Taro.openSetting();
      if (res.authSetting['scope.camera'] !== false) say(null);
    } catch {
      // no settings page here: the words above still say where to find it
    }
  };

  const settle = async (): Promise<string[] | null> => {
    const failuresBefore = failures.current;
    if (pending.current.size > 0) {
      setWaiting(true);
      try {
        await Promise.all([...pending.current]);
      } finally {
        setWaiting(false);
      }
    }
    if (failures.current !== failuresBefore) return null;
    return photosRef.current.map((p) => p.fileID).filter((id): id is string => id !== null);
  };

  const clear = () => {
    setPhotos([]);
    say(null);
  };

  return { max, photos, error, offerSettings, waiting, add, remove, openSettings, settle, clear };
}

export interface PhotoPickerProps {
  picker: PhotoPickerState;
  /** The heading above the photos, e.g. 「照片（可以不拍，最多 6 张）」. */
  label: string;
  /** Its id (the photo group is labelled by it). */
  labelId: string;
  /** A plain sentence under the heading, if any. */
  hint?: string;
  /** The step is being sent: the buttons show so and do nothing. */
  disabled: boolean;
  /** Put before every test id ('' on the report page: `add-photo`, `photo-0`, `remove-photo-0`…). */
  testIdPrefix?: string;
}

/** The heading, the picked photos (each with its state and 「删除」), the words about a failure, and 「拍照或选照片」. */
export default function PhotoPicker({ picker, label, labelId, hint, disabled, testIdPrefix = '' }: PhotoPickerProps) {
  const { photos, max } = picker;
  const id = (name: string) => `${testIdPrefix}${name}`;
  return (
    <>
      <Text className='gk-label' id={labelId}>
        {label}
      </Text>
      {hint ? <Text className='gk-hint'>{hint}</Text> : null}
      {photos.length > 0 ? (
        <View className='gk-photos' role='group' aria-labelledby={labelId}>
          {photos.map((p, i) => (
            <View key={p.key} className='gk-photos__item' data-testid={id(`photo-${i}`)}>
              <Image
                className='gk-photos__img'
                src={p.path}
                mode='aspectFit'
                ariaLabel={`第${i + 1}张照片`}
                nativeProps={process.env.TARO_ENV === 'h5' ? { alt: `第${i + 1}张照片` } : undefined}
              />
              <Text className='gk-photos__state'>{p.fileID ? `第${i + 1}张 已传好` : `第${i + 1}张 正在上传……`}</Text>
              <View
                className={`gk-photos__remove${disabled ? ' gk-photos__remove--disabled' : ''}`}
                role='button'
                tabIndex={0}
                aria-label={`删除第${i + 1}张照片`}
                aria-disabled={disabled ? 'true' : 'false'}
                data-testid={id(`remove-photo-${i}`)}
                onClick={() => picker.remove(p.key)}
              >
                <Text>删除</Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}
      {picker.error ? <Notice kind='error' lines={[picker.error]} testId={id('photo-error')} /> : null}
      {picker.error && picker.offerSettings ? (
        <BigButton text='去打开相机' variant='secondary' testId={id('photo-settings')} onTap={() => picker.openSettings()} />
      ) : null}
      <BigButton
        text='拍照或选照片'
        sub={photos.length === 0 ? undefined : photos.length < max ? `还能放 ${max - photos.length} 张` : `已经放满 ${max} 张`}
        variant='secondary'
        disabled={disabled}
        testId={id('add-photo')}
        onTap={() => picker.add()}
      />
      <PrivacySheet use='拍照片或从相册选照片' />
    </>
  );
}
