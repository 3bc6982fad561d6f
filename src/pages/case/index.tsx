import { useRef, useState } from 'react';
import { Text, Textarea, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { ApiResult } from '../../../types/result';
import type { CaseView, CategoryView, TimelineEntryView } from '../../../types/domain';
import BigButton from '../../components/big-button';
import DevBar from '../../components/dev-bar';
import Notice from '../../components/notice';
import { claimCase, escalateCase, fetchCase, recategoriseCase, reopenCase, resolveCase, returnToStudio } from '../../services/cloud';
import { formatTime } from '../../lib/labels';
import { nativeField } from '../../lib/native-field';
import { loadMe } from '../../lib/session';
import { scaleStyle } from '../../lib/font-scale';
import './index.css';
import LoadStatus from '../../components/load-status';

type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; view: CaseView };

/** The action panels below the case; at most one is open at a time. */
type Panel = 'escalate' | 'reopen' | 'return' | 'recat';

type Categories = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; list: CategoryView[] };

/** Whether the caller may still do what `panel` does (the case may have changed under them). */
function allowed(v: CaseView, panel: Panel): boolean {
  switch (panel) {
    case 'escalate':
      return v.can.escalate;
    case 'reopen':
      return v.can.reopen;
    case 'return':
      return v.can.returnToStudio;
    case 'recat':
      return v.can.recategorise;
  }
}

/** Tag words for timeline steps that moved the case between the studio, the office and the resident. */
const KIND_TAGS: Partial<Record<TimelineEntryView['kind'], string>> = {
  escalated: '上报社区',
  reopened: '重新反映',
  returned: '退回工作室',
  recategorised: '改类别',
};

/** Words the tags of one timeline step carry; empty for ordinary steps. */
function tagsOf(t: TimelineEntryView): string[] {
  const tags: string[] = [];
  const kindTag = KIND_TAGS[t.kind];
  if (kindTag) tags.push(kindTag);
  if (t.trigger === 'claim-sla' || t.trigger === 'resolve-sla') tags.push('超时自动上报');
  return tags;
}

/** What each panel says and sends: the field's label and example, the confirm button, the words when it is empty. */
const PANEL_TEXT: Record<Panel, { label: string; hint: string; placeholder: string; confirm: string; busy: string; empty: string; done: string }> = {
  escalate: {
    label: '上报的原因（必须填写）',
    hint: '写清楚为什么工作室办不了，社区工作人员会看到。',
    placeholder: '例如：要换整栋楼的水管，需要社区出面协调',
    confirm: '提交上报',
    busy: '正在上报……',
    empty: '请先写一下上报的原因，再点“提交上报”。',
    done: '已经上报社区。',
  },
  reopen: {
    label: '哪里还没解决（必须填写）',
    hint: '说说现在还有什么问题，我们会再来处理。',
    placeholder: '例如：水管换了，但是楼下还在渗水',
    confirm: '提交重新反映',
    busy: '正在提交……',
    empty: '请先写一下哪里还没解决，再点“提交重新反映”。',
    done: '已经重新反映，会有人再来处理。',
  },
  return: {
    label: '退回的说明（必须填写）',
    hint: '写清楚为什么退回、工作室要做什么，值班成员会看到。',
    placeholder: '例如：这件事请工作室先上门看一看',
    confirm: '确认退回',
    busy: '正在退回……',
    empty: '请先写一下退回的说明，再点“确认退回”。',
    done: '已经退回工作室。',
  },
  recat: {
    label: '改类别的说明（必须填写）',
    hint: '写清楚为什么改，改了以后会重新分派。',
    placeholder: '例如：是楼道灯坏了，不是家里的电',
    confirm: '确认改类别',
    busy: '正在修改……',
    empty: '请先写一下改类别的说明，再点“确认改类别”。',
    done: '类别已经改好，已重新分派。',
  },
};

/** Test ids of each panel's field and confirm button. */
const PANEL_IDS: Record<Panel, { field: string; confirm: string }> = {
  escalate: { field: 'escalate-reason', confirm: 'escalate-confirm' },
  reopen: { field: 'reopen-reason', confirm: 'reopen-confirm' },
  return: { field: 'return-note', confirm: 'return-confirm' },
  recat: { field: 'recat-note', confirm: 'recat-confirm' },
};

/** One case: where it stands in plain words, who holds it and why, and what I may do now. */
export default function CasePage() {
  const { params } = useRouter();
  const caseId = params.id ? decodeURIComponent(params.id) : '';
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [note, setNote] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const [actionDone, setActionDone] = useState<string | null>(null);
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const [acting, setActing] = useState(false);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [panelText, setPanelText] = useState('');
  const [recatId, setRecatId] = useState<string | null>(null);
  const [categories, setCategories] = useState<Categories>({ state: 'loading' });
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

  const fetchCategories = async () => {
    setCategories({ state: 'loading' });
    const res = await loadMe();
    setCategories(res.ok ? { state: 'ready', list: res.data.categories } : { state: 'failed', message: res.error.message });
  };

  const openPanel = (next: Panel) => {
    if (busy.current) return;
    setActionError(null);
    setActionDone(null);
    if (panel !== next) {
      setPanel(next);
      setPanelText('');
      setRecatId(null);
    }
    if (next === 'recat' && categories.state !== 'ready') fetchCategories();
  };

  const closePanel = () => {
    if (busy.current) return;
    setPanel(null);
    setPanelText('');
    setRecatId(null);
    setActionError(null);
  };

  const onClaim = async () => {
    if (busy.current) return;
    busy.current = true;
    setActing(true);
    setActionError(null);
    setActionDone(null);
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
    setActionDone(null);
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

  /** The open panel's confirm button: check the words, ask where asked, send, then show the case as it is now. */
  const onPanelConfirm = async () => {
    if (busy.current || !panel || load.state !== 'ready') return;
    const text = panelText.trim();
    const words = PANEL_TEXT[panel];
    setActionError(null);
    setActionDone(null);
    if (panel === 'recat' && !recatId) {
      setActionError('请先选一个新的类别（点上面的方块）。');
      return;
    }
    if (panel === 'recat' && categories.state === 'ready' && recatId === load.view.categoryId) {
      setActionError('这就是现在的类别，请选另一类。');
      return;
    }
    if (!text) {
      setActionError(words.empty);
      return;
    }
    busy.current = true;
    setActing(true);
    let go = true;
    if (panel === 'escalate') {
      const { confirm } = await Taro.showModal({
        title: '上报社区',
        content: '这件事交给社区办公室处理，可以吗？',
        confirmText: '确定上报',
        cancelText: '再想想',
      });
      go = confirm;
    }
    if (go) {
      let res: ApiResult<CaseView>;
      if (panel === 'escalate') res = await escalateCase(caseId, text);
      else if (panel === 'reopen') res = await reopenCase(caseId, text);
      else if (panel === 'return') res = await returnToStudio(caseId, text);
      else res = await recategoriseCase(caseId, recatId ?? '', text);
      if (res.ok) {
        setLoad({ state: 'ready', view: res.data });
        setPanel(null);
        setPanelText('');
        setRecatId(null);
        setActionDone(words.done);
      } else {
        // Shown in the panel if it is still there after the reload, else at the top (see errorInPanel below).
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
        {process.env.TARO_ENV === 'h5' ? <DevBar onClockAdvanced={() => reload()} /> : null}
        <LoadStatus load={load} onRetry={() => reload()} />
      </View>
    );
  }

  const v = load.view;
  const place = v.placeText;
  const openPanelNow = panel && allowed(v, panel) ? panel : null;
  // One place for the error line: inside the open panel, else at the top.
  const errorInPanel = openPanelNow !== null;
  const errorNotice = actionError ? <Notice kind='error' lines={[actionError]} testId='action-error' /> : null;

  /** The field, (category tiles,) confirm and cancel of the open panel. */
  const renderPanel = (which: Panel) => {
    if (openPanelNow !== which) return null;
    const words = PANEL_TEXT[which];
    const ids = PANEL_IDS[which];
    return (
      <View className='case__panel' data-testid={`panel-${which}`}>
        {which === 'recat' ? (
          <View>
            <Text className='gk-label case__panel-first' id='case-recat-label'>
              改成哪一类？
            </Text>
            {categories.state === 'loading' ? <Text className='gk-text gk-muted'>正在读取类别，请稍等……</Text> : null}
            {categories.state === 'failed' ? (
              <View>
                <Notice kind='error' lines={[categories.message]} />
                <BigButton text='再试一次' variant='secondary' size='small' onTap={fetchCategories} />
              </View>
            ) : null}
            {categories.state === 'ready' ? (
              <View className='case__cat-grid' role='group' aria-labelledby='case-recat-label'>
                {categories.list.map((c) => {
                  const on = c.id === recatId;
                  const current = c.id === v.categoryId;
                  return (
                    <View
                      key={c.id}
                      className={`case__cat-tile${on ? ' case__cat-tile--on' : ''}`}
                      role='button'
                      aria-pressed={on ? 'true' : 'false'}
                      data-testid={`recat-${c.id}`}
                      onClick={() => {
                        setRecatId(c.id);
                        setActionError(null);
                      }}
                    >
                      <Text className='case__cat-icon' aria-hidden='true'>
                        {c.icon}
                      </Text>
                      <Text className='case__cat-name'>{c.name}</Text>
                      {current ? <Text className='case__cat-note'>现在的类别</Text> : null}
                      {on ? <Text className='case__cat-mark'>✓ 已选</Text> : null}
                    </View>
                  );
                })}
              </View>
            ) : null}
          </View>
        ) : null}
        <Text className={`gk-label${which === 'recat' ? '' : ' case__panel-first'}`}>{words.label}</Text>
        <Text className='gk-hint'>{words.hint}</Text>
        <Textarea
          className='gk-textarea'
          value={panelText}
          maxlength={500}
          placeholder={words.placeholder}
          placeholderClass='gk-placeholder'
          onInput={(e) => {
            setPanelText(e.detail.value);
            if (actionError) setActionError(null);
          }}
          nativeProps={nativeField(ids.field, words.label)}
        />
        {errorInPanel ? errorNotice : null}
        <BigButton text={acting ? words.busy : words.confirm} disabled={acting} testId={ids.confirm} onTap={onPanelConfirm} />
        <View className='case__panel-cancel'>
          <BigButton text='取消' variant='secondary' size='small' disabled={acting} testId={`cancel-${which}`} onTap={closePanel} />
        </View>
      </View>
    );
  };

  /** A big secondary button that opens `which`, with its panel right below it. */
  const opener = (which: Panel, text: string, testId: string) => (
    <View className='case__action'>
      <BigButton
        text={text}
        variant='secondary'
        disabled={acting}
        expanded={openPanelNow === which}
        testId={testId}
        onTap={() => openPanel(which)}
      />
      {renderPanel(which)}
    </View>
  );

  const anyAction = v.can.escalate || v.can.reopen || v.can.returnToStudio || v.can.recategorise;

  return (
    <View className='gk-page case' style={scaleStyle()}>
      {process.env.TARO_ENV === 'h5' ? <DevBar onClockAdvanced={() => reload()} /> : null}

      <View className={`case__status case__status--${v.status}`}>
        <Text className='case__status-label'>现在的情况</Text>
        <Text className='case__status-text' data-testid='case-status'>
          {v.statusText}
        </Text>
        <Text className='gk-text gk-code'>事项编号：{v.code}</Text>
        {v.reopenCount > 0 ? (
          <Text className='gk-text' data-testid='case-reopen-count'>
            居民已重新反映 {v.reopenCount} 次
          </Text>
        ) : null}
      </View>

      {errorInPanel ? null : errorNotice}
      {actionDone ? <Notice kind='info' lines={[actionDone]} testId='action-done' /> : null}

      <View className='gk-card'>
        <Text className='gk-heading case__first-heading'>现在由谁处理</Text>
        <Text className='case__holder' data-testid='case-holder'>
          {v.holderText}
        </Text>
        {v.expectation ? (
          <Text className='case__expectation' data-testid='case-expectation'>
            {v.expectation.text}
          </Text>
        ) : null}
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

      {anyAction ? (
        <View className='gk-section case__actions'>
          {v.can.reopen ? opener('reopen', '还没解决，重新反映', 'reopen-button') : null}
          {v.can.escalate ? opener('escalate', '上报社区', 'escalate-button') : null}
          {v.can.returnToStudio ? opener('return', '退回工作室', 'return-button') : null}
          {v.can.recategorise ? opener('recat', '改类别', 'recategorise-button') : null}
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
        {v.timeline.map((t, i) => {
          const tags = tagsOf(t);
          return (
            <View
              key={`${t.at}-${i}`}
              className={`case__step${tags.length > 0 ? ` case__step--moved case__step--${t.kind}` : ''}`}
              data-kind={t.kind}
            >
              <Text className='case__step-time'>{formatTime(t.at)}</Text>
              {tags.length > 0 ? (
                <View className='case__step-tags'>
                  {tags.map((tag) => (
                    <Text key={tag} className={`gk-tag case__step-tag${tag === '超时自动上报' || t.kind === 'escalated' ? ' gk-tag--alarm' : ''}`}>
                      {tag}
                    </Text>
                  ))}
                </View>
              ) : null}
              <Text className='gk-text'>{t.text}</Text>
            </View>
          );
        })}
      </View>
    </View>
  );
}
