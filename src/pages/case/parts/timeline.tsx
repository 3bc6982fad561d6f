import { Text, View } from '@tarojs/components';
import type { TimelineEntryView } from '../../../../types/domain';
import type { Audience } from '../../../../types/words';
import { SLA_TAG, TIMELINE_TAGS } from '../../../../types/words';
import { formatTime } from '../../../lib/labels';
import VoicePlayer from '../../../components/voice-player';

/** Steps whose tag is red (words first; the colour only adds to them). */
const ALARM_KINDS: ReadonlySet<TimelineEntryView['kind']> = new Set(['escalated', 'rejected']);

/** The tags of one timeline step in the viewer's words (types/words.ts), and whether each is red; empty for ordinary steps. */
function tagsOf(t: TimelineEntryView, audience: Audience): Array<{ text: string; alarm: boolean }> {
  const tags: Array<{ text: string; alarm: boolean }> = [];
  const kindTag = TIMELINE_TAGS[audience][t.kind];
  if (kindTag) tags.push({ text: kindTag, alarm: ALARM_KINDS.has(t.kind) });
  const slaTag = SLA_TAG[audience];
  if (slaTag && (t.trigger === 'claim-sla' || t.trigger === 'resolve-sla')) tags.push({ text: slaTag, alarm: true });
  return tags;
}

/** 经过: every step of the case, oldest first; steps that moved it carry tags in words (the viewer's: a resident's plain ones). */
export default function Timeline({ timeline, audience }: { timeline: TimelineEntryView[]; audience: Audience }) {
  return (
    <>
      <Text className='gk-heading'>经过</Text>
      <View className='case__timeline' data-testid='case-timeline'>
        {timeline.map((t, i) => {
          const tags = tagsOf(t, audience);
          return (
            <View key={`${t.at}-${i}`} className={`case__step${tags.length > 0 ? ` case__step--moved case__step--${t.kind}` : ''}`} data-kind={t.kind}>
              <Text className='case__step-time'>{formatTime(t.at)}</Text>
              {tags.length > 0 ? (
                <View className='case__step-tags'>
                  {tags.map((tag) => (
                    <Text key={tag.text} className={`gk-tag case__step-tag${tag.alarm ? ' gk-tag--alarm' : ''}`}>
                      {tag.text}
                    </Text>
                  ))}
                </View>
              ) : null}
              <Text className='gk-text'>{t.text}</Text>
              {t.voice ? <VoicePlayer voice={t.voice} what='这一步的语音' testId={`step-voice-${i}`} /> : null}
            </View>
          );
        })}
      </View>
    </>
  );
}
