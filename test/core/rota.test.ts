import { DEFAULT_ROTA, groupForDate, hoursText, onDuty } from '../../cloudfunctions/core/rota';
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
