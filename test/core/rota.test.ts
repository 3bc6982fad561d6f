import { DEFAULT_ROTA, addDutyTime, groupForDate, hoursText, nextShift, onDuty, validateRota } from '../../cloudfunctions/core/rota';
import { bj } from '../fakes';

describe('onDuty', () => {
  it('gives the first group the start date and rotates one group a day', () => {
    expect(groupForDate(DEFAULT_ROTA, '2026-01-05')).toBe('g1');
    expect(groupForDate(DEFAULT_ROTA, '2026-01-06')).toBe('g2');
    expect(groupForDate(DEFAULT_ROTA, '2026-01-08')).toBe('g4');
    expect(groupForDate(DEFAULT_ROTA, '2026-01-09')).toBe('g1');
  });

  it('keeps rotating before the start date (negative offsets wrap)', () => {
    expect(groupForDate(DEFAULT_ROTA, '2026-01-04')).toBe('g4');
    expect(groupForDate(DEFAULT_ROTA, '2026-01-01')).toBe('g1');
    expect(groupForDate(DEFAULT_ROTA, '2025-12-31')).toBe('g4');
  });

  it('rotates by week when the unit is a week', () => {
    const weekly = { ...DEFAULT_ROTA, unit: 'week' as const };
    expect(groupForDate(weekly, '2026-01-11')).toBe('g1');
    expect(groupForDate(weekly, '2026-01-12')).toBe('g2');
  });

  it('is on duty from 08:30 inclusive to 17:30 exclusive, Beijing time', () => {
    expect(onDuty(DEFAULT_ROTA, bj('2026-11-26 08:29'))).toBeNull();
    expect(onDuty(DEFAULT_ROTA, bj('2026-11-26 08:30'))?.groupId).toBe('g2');
    expect(onDuty(DEFAULT_ROTA, bj('2026-11-26 17:29'))?.groupId).toBe('g2');
    expect(onDuty(DEFAULT_ROTA, bj('2026-11-26 17:30'))).toBeNull();
  });

  it('gives the shift its absolute start and end', () => {
    const shift = onDuty(DEFAULT_ROTA, new Date('2026-11-26T00:45:00Z'));
    expect(shift?.groupId).toBe('g2');
    expect(shift?.start.toISOString()).toBe('2026-11-26T00:30:00.000Z');
    expect(shift?.end.toISOString()).toBe('2026-11-26T09:30:00.000Z');
  });

  it('reads the date in Beijing even when UTC is still on the previous day', () => {
    const allDay = { ...DEFAULT_ROTA, hours: { start: '00:00', end: '23:59' } };
    // 01:00 on 26 November in Beijing is 17:00 on 25 November UTC.
    expect(onDuty(allDay, new Date('2026-11-25T17:00:00Z'))?.groupId).toBe('g2');
  });

  it('has nobody on duty with an empty order', () => {
    expect(onDuty({ ...DEFAULT_ROTA, order: [] }, bj('2026-11-26 10:00'))).toBeNull();
  });

  it('prints duty hours for people', () => {
    expect(hoursText(DEFAULT_ROTA)).toBe('08:30–17:30');
  });
});

describe('closures, swaps and duty time', () => {
  const rota = {
    ...DEFAULT_ROTA,
    closedDates: ['2026-10-01'],
    closedWeekdays: [0],
    swaps: [
      { date: '2026-11-28', groupId: 'g1' },
      { date: '2026-11-29', groupId: 'g3' },
    ],
  };

  it('has nobody on duty on a holiday or a closed weekday', () => {
    expect(groupForDate(rota, '2026-10-01')).toBeNull();
    expect(groupForDate(rota, '2026-11-22')).toBeNull(); // a Sunday
    expect(onDuty(rota, bj('2026-10-01 10:00'))).toBeNull();
  });

  it('lets a swap cover a date, even a closed one', () => {
    expect(groupForDate(rota, '2026-11-28')).toBe('g1');
    expect(groupForDate(rota, '2026-11-29')).toBe('g3'); // Sunday, opened by the swap
  });

  it('does not shift the order after a closed day', () => {
    expect(groupForDate(rota, '2026-10-02')).toBe('g3');
  });

  it('finds the next shift after the evening, over a holiday', () => {
    expect(nextShift(rota, bj('2026-09-30 18:00'))?.date).toBe('2026-10-02');
    expect(nextShift(rota, bj('2026-11-26 07:00'))?.start).toEqual(bj('2026-11-26 08:30'));
    expect(nextShift(rota, bj('2026-11-26 08:30'))?.date).toBe('2026-11-27');
    expect(nextShift({ ...rota, order: ['g1'], closedWeekdays: [0, 1, 2, 3, 4, 5, 6], swaps: [] }, bj('2026-11-26 08:30'))).toBeNull();
  });

  it('counts duty time only inside duty hours on open days', () => {
    expect(addDutyTime(rota, bj('2026-11-26 10:00'), 30)).toEqual(bj('2026-11-26 10:30'));
    expect(addDutyTime(rota, bj('2026-11-26 17:15'), 30)).toEqual(bj('2026-11-27 08:45'));
    expect(addDutyTime(rota, bj('2026-11-26 20:00'), 30)).toEqual(bj('2026-11-27 09:00'));
    expect(addDutyTime(rota, bj('2026-09-30 17:00'), 60)).toEqual(bj('2026-10-02 09:00'));
    expect(addDutyTime(rota, bj('2026-11-26 10:00'), 540 * 2)).toEqual(bj('2026-11-28 10:00'));
    expect(addDutyTime(rota, bj('2026-11-26 10:00'), 0)).toEqual(bj('2026-11-26 10:00'));
  });
});

describe('validateRota', () => {
  it('accepts the default rota', () => {
    expect(validateRota(DEFAULT_ROTA, ['g1', 'g2', 'g3', 'g4'])).toEqual([]);
  });
  it('lists every problem, in Chinese', () => {
    const problems = validateRota(
      {
        timezone: 'Mars/Olympus',
        unit: 'month' as 'day',
        start: '2026-02-30',
        order: ['g1', 'g1', 'g9'],
        hours: { start: '18:00', end: '08:30' },
        closedDates: ['2026-13-01'],
        closedWeekdays: [7],
        swaps: [
          { date: '2026-11-28', groupId: 'g8' },
          { date: '2026-11-28', groupId: 'g1' },
        ],
      },
      ['g1', 'g2'],
    );
    expect(problems).toEqual([
      '时区「Mars/Olympus」无效',
      '轮换单位只能是「天」或「周」',
      '起始日期「2026-02-30」不是有效日期（格式 2026-01-05）',
      '轮值顺序里的组「g1」重复了',
      '轮值顺序里的组「g9」不存在',
      '值班开始时间要早于结束时间',
      '休息日「2026-13-01」不是有效日期',
      '每周休息日「7」无效（0=周日 … 6=周六）',
      '调班的组「g8」不存在',
      '2026-11-28 有两条调班',
    ]);
  });
});
