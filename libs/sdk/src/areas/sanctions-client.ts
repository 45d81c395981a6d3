import type { ImposeSanctionDto, RepairCreditDto, RevokeSanctionDto, SanctionCommandOutcomeDto } from '../contract-types';
import { type CluebusHttp, type CommandOptions, seg } from '../http-transport';

/** 联合惩戒: measures on subjects, ended by revocation or credit repair (`/v1/sanctions`). */
export class SanctionsClient {
  constructor(private readonly http: CluebusHttp) {}

  /** imposeSanction */
  impose(body: ImposeSanctionDto, o?: CommandOptions) {
    return this.http.command<SanctionCommandOutcomeDto>('/v1/sanctions', body, o);
  }
  /** revokeSanction — 撤销 */
  revoke(sanctionId: string, body: RevokeSanctionDto, o?: CommandOptions) {
    return this.http.command<SanctionCommandOutcomeDto>(`/v1/sanctions/${seg(sanctionId)}/revocation`, body, o);
  }
  /** repairCredit — 信用修复 */
  repairCredit(sanctionId: string, body: RepairCreditDto, o?: CommandOptions) {
    return this.http.command<SanctionCommandOutcomeDto>(`/v1/sanctions/${seg(sanctionId)}/repair`, body, o);
  }
}
