import { Inject, Injectable } from '@nestjs/common';
import { CASE_EVENT_VERSIONS, type CaseCommandOutcomeDto, caseStreamId } from '@cluebus/contracts';
import { caseDecider, type CaseCommand } from '@cluebus/domain';
import { EVENT_STORE, type EventStore, WrongExpectedVersionError } from '@cluebus/eventstore';
import { handleCommand, type CommandEventIds, type HandledCommand, type StoredEventSummary, summarizeEvents } from '../commands/handle-command';
import { contractSchemaCheck } from '../commands/event-schema-check';
import { CluebusMetrics } from '../metrics/cluebus-metrics';
import { CommandIds } from '../commands/command-ids';
import type { CaseCommandBase } from './shared/case-command.base';
import { CaseReader } from './shared/case-reader';

/** What a case command answers: the contract's class (CaseCommandOutcomeDto). */
export type CaseCommandOutcome = CaseCommandOutcomeDto;

/** Who acts: the department instance, and the person or system acting for it (the envelope's actor). */
export interface CaseActor {
  instance: string;
  actor: string;
}

/**
 * How often a command is decided again when another writer appended to the case between the
 * read and the append. A case has an automatic writer (the case-track processor opening tracks)
 * besides its departments, so a conclusion racing a track opening is retried on the new state
 * rather than handed back as a 409; the decision is made afresh each time, ids stay the same.
 */
const CONCURRENCY_ATTEMPTS = 4;

/**
 * The Case adapter of the one command path (handleCommand): the case's stream, its decider and
 * event versions, and the decision context — the acting instance and the clues the decision
 * looks at (the case's clues plus those the command names), folded from their streams.
 */
@Injectable()
export class CaseCommandExecutor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reader: CaseReader,
    private readonly metrics: CluebusMetrics,
  ) {}

  /** Runs a command whose ids need nothing beyond the defaults (derived from the caller's Idempotency-Key). */
  run(command: CaseCommandBase<unknown>, decide: CaseCommand): Promise<CaseCommandOutcome> {
    return this.execute(command.caseId, decide, command.principal, new CommandIds(command.principal.instance, command.idempotencyKey));
  }

  execute(caseId: string, command: CaseCommand, who: CaseActor, ids: CommandEventIds, legalBasis?: string): Promise<CaseCommandOutcome> {
    return this.metrics.track(command.type, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return caseOutcome(caseId, await this.once(caseId, command, who, ids, legalBasis));
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError) || attempt >= CONCURRENCY_ATTEMPTS) throw error;
        }
      }
    });
  }

  /**
   * The clues a decision looks at: those the command names, and the case's own where a rule
   * needs them (who sees the case, tracks about to open, the subjects of a pair). OpenTrack needs
   * the named clue only — the department engaged with it, so it sees the case through it — and
   * it is the command the case-track processor issues at every engagement: folding all 2,000
   * clues of a large case for each was what stalled it.
   */
  private async once(caseId: string, command: CaseCommand, who: CaseActor, ids: CommandEventIds, legalBasis?: string): Promise<HandledCommand> {
    const { state } = await this.reader.readCase(caseId);
    const named = command.type === 'OpenCase' ? command.data.clueIds : command.type === 'AttachClue' || command.type === 'OpenTrack' ? [command.data.clueId] : [];
    const clues = await this.reader.readClues([...(command.type === 'OpenTrack' ? [] : state.clueIds), ...named]);
    const now = new Date();
    return handleCommand(this.store, caseStreamId(caseId), caseDecider, command, ids, {
      decision: { actor: who.instance, clues },
      envelope: { department: who.instance, actor: who.actor, occurredAt: now, ...(legalBasis ? { legalBasis } : {}) },
      schemaVersions: CASE_EVENT_VERSIONS,
      schemas: contractSchemaCheck(),
    });
  }
}

function caseOutcome(caseId: string, { commandId, replayed, events }: HandledCommand): CaseCommandOutcome {
  return {
    caseId,
    commandId,
    replayed,
    events: summarizeEvents(events),
  };
}
