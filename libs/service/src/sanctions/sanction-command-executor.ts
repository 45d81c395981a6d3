import { Inject, Injectable } from '@nestjs/common';
import { contractSchemaCheck } from '../commands/event-schema-check';
import { type SanctionCommandOutcomeDto, subjectStreamId, SUBJECT_EVENT_VERSIONS } from '@cluebus/contracts';
import { DomainError, SANCTION_CATALOGUE_V1, SubjectErrorCodes, subjectDecider, type SubjectCommand } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { CommandIds } from '../commands/command-ids';
import { handleCommand, summarizeEvents, type CommandEventIds } from '../commands/handle-command';
import { CluebusMetrics } from '../metrics/cluebus-metrics';
import { CLOCK, type Clock } from '../clues/overdue/clock';
import type { SanctionCommandBase } from './shared/sanction-command.base';
import { SanctionIndex } from './shared/sanction-index';

/** What a sanction command answers: the contract's class (SanctionCommandOutcomeDto), so the document says what is returned. */
export type SanctionCommandOutcome = SanctionCommandOutcomeDto;

export interface SanctionActor {
  instance: string;
  actor: string;
}

/**
 * The Subject adapter of the one command path (handleCommand): the subject's stream, its
 * decider, the catalogue, and the id of the command's first event, which records triggered by
 * the memorandum cite. That id is drawn once and handed to both the decider and the append
 * (without an Idempotency-Key CommandIds draws a new UUID v7 on every call).
 */
@Injectable()
export class SanctionCommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly index: SanctionIndex,
    private readonly metrics: CluebusMetrics,
  ) {}

  async execute(subjectKey: string, sanctionId: string, command: SubjectCommand, who: SanctionActor, ids: CommandEventIds, legalBasis?: string): Promise<SanctionCommandOutcome> {
    const firstEventId = ids.eventId(0);
    const fixed: CommandEventIds = { commandId: ids.commandId, idempotencyKey: ids.idempotencyKey, eventId: (i) => (i === 0 ? firstEventId : ids.eventId(i)) };
    const handled = await this.metrics.track(command.type, () =>
      handleCommand(this.store, subjectStreamId(subjectKey), subjectDecider, command, fixed, {
        decision: { actor: who.instance, catalogue: SANCTION_CATALOGUE_V1, firstEventId },
        envelope: { department: who.instance, actor: who.actor, occurredAt: this.clock.now(), ...(legalBasis ? { legalBasis } : {}) },
        schemaVersions: SUBJECT_EVENT_VERSIONS,
        schemas: contractSchemaCheck(),
      }),
    );
    return { sanctionId, subjectKey, commandId: handled.commandId, replayed: handled.replayed, events: summarizeEvents(handled.events) };
  }

  /** A department's command on an existing sanction (revoke, repair), ids from its Idempotency-Key. */
  run(command: SanctionCommandBase<unknown>, decide: SubjectCommand): Promise<SanctionCommandOutcome> {
    return this.onSanction(command.sanctionId, decide, command.principal, SanctionCommandExecutor.ids(command.principal.instance, command.idempotencyKey));
  }

  /** A command on an existing sanction, found by its id; an unknown id is a 404. */
  async onSanction(sanctionId: string, command: SubjectCommand, who: SanctionActor, ids: CommandEventIds): Promise<SanctionCommandOutcome> {
    const subjectKey = await this.index.subjectOf(sanctionId);
    if (!subjectKey) throw new DomainError(SubjectErrorCodes.SANCTION_NOT_FOUND, 'sanction not found', 'id', 'not-found');
    return this.execute(subjectKey, sanctionId, command, who, ids);
  }

  static ids(instance: string, idempotencyKey?: string): CommandIds {
    return new CommandIds(instance, idempotencyKey);
  }
}
