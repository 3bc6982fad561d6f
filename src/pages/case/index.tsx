import { useRef, useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { CaseView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import Notice from '../../components/notice';
import { claimCase, fetchCase, resolveCase } from '../../services/cloud';
import { formatTime } from '../../lib/labels';
import { nativeField } from '../../lib/native-field';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: CaseView };

/** One case: where it stands in plain words, who holds it and why, and what I may do now. */
export default function CasePage() {
  const { params } = useRouter();
  const caseId = params.id ? decodeURIComponent(params.id) : '';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const [acting, setActing] = useState(false);
  const busy = useRef(false);

  const reload = async (keepError = false) => {
    if (!caseId) {
      setLoad({ state: 'failed', message: '没有找到这件事项。' });
      return;
    }
    const res = await fetchCase(caseId);
    if (!keepError) setActionError(null);
    setLoad(res.ok ? { state: 'ready', view: res.data } : { state: 'failed', message: res.error.message });
  };

  useDidShow(() => {
    reload();
  });

  const onClaim = async () => {
    if (busy.current) return;
    busy.current = true;
    setActing(true);
    setActionError(null);
    const res = await claimCase(caseId);
    if (res.ok) {
      setLoad({ state: 'ready', view: res.data });
    } else {
      // e.g. another member claimed it first: say so, and show the case as it is now.
      setActionError(res.error.message);
      await reload(true);
    }
    busy.current = false;
    setActing(false);
  };

  const onResolve = async () => {
    if (busy.current) return;
    const text = note.trim();
    setActionError(null);
    if (!text) {
      setNoteProblem('请先写一下办理结果，再点“办结”。');
      return;
    }
    setNoteProblem(null);
    busy.current = true;
    setActing(true);
    const { confirm } = await Taro.showModal({
      title: '确认办结',
      content: '这件事已经办好了吗？办结后居民会收到通知。',
      confirmText: '办好了',
      cancelText: '还没有',
    });
    if (confirm) {
      const res = await resolveCase(caseId, text);
      if (res.ok) {
        setLoad({ state: 'ready', view: res.data });
        setNote('');
      } else {
        setActionError(res.error.message);
        await reload(true);
      }
    }
    busy.current = false;
    setActing(false);
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page case' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={() => reload()} />
      </View>
    );
  }

  const v = load.view;
  const place = v.placeText;

  return (
    <View className='gk-page case' style={scaleStyle()}>
      <View className={`case__status case__status--${v.status}`}>
        <Text className='case__status-label'>现在的情况</Text>
        <Text className='case__status-text' data-testid='case-status'>
          {v.statusText}
        </Text>
        <Text className='gk-text gk-code'>事项编号：{v.code}</Text>
      </View>

      {actionError ? <Notice kind='error' lines={[actionError]} testId='action-error' /> : null}

      <View className='gk-card'>
        <Text className='gk-heading case__first-heading'>现在由谁处理</Text>
        <Text className='case__holder' data-testid='case-holder'>
          {v.holderText}
        </Text>
        <Text className='gk-text gk-muted' data-testid='case-reason'>
          {v.routing.reason}
        </Text>
      </View>

      {v.can.claim ? (
        <BigButton text={acting ? '正在认领……' : '我来处理'} disabled={acting} testId='claim-button' onTap={onClaim} />
      ) : null}

      {v.can.resolve ? (
        <View className='gk-section'>
          <Text className='gk-label'>办理结果（必须填写）</Text>
          <Text className='gk-hint'>写清楚怎么办好的，居民会看到。</Text>
          <Textarea
            className='gk-textarea'
            value={note}
            maxlength={500}
            placeholder='例如：已请物业换好水管，不再漏水'
            placeholderClass='gk-placeholder'
            onInput={(e) => {
              setNote(e.detail.value);
              if (noteProblem) setNoteProblem(null);
            }}
            nativeProps={nativeField('resolution-note', '办理结果（必须填写）')}
          />
          {noteProblem ? <Notice kind='error' lines={[noteProblem]} testId='resolution-error' /> : null}
          <BigButton text={acting ? '正在提交……' : '办结'} disabled={acting} testId='resolve-button' onTap={onResolve} />
        </View>
      ) : null}

      {v.resolution ? (
        <View className='gk-card case__resolution' data-testid='case-resolution'>
          <Text className='gk-heading case__first-heading'>办理结果</Text>
          <Text className='gk-text'>{v.resolution.note}</Text>
          <Text className='gk-text gk-muted'>
            {v.resolution.by.name}　{formatTime(v.resolution.at)}
          </Text>
        </View>
      ) : null}

      <Text className='gk-heading'>事情</Text>
      <View className='gk-card'>
        <Text className='gk-text'>类别：{v.categoryName}</Text>
        <Text className='gk-text'>地点：{place}</Text>
        <Text className='gk-text case__description'>{v.description}</Text>
      </View>

      <Text className='gk-heading'>反映人</Text>
      <View className='gk-card'>
        <Text className='gk-text'>姓名：{v.residentName}</Text>
        <Text className='gk-text gk-code'>电话：{v.contactPhone || '没有留电话'}</Text>
      </View>

      <Text className='gk-heading'>经过</Text>
      <View className='case__timeline' data-testid='case-timeline'>
        {v.timeline.map((t, i) => (
          <View key={`${t.at}-${i}`} className='case__step'>
            <Text className='case__step-time'>{formatTime(t.at)}</Text>
            <Text className='gk-text'>{t.text}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
