import { useRef, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { useLoad } from '@tarojs/taro';
import type { ResponseOf } from '../../../types/api';
import BigButton from '../../components/big-button';
import CompoundTiles from '../../components/compound-tiles';
import LoadStatus from '../../components/load-status';
import Notice from '../../components/notice';
import TextField from '../../components/text-field';
import { fetchAdminOverview, makePlaceCodes, retirePlaceCode } from '../../services/cloud';
import { scaleStyle } from '../../lib/font-scale';
import '../shared/admin.css';
import './index.css';

type Overview = ResponseOf<'admin', 'overview'>;
type Made = ResponseOf<'admin', 'placeCodes'>;
type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; overview: Overview };

/** The poster's headline (issue 14): what to do, and who answers. */
export const POSTER_HEADLINE = '有事扫一扫 · 金钥匙书记工作室';

/** How to use it, in three short steps for a resident in front of the poster. */
export const POSTER_STEPS = [
  '打开微信，点右上角“+”，再点“扫一扫”，对准上面的码。',
  '点一下是哪一类事，说一说是什么事。',
  '点“提交”。书记看到就来办，办好了会告诉您。',
];

/** 「1幢,2幢，3幢、4幢」 → the names, in order (commas of either width, 、, spaces and new lines separate them). */
export function splitNames(text: string): string[] {
  return text
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * 楼道二维码: the admin picks a compound, types its buildings (and units for door labels), and prints A4 posters —
 * one per building — or a sheet of small labels. Scanning a code opens the report with the place filled in.
 */
export default function Posters() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [compoundId, setCompoundId] = useState<string | null>(null);
  const [buildings, setBuildings] = useState('');
  const [units, setUnits] = useState('');
  const [kind, setKind] = useState<'posters' | 'labels'>('posters');
  const [problems, setProblems] = useState<string[]>([]);
  const [making, setMaking] = useState(false);
  const [made, setMade] = useState<Made | null>(null);
  const busy = useRef(false);
  const [retireCode, setRetireCode] = useState('');
  const [retireSays, setRetireSays] = useState<{ kind: 'ok' | 'error'; lines: string[] } | null>(null);
  const [retiring, setRetiring] = useState(false);

  const reload = async () => {
    setLoad({ state: 'loading' });
    const res = await fetchAdminOverview();
    setLoad(res.ok ? { state: 'ready', overview: res.data } : { state: 'failed', message: res.error.message });
  };
  useLoad(() => {
    reload();
  });

  const onMake = async () => {
    if (busy.current) return;
    const bs = splitNames(buildings);
    const found: string[] = [];
    if (!compoundId) found.push('请先选小区（点上面的方块）。');
    if (bs.length === 0) found.push('请写上楼幢，用逗号隔开，例如：1幢,2幢,3幢');
    setProblems(found);
    if (found.length > 0 || !compoundId) return;
    busy.current = true;
    setMaking(true);
    const res = await makePlaceCodes(compoundId, bs, kind === 'labels' ? splitNames(units) : []);
    busy.current = false;
    setMaking(false);
    if (!res.ok) {
      setProblems([res.error.message]);
      return;
    }
    setMade(res.data);
  };

  const onRetire = async () => {
    if (busy.current) return;
    if (!retireCode.trim()) {
      setRetireSays({ kind: 'error', lines: ['请填写海报下面印的7位地点码。'] });
      return;
    }
    busy.current = true;
    setRetiring(true);
    const res = await retirePlaceCode(retireCode);
    busy.current = false;
    setRetiring(false);
    if (!res.ok) {
      setRetireSays({ kind: 'error', lines: [res.error.message] });
      return;
    }
    const { code, place, retiredNow } = res.data;
    setRetireSays({
      kind: 'ok',
      lines: [
        retiredNow ? `地点码 ${code}（${place}）已停用。` : `地点码 ${code}（${place}）以前就停用了。`,
        '扫这个码不再自动填地点。这个地方再做海报会换一个新码。',
      ],
    });
    setRetireCode('');
  };

  if (load.state !== 'ready') {
    return (
      <View className='gk-page adm' style={scaleStyle()}>
        <LoadStatus load={load} onRetry={reload} />
      </View>
    );
  }

  if (made) {
    const phone = made.officePhone;
    return (
      <View className='gk-page adm poster-page' style={scaleStyle()}>
        <View className='poster-page__noprint'>
          <Text className='gk-text'>
            做好了 {made.codes.length} 个码（{made.compoundName}）。同一个地方的码不会变，以前贴的还能用。
          </Text>
          {process.env.TARO_ENV === 'h5' ? (
            <BigButton text='打印' sub='用 A4 纸打印' testId='poster-print' onTap={() => window.print()} />
          ) : (
            <Notice kind='info' lines={['打印请在电脑上打开这一页（管理 → 楼道二维码），再点“打印”。']} testId='poster-print-hint' />
          )}
          <BigButton text='再做一批' variant='secondary' testId='poster-again' onTap={() => setMade(null)} />
        </View>
        {kind === 'posters' ? (
          made.codes.map((c) => (
            <View key={c.code} className='poster' data-testid={`poster-${c.code}`}>
              <Text className='poster__headline'>{POSTER_HEADLINE}</Text>
              <Text className='poster__place'>{[made.compoundName, c.building, c.unit].filter(Boolean).join(' ')}</Text>
              <Image
                className='poster__code'
                src={c.imageUrl}
                mode='aspectFit'
                ariaLabel={`${c.building}的二维码`}
                nativeProps={process.env.TARO_ENV === 'h5' ? { alt: `${c.building}${c.unit}的二维码` } : undefined}
                data-testid='poster-code'
              />
              <View className='poster__steps'>
                {POSTER_STEPS.map((s, i) => (
                  <Text key={s} className='poster__step'>
                    {i + 1}. {s}
                  </Text>
                ))}
              </View>
              {phone ? <Text className='poster__phone'>不会扫码？打电话：{phone}</Text> : null}
              <Text className='poster__code-text'>地点码 {c.code}</Text>
            </View>
          ))
        ) : (
          <View className='labels' data-testid='labels'>
            {made.codes.map((c) => (
              <View key={c.code} className='label' data-testid={`label-${c.code}`}>
                <Image
                  className='label__code'
                  src={c.imageUrl}
                  mode='aspectFit'
                  ariaLabel={`${c.building}${c.unit}的二维码`}
                  nativeProps={process.env.TARO_ENV === 'h5' ? { alt: `${c.building}${c.unit}的二维码` } : undefined}
                />
                <Text className='label__place'>{[c.building, c.unit].filter(Boolean).join(' ')}</Text>
                <Text className='label__hint'>有事扫一扫</Text>
              </View>
            ))}
          </View>
        )}
      </View>
    );
  }

  const compounds = load.overview.config.compounds;
  return (
    <View className='gk-page adm' style={scaleStyle()}>
      <Text className='gk-text gk-muted'>在楼道里贴一张，居民扫一扫就能反映问题，地点自动填好。</Text>
      <Text className='gk-label' id='poster-compound-label'>
        1. 哪个小区？
      </Text>
      <CompoundTiles
        compounds={compounds}
        selectedId={compoundId}
        onSelect={setCompoundId}
        testIdPrefix='poster-compound-'
        labelledBy='poster-compound-label'
      />
      <TextField
        label='2. 哪几幢？（用逗号隔开）'
        value={buildings}
        maxlength={400}
        placeholder='例如：1幢,2幢,3幢'
        testId='poster-buildings'
        onInput={(v) => {
          setBuildings(v);
          setProblems([]);
        }}
      />
      <Text className='gk-label' id='poster-kind-label'>
        3. 做成什么样？
      </Text>
      <View className='adm__actions' role='group' aria-labelledby='poster-kind-label'>
        <BigButton
          text='每幢一张大海报'
          size='small'
          variant={kind === 'posters' ? 'primary' : 'secondary'}
          testId='poster-kind-posters'
          onTap={() => setKind('posters')}
        />
        <BigButton
          text='单元门小标签'
          size='small'
          variant={kind === 'labels' ? 'primary' : 'secondary'}
          testId='poster-kind-labels'
          onTap={() => setKind('labels')}
        />
      </View>
      {kind === 'labels' ? (
        <TextField
          label='哪几个单元？（用逗号隔开）'
          value={units}
          maxlength={400}
          placeholder='例如：1单元,2单元'
          testId='poster-units'
          onInput={(v) => {
            setUnits(v);
            setProblems([]);
          }}
        />
      ) : null}
      <Notice kind='error' lines={problems} testId='poster-error' />
      <BigButton text={making ? '正在生成……' : '生成'} disabled={making} testId='poster-make' onTap={onMake} />
      <View className='gk-card poster-retire' data-testid='poster-retire'>
        <Text className='gk-label'>停用一个码</Text>
        <Text className='gk-text gk-muted'>海报撕掉了，或贴错了地方：填上海报下面印的地点码，停用后扫它不再自动填地点。</Text>
        <TextField
          label='地点码（7位）'
          value={retireCode}
          maxlength={20}
          placeholder='例如：K7M2Q9X'
          testId='retire-code'
          onInput={(v) => {
            setRetireCode(v);
            setRetireSays(null);
          }}
        />
        {retireSays ? <Notice kind={retireSays.kind === 'ok' ? 'info' : 'error'} lines={retireSays.lines} testId='retire-says' /> : null}
        <BigButton text={retiring ? '正在停用……' : '停用这个码'} variant='secondary' disabled={retiring} testId='retire-make' onTap={onRetire} />
      </View>
    </View>
  );
}
