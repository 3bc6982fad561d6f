import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import './index.css';

export interface EmergencySheetProps {
  /** The community office's phone (MeView.officePhone); no office button while it is unknown or empty. */
  officePhone?: string;
  /** The sheet's heading id (it names the group); unique on the page. */
  headingId: string;
  /** A button under the calls, 「打完电话，接着填写」, that takes the person on to the form; absent: no such button. */
  onContinue?: () => void;
  testId?: string;
}

/** Starts the phone's dialler; a refusal (the person cancels) needs no words. */
function call(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

interface CallProps {
  number: string;
  /** What the number is for, in words, under it. */
  what: string;
  /** The words on the button's first line, e.g. 「打 119」. */
  text: string;
  /** Spoken name, starting with the visible words. */
  label: string;
  testId: string;
  wide?: boolean;
}

function CallButton({ number, what, text, label, testId, wide = false }: CallProps) {
  return (
    <View
      className={`gk-sos__call${wide ? ' gk-sos__call--wide' : ''}`}
      role='button'
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
      data-main-action='true'
      onClick={() => call(number)}
    >
      <Text className='gk-sos__call-text'>{text}</Text>
      <Text className='gk-sos__call-what'>{what}</Text>
    </View>
  );
}

/**
 * 「请先打电话」: the call-now sheet of an emergency (gas smell, fire, someone hurt). Three buttons that start the
 * phone's dialler — 119, 110 and the community office — in a red band that comes before any form. Only the type grows
 * with the font scale; padding and gaps stay nearly constant, so at 320 px × 2.0 the whole sheet fits one screen.
 */
export default function EmergencySheet({ officePhone, headingId, onContinue, testId }: EmergencySheetProps) {
  return (
    <View className='gk-sos' role='group' aria-labelledby={headingId} data-testid={testId}>
      {/* role=alert: said aloud as soon as the sheet appears (a tap on 安全隐患, or arriving from 紧急情况). */}
      <View role='alert'>
        {/* Two phrases, each kept whole: the line breaks after the comma, not inside 「请先打电话」. */}
        <View className='gk-sos__title' id={headingId}>
          <Text className='gk-sos__phrase'>紧急情况，</Text>
          <Text className='gk-sos__phrase'>请先打电话</Text>
        </View>
      </View>
      <View className='gk-sos__calls'>
        <CallButton number='119' text='打 119' what='火警、燃气' label='打 119，火警、燃气' testId='call-119' />
        <CallButton number='110' text='打 110' what='报警' label='打 110，报警' testId='call-110' />
        {officePhone ? (
          <CallButton
            number={officePhone}
            text='打社区电话'
            what={officePhone}
            label={`打社区电话，社区办公室 ${officePhone}`}
            testId='call-office'
            wide
          />
        ) : null}
      </View>
      {onContinue ? (
        <View className='gk-sos__continue' role='button' tabIndex={0} data-testid='emergency-continue' data-main-action='true' onClick={onContinue}>
          <View className='gk-sos__continue-text'>
            <Text className='gk-sos__phrase'>打完电话，</Text>
            <Text className='gk-sos__phrase'>接着填写</Text>
          </View>
        </View>
      ) : null}
    </View>
  );
}
