import type { RecordedEvent } from '@cluebus/contracts';
import { contractUpcaster, type StoredEventJson } from '@cluebus/eventstore';
import { sampleEvents } from '../../../../audit/test/sample-log';
import { holdsClearPersonalData, timelineEventJson, timelineEventView } from './event-view';

const upcaster = contractUpcaster();
const asStoredJson = ({ data, metadata, ...rest }: RecordedEvent, space?: string): StoredEventJson => ({ ...rest, dataJson: JSON.stringify(data, null, space), metadataJson: JSON.stringify(metadata, null, space) });

describe('timeline event JSON', () => {
  const events: RecordedEvent[] = sampleEvents(400, { seed: 7 }).map((e, i) => ({ ...e, prevHash: `prev-${i}`, hash: `hash-${i}` }));
  const withBasis = { ...events[1], metadata: { ...events[1].metadata, legalBasis: '《监察法》第三十四条 "引号" \\ \n' } };
  const withoutBasis = { ...events[1], metadata: (({ legalBasis: _b, ...m }) => m)(events[1].metadata) as RecordedEvent['metadata'] };
  const all = [...events, withBasis, withoutBasis];

  it('given stored events, when serialised from their JSON text, then the bytes are those of the parsed view serialised', () => {
    // given the sample log: registrations (some with persons in clear), transfers, answers
    expect(all.some(holdsClearPersonalData)).toBe(true);
    expect(all.some((e) => !holdsClearPersonalData(e))).toBe(true);
    for (const e of all) {
      // when
      const json = timelineEventJson(asStoredJson(e), upcaster);
      // then
      expect(json).toBe(JSON.stringify(timelineEventView(e, upcaster)));
    }
  });

  it('given the text as the database prints jsonb (other spacing), when serialised, then it parses to the same view', () => {
    for (const e of all) expect(JSON.parse(timelineEventJson(asStoredJson(e, ' '), upcaster))).toEqual(JSON.parse(JSON.stringify(timelineEventView(e, upcaster))));
  });
});
