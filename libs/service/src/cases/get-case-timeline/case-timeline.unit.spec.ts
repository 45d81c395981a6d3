import type { RecordedEvent } from '@cluebus/contracts';
import { mergeByPosition } from './case-timeline';

const at = (streamId: string, ...positions: number[]) => positions.map((globalPosition) => ({ streamId, globalPosition }) as RecordedEvent);

describe('case timeline merge', () => {
  it('given streams each in log order, when merged, then every event appears once in global order', () => {
    // given
    const streams = [at('case-1', 2, 7, 9), at('clue-a', 1, 3, 8), at('clue-b', 4, 5, 6, 10), []];
    // when
    const merged = mergeByPosition(streams);
    // then
    expect(merged.map((e) => e.globalPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(merged.filter((e) => e.streamId === 'clue-b')).toHaveLength(4);
  });

  it('given the same stream read twice, when merged, then its events are kept once', () => {
    expect(mergeByPosition([at('clue-a', 1, 3), at('clue-a', 1, 3), at('case-1', 2)]).map((e) => e.globalPosition)).toEqual([1, 2, 3]);
  });
});
