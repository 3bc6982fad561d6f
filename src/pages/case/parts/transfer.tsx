import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import type { TransferBody } from '../../../../types/domain';
import { TRANSFER_BODY_NAMES } from '../../../../types/words';
import BigButton from '../../../components/big-button';
import DateField from '../../../components/date-field';
import PickTile from '../../../components/pick-tile';
import TextField from '../../../components/text-field';
import { recordTransferOutcome, transferCase } from '../../../services/cloud';
import { ActionError, type ActionsProps, Opener } from './action-panel';

/** The outside bodies offered, in the order the office uses them most. */
const BODIES: Array<{ body: TransferBody; name: string }> = [
  ...(Object.entries(TRANSFER_BODY_NAMES) as Array<[Exclude<TransferBody, 'other'>, string]>).map(([body, name]) => ({ body, name })),
  { body: 'other', name: '其他单位' },
];

/** 转交外单位's form: to whom (another body writes its name), their 工单号, and when they expect to be done. */
function TransferForm({ view: v, action, onClose }: ActionsProps) {
  const [body, setBody] = useState<TransferBody | null>(null);
  const [bodyName, setBodyName] = useState('');
  const [ticket, setTicket] = useState('');
  const [date, setDate] = useState('');
  const busy = action.busy === 'transfer';
  const clearMine = () => {
    if (action.errorOf('transfer')) action.clear(true);
  };

  const onConfirm = () => {
    if (action.running()) return;
    action.clear();
    if (!body) return action.say('transfer', '请先选转交给哪个单位（点上面的方块）。');
    if (body === 'other' && !bodyName.trim()) return action.say('transfer', '请写一下是哪个单位。');
    if (!ticket.trim()) return action.say('transfer', '请填写对方给的工单号。');
    if (!date) return action.say('transfer', '请选一下对方说的预计办好的日期。');
    const name = body === 'other' ? bodyName.trim() : TRANSFER_BODY_NAMES[body];
    action
      .run(
        'transfer',
        () => transferCase({ caseId: v.id, body, ...(body === 'other' ? { bodyName: bodyName.trim() } : {}), ticket: ticket.trim(), expectedDate: date }),
        `已经记下转交${name}，居民会收到通知。`,
      )
      .then((ok) => {
        if (ok) onClose();
      });
  };

  return (
    <View className='case__panel' data-testid='panel-transfer'>
      <Text className='gk-label case__panel-first' id='case-transfer-pick-label'>
        转交给哪个单位？
      </Text>
      <View className='gk-tiles' role='group' aria-labelledby='case-transfer-pick-label'>
        {BODIES.map((b) => (
          <PickTile
            key={b.body}
            on={body === b.body}
            className='gk-tile--stack case__cat-tile case__pick-tile'
            testId={`transfer-body-${b.body}`}
            onTap={() => {
              setBody(b.body);
              clearMine();
            }}
          >
            <Text className='case__cat-name'>{b.name}</Text>
            {body === b.body ? <Text className='case__cat-mark'>✓ 已选</Text> : null}
          </PickTile>
        ))}
      </View>
      {body === 'other' ? (
        <TextField
          label='单位名称（必须填写）'
          value={bodyName}
          maxlength={20}
          placeholder='例如：房管所'
          testId='transfer-body-name'
          onInput={(typed) => {
            setBodyName(typed);
            clearMine();
          }}
        />
      ) : null}
      <TextField
        label='对方的工单号（必须填写）'
        hint='照对方给的号码抄，居民问起时可以报给对方查。'
        value={ticket}
        maxlength={32}
        placeholder='例如：WY-2026-0088'
        testId='transfer-ticket'
        onInput={(typed) => {
          setTicket(typed);
          clearMine();
        }}
      />
      <DateField
        label='对方说预计哪天办好'
        value={date}
        testId='transfer-date'
        onChange={(picked) => {
          setDate(picked);
          clearMine();
        }}
      />
      <ActionError action={action} which='transfer' />
      <BigButton text={busy ? '正在保存……' : '确认转交'} disabled={busy} testId='transfer-confirm' onTap={onConfirm} />
      <View className='case__panel-cancel'>
        <BigButton text='取消' variant='secondary' size='small' disabled={busy} testId='cancel-transfer' onTap={onClose} />
      </View>
    </View>
  );
}

/**
 * 转办 on the case page, for the office: 转交外单位 (to 物业, 12345, 街道, a utility or another body, with its 工单号 and
 * expected date) while the case is theirs, then 记下外单位的办理结果, which resolves it.
 */
export default function TransferActions(props: ActionsProps) {
  const { view: v, action, open, onOpen, onClose } = props;
  if (!v.can.transfer && !v.can.transferOutcome) return null;
  return (
    <View className='gk-section case__actions'>
      {v.can.transfer ? (
        <View className='case__action'>
          <BigButton
            text='转交外单位'
            variant='secondary'
            expanded={open === 'transfer'}
            testId='transfer-button'
            onTap={() => {
              if (!action.running()) onOpen('transfer');
            }}
          />
          {open === 'transfer' ? <TransferForm {...props} /> : null}
        </View>
      ) : null}
      <Opener
        which='transferOutcome'
        view={v}
        action={action}
        open={open}
        onOpen={onOpen}
        onClose={onClose}
        send={(text) => recordTransferOutcome(v.id, text)}
      />
    </View>
  );
}
