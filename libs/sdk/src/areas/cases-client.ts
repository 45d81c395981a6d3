import type {
  AttachClueDto,
  CaseCommandOutcomeDto,
  CaseListDto,
  CaseTimelineDto,
  CaseViewDto,
  ConcludeCaseDto,
  ConcludeTrackDto,
  LinkBriberyPairDto,
  OpenCaseDto,
} from '../contract-types';
import { type CluebusHttp, type CommandOptions, seg } from '../http-transport';
import type { AsOf } from './clues-client';

/** 一案多查: cases group clues, one investigation track per department (`/v1/cases`). */
export class CasesClient {
  constructor(private readonly http: CluebusHttp) {}

  /** openCase */
  open(body: OpenCaseDto, o?: CommandOptions) {
    return this.http.command<CaseCommandOutcomeDto>('/v1/cases', body, o);
  }
  /** attachClueToCase */
  attachClue(caseId: string, body: AttachClueDto, o?: CommandOptions) {
    return this.http.command<CaseCommandOutcomeDto>(`/v1/cases/${seg(caseId)}/clues`, body, o);
  }
  /** concludeCaseTrack — this department's track */
  concludeTrack(caseId: string, body: ConcludeTrackDto, o?: CommandOptions) {
    return this.http.command<CaseCommandOutcomeDto>(`/v1/cases/${seg(caseId)}/tracks/conclusion`, body, o);
  }
  /** concludeCase — once every track is concluded */
  conclude(caseId: string, body: ConcludeCaseDto, o?: CommandOptions) {
    return this.http.command<CaseCommandOutcomeDto>(`/v1/cases/${seg(caseId)}/conclusion`, body, o);
  }
  /** linkBriberyPair — 行贿受贿一起查 */
  linkBriberyPair(caseId: string, body: LinkBriberyPairDto, o?: CommandOptions) {
    return this.http.command<CaseCommandOutcomeDto>(`/v1/cases/${seg(caseId)}/bribery-pairs`, body, o);
  }
  /** getCase — the case as it stands, or as it stood at `asOf` (rebuilt from its events). */
  get(caseId: string, options: { asOf?: AsOf } = {}) {
    return this.http.get<CaseViewDto>(`/v1/cases/${seg(caseId)}`, { asOf: options.asOf });
  }
  /** getCaseTimeline — the case's and its clues' events across departments, in log order (up to `asOf`); with `proof`, each with its inclusion proof. */
  timeline(caseId: string, options: { asOf?: AsOf; proof?: boolean } = {}) {
    return this.http.get<CaseTimelineDto>(`/v1/cases/${seg(caseId)}/timeline`, { asOf: options.asOf, proof: options.proof });
  }
  /** listCases — the cases this department takes part in */
  list() {
    return this.http.get<CaseListDto>('/v1/cases');
  }
}
