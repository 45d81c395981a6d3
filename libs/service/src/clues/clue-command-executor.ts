import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { canonicalJson } from '@cluebus/audit';
import { CLUE_EVENT_VERSIONS, clueStreamId, type ClueEvent, type NewEvent, type RecordedEvent } from '@cluebus/contracts';
import { decideClue, DomainError, foldClue, ROUTING_POLICY_V1, type ClueCommand } from '@cluebus/domain';
import { EVENT_STORE, type EventStore } from '@cluebus/eventstore';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';
import { CluebusMetrics } from '../metrics/cluebus-metrics';
import { CommandIds } from './command-ids';
import type { ClueCommandBase } from './shared/clue-command.base';

export interface CommandOutcome {
  clueId: string;
  commandId: string;
  /** True when this was a repeat of an earlier request with the same Idempotency-Key. */
  replayed: boolean;
  /** The transfer a TransferClue or ForwardClue created. */
  transferId?: string;
  events: Array<{ eventId: string; type: string; streamPosition: number; globalPosition: number }>;
}

/**
 * The one path every clue command takes: read the stream, fold it, let the aggregate decide,
 * append with the version that was read (optimistic concurrency: a concurrent writer makes
 * this a 409, never a lost update).
 */
@Injectable()
export class ClueCommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: CluebusMetrics,
  ) {}

  /** Runs a command whose ids need nothing beyond the defaults. */
  run(command: ClueCommandBase<unknown>, decide: ClueCommand, legalBasis?: string): Promise<CommandOutcome> {
    const ids = new CommandIds(command.principal.instance, command.idempotencyKey);
    return this.execute(command.clueId, decide, command.principal, ids, legalBasis);
  }

  execute(clueId: string, command: ClueCommand, principal: Principal, ids: CommandIds, legalBasis?: string): Promise<CommandOutcome> {
    return this.metrics.track(command.type, () => this.decideAndAppend(clueId, command, principal, ids, legalBasis));
  }

  private async decideAndAppend(clueId: string, command: ClueCommand, principal: Principal, ids: CommandIds, legalBasis?: string): Promise<CommandOutcome> {
    const streamId = clueStreamId(clueId);
    const history = await this.store.readStream(streamId);
    const requestHash = createHash('sha256').update(canonicalJson(command)).digest('hex');

    if (ids.idempotencyKey) {
      const earlier = history.filter((e) => e.metadata.causationId === ids.commandId);
      if (earlier.length > 0) return this.replay(clueId, ids, earlier, requestHash);
    }

    const state = foldClue(history.map(toClueEvent));
    const now = new Date();
    const decided = decideClue(command, state, { actor: principal.instance, now }, ROUTING_POLICY_V1);
    const events: NewEvent[] = decided.map((e, i) => ({
      eventId: ids.eventId(i),
      type: e.type,
      schemaVersion: CLUE_EVENT_VERSIONS[e.type],
      data: e.data as unknown as Record<string, unknown>,
      metadata: {
        department: principal.instance,
        actor: principal.actor,
        occurredAt: now.toISOString(),
        causationId: ids.commandId,
        correlationId: history[0]?.metadata.correlationId ?? ids.commandId,
        requestHash,
        ...(legalBasis ? { legalBasis } : {}),
      },
    }));
    const expectedVersion = history.length === 0 ? 'no-stream' : history[history.length - 1].streamPosition;
    const result = await this.store.append(streamId, events, { expectedVersion });
    return outcome(clueId, ids.commandId, result.idempotentReplay, result.events);
  }

  private replay(clueId: string, ids: CommandIds, earlier: RecordedEvent[], requestHash: string): CommandOutcome {
    if (earlier[0].metadata.requestHash !== requestHash) {
      throw new UnprocessableEntityException({
        code: 'IDEMPOTENCY_KEY_REUSED',
        field: 'Idempotency-Key',
        message: 'this Idempotency-Key was used for a different request',
      });
    }
    return outcome(clueId, ids.commandId, true, earlier);
  }
}

export function toClueEvent(e: RecordedEvent): ClueEvent {
  return { type: e.type, data: e.data } as unknown as ClueEvent;
}

function outcome(clueId: string, commandId: string, replayed: boolean, events: RecordedEvent[]): CommandOutcome {
  const created = events.find((e) => e.type === 'ClueTransferred' || e.type === 'ClueForwarded');
  return {
    clueId,
    commandId,
    replayed,
    ...(created ? { transferId: String(created.data.transferId) } : {}),
    events: events.map((e) => ({ eventId: e.eventId, type: e.type, streamPosition: e.streamPosition, globalPosition: e.globalPosition })),
  };
}
