import type { RecordedEvent } from '@cluebus/contracts';

/** Turns an event stored at an older schema version into the current shape; pure. */
export type UpcastStep = (data: Record<string, unknown>, event: RecordedEvent) => Record<string, unknown>;

/**
 * Chains of per-(type, version) steps: v1 → v2 → … Old events stay as stored (the hash chain
 * covers the stored bytes); readers see the newest shape.
 */
export class Upcaster {
  private readonly steps = new Map<string, UpcastStep>();

  register(type: string, fromVersion: number, step: UpcastStep): this {
    this.steps.set(`${type}@${fromVersion}`, step);
    return this;
  }

  upcast(event: RecordedEvent): RecordedEvent {
    let current = event;
    for (let step = this.steps.get(`${current.type}@${current.schemaVersion}`); step; step = this.steps.get(`${current.type}@${current.schemaVersion}`)) {
      current = { ...current, data: step(current.data, current), schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  }
}
