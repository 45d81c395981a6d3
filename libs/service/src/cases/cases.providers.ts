import { AttachClueHandler } from './attach-clue/attach-clue.handler';
import { CaseCommandExecutor } from './case-command-executor';
import { CaseIndex } from './case-tracks/case-index';
import { CaseTrackOpener } from './case-tracks/case-track-opener';
import { CasesController } from './cases.controller';
import { ConcludeCaseHandler } from './conclude-case/conclude-case.handler';
import { ConcludeTrackHandler } from './conclude-track/conclude-track.handler';
import { GetCaseHandler } from './get-case/get-case.handler';
import { GetCaseTimelineHandler } from './get-case-timeline/get-case-timeline.handler';
import { LinkBriberyPairHandler } from './link-bribery-pair/link-bribery-pair.handler';
import { ListCasesHandler } from './list-cases/list-cases.handler';
import { OneSidedBriberyScheduler } from './one-sided-bribery/one-sided-bribery.scheduler';
import { OpenCaseHandler } from './open-case/open-case.handler';
import { CaseReader } from './shared/case-reader';

/** The case API (一案多查) as the service module registers it: one controller, its handlers; the case-track processor is declared in CluebusRuntime. */
export const CASE_CONTROLLERS = [CasesController];

export const CASE_PROVIDERS = [
  CaseReader,
  CaseCommandExecutor,
  CaseIndex,
  CaseTrackOpener,
  OneSidedBriberyScheduler,
  OpenCaseHandler,
  AttachClueHandler,
  ConcludeTrackHandler,
  ConcludeCaseHandler,
  LinkBriberyPairHandler,
  GetCaseHandler,
  GetCaseTimelineHandler,
  ListCasesHandler,
];
