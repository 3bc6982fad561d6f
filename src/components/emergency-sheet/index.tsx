import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import './index.css';

export interface EmergencySheetProps {
  /** The community office's phone (MeView.officePhone); no office button while it is unknown or empty. */
  officePhone?: string;
  /** The sheet's heading id (it names the group); unique on the page. */
  headingId: string;
  /** A button under the calls, 「打完电话再填写」, that takes the person on to the form; absent: no such button. */
  onContinue?: () => void;
  testId?: string;
}

/** Starts the phone's dialler; a refusal (the person cancels) needs no words. */
function call(phoneNumber: string): void {
  Taro.makePhoneCall({ phoneNumber }).catch(() => undefined);
}

/** 「0573-85010001」 → 「0573-」「85010001」: where a phone number may break when its line is too narrow. */
function areaCodeFirst(phone: string): string[] {
  const dash = phone.indexOf('-');
  return dash > 0 && dash < phone.length - 1 ? [phone.slice(0, dash + 1), phone.slice(dash + 1)] : [phone];
}

interface CallProps {
  number: string;
  /** The button's first line, in big type: the number itself (119, 110) or the place (社区电话). */
  first: string;
  /** Whether the first line is a number (the biggest type) or words. */
  firstIsNumber: boolean;
  /** The second line: what the number is for, or the office's number (broken after its area code when it must break); phrases are kept whole, a line may break between them. */
  what: string[];
  /** Space between the phrases (words side by side), the same on both sides so a phrase alone on its line stays centred. */
  separated?: boolean;
  /** Spoken name, starting with the visible words. */
  label: string;
  testId: string;
  wide?: boolean;
}

function CallButton({ number, first, firstIsNumber, what, separated = false, label, testId, wide = false }: CallProps) {
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
      <Text className={firstIsNumber ? 'gk-sos__call-number' : 'gk-sos__call-text'}>{first}</Text>
      <View className='gk-sos__call-what'>
        {what.map((phrase, i) => (
          <Text key={i} className={`gk-sos__phrase${separated ? ' gk-sos__phrase--spaced' : ''}`}>
            {phrase}
          </Text>
        ))}
      </View>
    </View>
  );
}

/**
 * 「紧急，先打电话」: the call-now sheet of an emergency (gas smell, fire, someone hurt). Three buttons that start the
 * phone's dialler — 119 and 110 side by side, the community office under them — in a red band that comes before any
 * form. Only the type grows with the font scale; padding and gaps stay nearly constant, so at 320 × 504 (a real small
 * phone under WeChat's title bar) × 2.0 the whole sheet fits one screen.
 */
export default function EmergencySheet({ officePhone, headingId, onContinue, testId }: EmergencySheetProps) {
  return (
    <View className='gk-sos' role='group' aria-labelledby={headingId} data-testid={testId}>
      {/* role=alert: said aloud as soon as the sheet appears (a tap on 安全隐患, or arriving from 紧急情况). */}
      <View role='alert'>
        {/* One short line even at 320 px × 2.0; on a narrower screen it breaks after the comma, not inside 「先打电话」. */}
        <View className='gk-sos__title' id={headingId}>
          <Text className='gk-sos__phrase'>紧急，</Text>
          <Text className='gk-sos__phrase'>先打电话</Text>
        </View>
      </View>
      <View className='gk-sos__calls'>
        <CallButton number='119' first='119' firstIsNumber what={['火警', '燃气']} separated label='119 火警、燃气，打电话' testId='call-119' />
        <CallButton number='110' first='110' firstIsNumber what={['报警']} label='110 报警，打电话' testId='call-110' />
        {officePhone ? (
          <CallButton
            number={officePhone}
            first='社区电话'
            firstIsNumber={false}
            what={areaCodeFirst(officePhone)}
            label={`社区电话 ${officePhone}，打给社区办公室`}
            testId='call-office'
            wide
          />
        ) : null}
      </View>
      {onContinue ? (
        <View className='gk-sos__continue' role='button' tabIndex={0} data-testid='emergency-continue' data-main-action='true' onClick={onContinue}>
          <Text className='gk-sos__continue-text'>打完电话再填写</Text>
        </View>
      ) : null}
    </View>
  );
}
