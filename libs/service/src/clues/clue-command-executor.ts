import { Inject, Injectable } from '@nestjs/common';
import { CLUE_EVENT_VERSIONS, type ClueCommandOutcomeDto, clueStreamId, type ClueEvent, type RecordedEvent } from '@cluebus/contracts';
import { clueDecider, CN_WORKING_DAYS, ROUTING_POLICY_V1, type ClueCommand, type DeadlinePeriods, type DecisionContext } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import type { Principal } from '../auth/principal';
import { asDomainEvent, handleCommand, type HandledCommand, type StoredEventSummary, summarizeEvents } from '../commands/handle-command';
import { contractSchemaCheck } from '../commands/event-schema-check';
import { CommandIds } from '../commands/command-ids';
import { CLUEBUS_CONFIG, type CluebusConfig } from '../config/cluebus-config';
import { CluebusMetrics } from '../metrics/cluebus-metrics';
import { CLOCK, type Clock } from './overdue/clock';
import type { ClueCommandBase } from './shared/clue-command.base';

/** What a clue command answers: the contract's class (ClueCommandOutcomeDto), so the document says what is returned. */
export type CommandOutcome = ClueCommandOutcomeDto;

/**
 * The Clue adapter of the one command path (handleCommand): supplies the clue's stream, its
 * decider and event versions, and the decision context — the acting instance, one `now` for
 * the decision and the envelope (from the Clock: the system clock in production; the same fake
 * clock as the overdue scheduler in tests, so deadlines set, extended and missed are judged on
 * one time line), the configured deadline periods counted in working days
 * (national calendar, Asia/Shanghai) and the routing policy in force — then answers in the
 * API's terms. Counted and timed per command type.
 */
@Injectable()
export class ClueCommandExecutor {
  private readonly deadlines: DeadlinePeriods;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: CluebusMetrics,
    @Inject(CLUEBUS_CONFIG) config: CluebusConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.deadlines = { acknowledgeDays: config.acknowledgeDays, feedbackDays: config.feedbackDays };
  }

  /** Runs a command whose ids need nothing beyond the defaults. */
  run(command: ClueCommandBase<unknown>, decide: ClueCommand, legalBasis?: string): Promise<CommandOutcome> {
    const ids = new CommandIds(command.principal.instance, command.idempotencyKey);
    return this.execute(command.clueId, decide, command.principal, ids, legalBasis);
  }

  execute(clueId: string, command: ClueCommand, principal: Principal, ids: CommandIds, legalBasis?: string): Promise<CommandOutcome> {
    return this.metrics.track(command.type, async () => {
      const now = this.clock.now();
      const decision: DecisionContext = {
        actor: principal.instance,
        now,
        deadlines: this.deadlines,
        calendar: CN_WORKING_DAYS,
        routingPolicy: ROUTING_POLICY_V1,
      };
      const handled = await handleCommand(this.store, clueStreamId(clueId), clueDecider, command, ids, {
        decision,
        envelope: { department: principal.instance, actor: principal.actor, occurredAt: now, ...(legalBasis ? { legalBasis } : {}) },
        schemaVersions: CLUE_EVENT_VERSIONS,
        schemas: contractSchemaCheck(),
      });
      return clueOutcome(clueId, handled);
    });
  }
}

export function toClueEvent(e: RecordedEvent): ClueEvent {
  return asDomainEvent<ClueEvent>(e);
}

function clueOutcome(clueId: string, { commandId, replayed, events }: HandledCommand): CommandOutcome {
  const created = events.find((e) => e.type === 'ClueTransferred' || e.type === 'ClueForwarded');
  return {
    clueId,
    commandId,
    replayed,
    ...(created ? { transferId: String(created.data.transferId) } : {}),
    events: summarizeEvents(events),
  };
}
