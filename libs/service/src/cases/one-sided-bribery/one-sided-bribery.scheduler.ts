import { Inject, Injectable } from '@nestjs/common';
import { parseDepartmentInstance, type ClueEvent } from '@cluebus/contracts';
import {
  briberyFactsOf,
  checkOneSidedBribery,
  CN_WORKING_DAYS,
  ROUTING_POLICY_V1,
  type DeadlineCalendar,
  type OneSidedFinding,
  type RoutingPolicy,
} from '@cluebus/domain';
import { asDomainEvent } from '../../commands/handle-command';
import { CommandIds } from '../../commands/command-ids';
import { issueScanCommand } from '../../commands/scan-commands';
import { CLOCK, type Clock } from '../../clues/overdue/clock';
import { CaseCommandExecutor } from '../case-command-executor';
import { CaseIndex } from '../case-tracks/case-index';
import { CaseReader } from '../shared/case-reader';

/** The envelope's actor of what the check records: a system, acting for the case's lead unit. */
export const ONE_SIDED_BRIBERY_ACTOR = 'cluebus:bribery-check';
/** Its lease: one process of all the replicas checks. */
export const ONE_SIDED_BRIBERY = 'one-sided-bribery';

export interface OneSidedBriberyScan {
  /** Open cases with a substantiated finding old enough to have ended a window. */
  cases: number;
  /** OneSidedBriberyFlagged newly stored. */
  flagged: number;
  /** Already stored by an earlier scan (a restart, a stale lease holder): nothing stored. */
  replayed: number;
  /** Pairs whose window has not ended yet. */
  waiting: number;
  /** The case refused (concluded meanwhile …): by error code. */
  refused: Record<string, number>;
}

/**
 * 行贿受贿一起查, the one-sided check: for each watched case (a substantiated finding on one of
 * its clues), reads the case and its clues from their streams, lets the pure domain check
 * (checkOneSidedBribery) say which pairs are due, and records OneSidedBriberyFlagged through the
 * one command path in the lead's name, handed to ccdi of the lead's region. The command's ids are
 * derived from (case, briber, bribe-taker): a second scan, a restart or a stale lease holder issue
 * the very same command, answered from the stored events; the case refuses a second flag of the
 * pair anyway (OneSidedFlagMayBeRecordedOnce).
 */
@Injectable()
export class OneSidedBriberyScheduler {
  private readonly policy: Readonly<RoutingPolicy> = ROUTING_POLICY_V1;
  private readonly calendar: DeadlineCalendar = CN_WORKING_DAYS;

  constructor(
    private readonly index: CaseIndex,
    private readonly reader: CaseReader,
    private readonly executor: CaseCommandExecutor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Working days from the first substantiated finding; the policy file says where the figure comes from. */
  get windowWorkingDays(): number {
    return this.policy.briberyPair?.windowDays ?? DEFAULT_WINDOW_WORKING_DAYS;
  }

  async scan(): Promise<OneSidedBriberyScan> {
    const now = this.clock.now();
    const result: OneSidedBriberyScan = { cases: 0, flagged: 0, replayed: 0, waiting: 0, refused: {} };
    const caseIds = await this.index.watchedCases(new Date(now.getTime() - this.windowWorkingDays * 86_400_000));
    for (const caseId of caseIds) {
      const { state } = await this.reader.readCase(caseId);
      if (!state.exists || state.status !== 'open') continue;
      result.cases++;
      // Each clue's stream is read once: folded for the pairs, and with ids and times for the facts.
      const histories = await this.reader.readClueHistories(state.clueIds);
      const clues = Object.fromEntries(Object.entries(histories).map(([id, h]) => [id, h.state]));
      const facts = Object.values(histories).map(({ state: clue, events }) =>
        briberyFactsOf(
          clue,
          events.map((e) => ({ eventId: e.eventId, occurredAt: new Date(e.metadata.occurredAt), event: asDomainEvent<ClueEvent>(e) })),
        ),
      );
      const check = checkOneSidedBribery({ state, clues, facts, now, windowWorkingDays: this.windowWorkingDays, calendar: this.calendar });
      result.waiting += check.waiting;
      for (const due of check.due) {
        const answer = await issueScanCommand(result.refused, () => this.flag(caseId, state.lead, due));
        if (answer === 'stored') result.flagged++;
        else if (answer === 'replayed') result.replayed++;
      }
    }
    return result;
  }

  private flag(caseId: string, lead: string, due: OneSidedFinding) {
    return this.executor.execute(
      caseId,
      {
        type: 'FlagOneSidedBribery',
        data: {
          briber: due.briber,
          bribeTaker: due.bribeTaker,
          substantiatedSide: due.substantiatedSide,
          findingEventIds: due.findingEventIds,
          clueIds: due.clueIds,
          windowWorkingDays: this.windowWorkingDays,
          windowEndedAt: due.windowEndedAt.toISOString(),
          recipient: `ccdi:${parseDepartmentInstance(lead).region}`,
          policyVersion: this.policy.version,
        },
      },
      { instance: lead, actor: ONE_SIDED_BRIBERY_ACTOR },
      OneSidedBriberyScheduler.idsOf(lead, caseId, due),
    );
  }

  /** Never change the derivation: the ids of flags already stored depend on it. */
  static idsOf(lead: string, caseId: string, pair: Pick<OneSidedFinding, 'briber' | 'bribeTaker'>): CommandIds {
    return new CommandIds(lead, `one-sided-bribery/${caseId}/${pair.briber}/${pair.bribeTaker}`);
  }
}

/** Used only by a policy without a `briberyPair` section (the shipped one has it). */
const DEFAULT_WINDOW_WORKING_DAYS = 20;
