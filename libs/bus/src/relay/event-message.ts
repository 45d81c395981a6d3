import type { RecordedEvent } from '@cluebus/contracts';
import { type BusMessage, Headers } from '../bus';

export function toBusMessage(event: RecordedEvent): BusMessage {
  return {
    key: event.streamId,
    value: JSON.stringify(event),
    headers: {
      [Headers.eventId]: event.eventId,
      [Headers.eventType]: event.type,
      [Headers.schemaVersion]: String(event.schemaVersion),
      [Headers.globalPosition]: String(event.globalPosition),
      [Headers.streamId]: event.streamId,
    },
  };
}

export function fromBusMessage(message: BusMessage): RecordedEvent {
  return JSON.parse(message.value) as RecordedEvent;
}
