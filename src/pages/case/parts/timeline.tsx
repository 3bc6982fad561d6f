import { Text, View } from '@tarojs/components';
import type { TimelineEntryView } from '../../../../types/domain';
import { formatTime } from '../../../lib/labels';

/** Tag words for timeline steps that moved the case or added to it. */
const KIND_TAGS: Partial<Record<TimelineEntryView['kind'], string>> = {
  escalated: '上报社区',
  reopened: '重新反映',
  returned: '退回工作室',
  recategorised: '改类别',
  released: '放回',
  'handed-over': '转交',
  assigned: '指派',
  noted: '进展',
  rejected: '不予受理',
  urged: '催一催',
  cancelled: '撤回',
  confirmed: '已确认解决',
  rated: '评价',
};

/** Steps whose tag is red (words first; the colour only adds to them). */
const ALARM_KINDS: ReadonlySet<TimelineEntryView['kind']> = new Set(['escalated', 'rejected']);

/** Words the tags of one timeline step carry; empty for ordinary steps. */
function tagsOf(t: TimelineEntryView): string[] {
  const tags: string[] = [];
  const kindTag = KIND_TAGS[t.kind];
  if (kindTag) tags.push(kindTag);
  if (t.trigger === 'claim-sla' || t.trigger === 'resolve-sla') tags.push('超时自动上报');
  return tags;
}

/** 经过: every step of the case, oldest first; steps that moved it carry tags in words. */
export default function Timeline({ timeline }: { timeline: TimelineEntryView[] }) {
  return (
    <>
      <Text className='gk-heading'>经过</Text>
      <View className='case__timeline' data-testid='case-timeline'>
        {timeline.map((t, i) => {
          const tags = tagsOf(t);
          return (
            <View key={`${t.at}-${i}`} className={`case__step${tags.length > 0 ? ` case__step--moved case__step--${t.kind}` : ''}`} data-kind={t.kind}>
              <Text className='case__step-time'>{formatTime(t.at)}</Text>
              {tags.length > 0 ? (
                <View className='case__step-tags'>
                  {tags.map((tag) => (
                    <Text key={tag} className={`gk-tag case__step-tag${tag === '超时自动上报' || ALARM_KINDS.has(t.kind) ? ' gk-tag--alarm' : ''}`}>
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
    </>
  );
}
