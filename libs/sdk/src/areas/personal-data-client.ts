import type { ErasureOutcomeDto } from '../contract-types';
import { type CluebusHttp, type CommandOptions, seg } from '../http-transport';

/** 个人信息删除: crypto-shredding of a subject's or a reporter's personal data (docs/adr/0010). */
export class PersonalDataClient {
  constructor(private readonly http: CluebusHttp) {}

  /** eraseSubjectData — by the subject's vault token */
  eraseSubject(token: string, o?: CommandOptions) {
    return this.http.command<ErasureOutcomeDto>(`/v1/subjects/${seg(token)}/erasure`, undefined, o);
  }
  /** eraseReporterData — the reporter of a clue (registering department) */
  eraseReporter(clueId: string, o?: CommandOptions) {
    return this.http.command<ErasureOutcomeDto>(`/v1/clues/${seg(clueId)}/reporter/erasure`, undefined, o);
  }
}
