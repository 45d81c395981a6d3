import { formatTimeline, type TimelineEvent } from './timeline-format';

const event = (globalPosition: number, type: string, department: string): TimelineEvent => ({
  eventId: `0190000${globalPosition}-0000-7000-8000-000000000000`,
  type,
  streamId: 'clue-1',
  streamPosition: globalPosition - 1,
  globalPosition,
  recordedAt: `2026-12-0${globalPosition}T08:00:00.000Z`,
  hash: 'ab'.repeat(32),
  metadata: { department, actor: 'clerk-1', occurredAt: '2026-12-01T08:00:00.000Z', legalBasis: '《监察法》第三十四条' },
});

describe('formatTimeline', () => {
  it('given events, when formatted without colour, then one line per event in order with who and the basis, and no escape codes', () => {
    // given
    const events = [event(1, 'ClueRegistered', 'nhsa:341300'), event(2, 'ClueTransferred', 'nhsa:341300')];
    // when
    const lines = formatTimeline('clue 1', events, false);
    // then
    expect(lines[1]).toBe('2 event(s)');
    expect(lines[2]).toMatch(/#\s+1 {2}2026-12-01T08:00:00.000Z {2}ClueRegistered\s+nhsa:341300 {2}clerk-1/);
    expect(lines[4]).toMatch(/ClueTransferred/);
    expect(lines[3]).toContain('basis: 《监察法》第三十四条');
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('given a terminal, when formatted with colour, then escape codes are used', () => {
    expect(formatTimeline('clue 1', [event(1, 'ClueRegistered', 'nhsa:341300')], true).join('\n')).toContain('\u001b[1m');
  });
});
