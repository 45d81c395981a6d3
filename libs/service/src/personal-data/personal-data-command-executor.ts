import { Inject, Injectable } from '@nestjs/common';
import { contractSchemaCheck } from '../commands/event-schema-check';
import { PERSONAL_DATA_EVENT_VERSIONS, personalDataStreamId, type PersonalDataScope } from '@cluebus/contracts';
import { personalDataDecider, type VaultHolding } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import type { Principal } from '../auth/principal';
import { CommandIds } from '../commands/command-ids';
import { handleCommand, type StoredEventSummary, summarizeEvents } from '../commands/handle-command';
import { CluebusMetrics } from '../metrics/cluebus-metrics';
import { CLOCK, type Clock } from '../clues/overdue/clock';
import { PersonalDataVault } from './vault/personal-data-vault';

export interface ErasureOutcome {
  token: string;
  scope: PersonalDataScope;
  erased: true;
  /** True when this erasure was already recorded (a repeat): nothing new was stored. */
  replayed: boolean;
  /** False when this erasure was already recorded (a repeat): nothing new was stored. */
  recorded: boolean;
  events: StoredEventSummary[];
}

/**
 * The PersonalData adapter of the one command path: decide (who may erase, is it new) on the
 * token's stream with what the vault holds, append PersonalDataErased, then shred — also on a
 * repeat, so an erasure interrupted after its event completes when asked again.
 */
@Injectable()
export class PersonalDataCommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly metrics: CluebusMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `alsoHeld`: holdings the vault cannot know of (a v1 event's clear reporter, generation 0). */
  erase(token: string, scope: PersonalDataScope, principal: Principal, idempotencyKey: string | undefined, alsoHeld: readonly VaultHolding[] = []): Promise<ErasureOutcome> {
    return this.metrics.track('ErasePersonalData', async () => {
      const held = await this.vault.holdings(token);
      const holdings = [...held, ...alsoHeld.filter((h) => !held.some((v) => v.owner === h.owner))];
      const handled = await handleCommand(this.store, personalDataStreamId(token), personalDataDecider, { type: 'ErasePersonalData', data: { token, scope } }, new CommandIds(principal.instance, idempotencyKey), {
        decision: { actor: principal.instance, holdings },
        envelope: { department: principal.instance, actor: principal.actor, occurredAt: this.clock.now() },
        schemaVersions: PERSONAL_DATA_EVENT_VERSIONS,
        schemas: contractSchemaCheck(),
      });
      await this.vault.shred(token, principal.instance);
      const recorded = handled.events.length > 0 && !handled.replayed;
      return { token, scope, erased: true as const, replayed: !recorded, recorded, events: summarizeEvents(handled.events) };
    });
  }
}
