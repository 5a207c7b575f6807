/** The calendar's refusals tell dates as people in China count them, not in the server's UTC. */
import { describe, expect, it } from 'vitest';
import { chinaDate, gateRefusal, type StageRow } from './calendar.ts';

const stage = (over: Partial<StageRow>): StageRow => ({
  regionCode: '440823',
  year: 2027,
  stage: 'second',
  opensAt: new Date('2026-12-01T00:00:00Z'),
  deadline: new Date('2026-12-20T00:00:00Z'),
  closedAt: null,
  updatedBy: 'admin',
  updatedAt: new Date('2026-12-01T00:00:00Z'),
  ...over,
});

describe('calendar dates', () => {
  it('a moment after 16:00 UTC is already the next day in China', () => {
    expect(chinaDate(new Date('2026-12-07T17:30:00Z'))).toBe('2026-12-08');
    expect(chinaDate(new Date('2026-12-07T15:59:59Z'))).toBe('2026-12-07');
  });

  it('a stage closed at 01:30 Beijing time says it closed that day, not the UTC day before', () => {
    const closed = gateRefusal({ year: 2027, stage: 'second', step: 'file', kept: true, managed: true, s: stage({ closedAt: new Date('2026-12-07T17:30:00Z') }) }, new Date('2026-12-08T00:00:00Z'));
    expect(closed?.bilingual.zh).toContain('已于 2026-12-08 关闭');
    expect(closed?.bilingual.en).toContain('closed on 2026-12-08');
    const scheduled = gateRefusal({ year: 2027, stage: 'second', step: 'file', kept: true, managed: true, s: stage({ opensAt: new Date('2026-12-09T16:30:00Z') }) }, new Date('2026-12-08T00:00:00Z'));
    expect(scheduled?.bilingual.zh).toContain('2026-12-10 才开始');
  });
});
