import { claim, openCase, resolve } from '../../cloudfunctions/core/Case';
import { fitField, wechatTime } from '../../cloudfunctions/core/messages';
import { resolvedFor, toSubscribeMessage } from '../../cloudfunctions/core/notify';
import { aCommunity } from '../fakes';

describe('fitField', () => {
  it('cuts thing values to 20 characters, counting Chinese characters and emoji as one', () => {
    const long = '水管爆裂一直漏水楼下天花板也湿了请快点派人来看看谢谢';
    const fitted = fitField('thing2', long);
    expect(Array.from(fitted)).toHaveLength(20);
    expect(fitted.endsWith('…')).toBe(true);
    expect(fitField('thing2', '短的')).toBe('短的');
    expect(Array.from(fitField('thing4', '🔧'.repeat(30)))).toHaveLength(20);
  });
  it('keeps phrase to at most 5 Chinese characters and nothing else', () => {
    expect(fitField('phrase3', '已办结')).toBe('已办结');
    expect(fitField('phrase3', '已经办理完结了OK!')).toBe('已经办理完');
  });
  it('keeps character_string to allowed characters, ≤ 32', () => {
    expect(fitField('character_string1', 'AB-12 中文')).toBe('AB-12');
    expect(fitField('character_string1', 'x'.repeat(40))).toHaveLength(32);
  });
  it('formats time in Beijing time', () => {
    expect(wechatTime(new Date('2026-11-27T02:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-27 10:05');
  });
});

describe('the resolved notification', () => {
  it('addresses the reporter with the configured template and fitted fields', () => {
    const t = new Date('2026-11-27T02:05:00Z');
    const c = openCase({
      id: 'c9',
      code: 'ABC234',
      reporter: { id: 'r1', name: '张阿姨' },
      categoryId: 'repair',
      description: '水管爆裂一直漏水楼下天花板也湿了请快点派人来',
      place: { compoundId: 'hongqiao', building: '2幢', unit: '302' },
      contactPhone: '',
      routing: { target: 'studio', rule: 'on-duty', groupId: 'g2', alertGroupId: null, preferredMemberIds: [], reason: 'x', expectedBy: null },
      urgent: false,
      filedFor: null,
      now: t,
    });
    const m = { id: 'm1', name: '王思瑛' };
    const msg = toSubscribeMessage(
      resolvedFor(resolve(claim(c, m, t, null), m, '已请物业更换总阀，漏水止住了，明天再来看一次', t), aCommunity()),
      'TMPL_RESOLVED',
    );
    expect(msg.touser).toBe('r1');
    expect(msg.templateId).toBe('TMPL_RESOLVED');
    expect(msg.page).toBe('pages/case/index?id=c9');
    expect(msg.data.character_string1.value).toBe('ABC234');
    expect(msg.data.phrase3.value).toBe('已经办好了');
    expect(msg.data.time5.value).toBe('2026-11-27 10:05');
    for (const k of ['thing2', 'thing4']) expect(Array.from(msg.data[k].value).length).toBeLessThanOrEqual(20);
    expect(msg.data.thing2.value.startsWith('水电维修：')).toBe(true);
  });
});
