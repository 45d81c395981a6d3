import type {
  ClueCommandOutcomeDto,
  ClueHistoryDto,
  ClueViewDto,
  DecideDispositionDto,
  DenyExtensionDto,
  ForwardClueDto,
  GrantExtensionDto,
  IssueSupervisionDto,
  OpenInvestigationDto,
  RecordFindingDto,
  RegisterClueDto,
  RejectTransferDto,
  RequestExtensionDto,
  RoutingDto,
  SendFeedbackDto,
  TransferClueDto,
} from '../contract-types';
import { type CluebusHttp, type CommandOptions, seg } from '../http-transport';

/** As of an instant: a Date, or an ISO-8601 string with a zone. */
export type AsOf = Date | string;

/** 线索: register, transfer and answer clues, and read one as it stands or stood (`/v1/clues`). */
export class CluesClient {
  constructor(private readonly http: CluebusHttp) {}

  /** registerClue — 登记线索 */
  register(body: RegisterClueDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>('/v1/clues', body, o);
  }
  /** transferClue — 移交; the answer names the new `transferId`. */
  transfer(clueId: string, body: TransferClueDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers`, body, o);
  }
  /** acknowledgeTransfer — 签收 */
  acknowledge(clueId: string, transferId: string, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers/${seg(transferId)}/acknowledge`, {}, o);
  }
  /** rejectTransfer — 退回 */
  reject(clueId: string, transferId: string, body: RejectTransferDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers/${seg(transferId)}/reject`, body, o);
  }
  /** issueSupervision — 督办 (lead unit) */
  issueSupervision(clueId: string, transferId: string, body: IssueSupervisionDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers/${seg(transferId)}/supervision`, body, o);
  }
  /** requestExtension — 申请延期 (recipient) */
  requestExtension(clueId: string, transferId: string, body: RequestExtensionDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers/${seg(transferId)}/extension`, body, o);
  }
  /** grantExtension — 同意延期 (sender) */
  grantExtension(clueId: string, transferId: string, body: GrantExtensionDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers/${seg(transferId)}/extension/grant`, body, o);
  }
  /** denyExtension — 不同意延期 (sender) */
  denyExtension(clueId: string, transferId: string, body: DenyExtensionDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/transfers/${seg(transferId)}/extension/deny`, body, o);
  }
  /** forwardClue — 转办 */
  forward(clueId: string, body: ForwardClueDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/forward`, body, o);
  }
  /** openInvestigation — 立案调查 */
  openInvestigation(clueId: string, body: OpenInvestigationDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/investigation`, body, o);
  }
  /** recordFinding — 核查结论 */
  recordFinding(clueId: string, body: RecordFindingDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/findings`, body, o);
  }
  /** decideDisposition — 处置 */
  decideDisposition(clueId: string, body: DecideDispositionDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/dispositions`, body, o);
  }
  /** sendFeedback — 反馈 (closes the loop) */
  sendFeedback(clueId: string, body: SendFeedbackDto, o?: CommandOptions) {
    return this.http.command<ClueCommandOutcomeDto>(`/v1/clues/${seg(clueId)}/feedback`, body, o);
  }

  /** getClue — the clue as it stands, or as it stood at `asOf`. */
  get(clueId: string, options: { asOf?: AsOf } = {}) {
    return this.http.get<ClueViewDto>(`/v1/clues/${seg(clueId)}`, { asOf: options.asOf });
  }
  /** getClueHistory — every event of the clue, in order (up to `asOf`). */
  history(clueId: string, options: { asOf?: AsOf } = {}) {
    return this.http.get<ClueHistoryDto>(`/v1/clues/${seg(clueId)}/history`, { asOf: options.asOf });
  }
  /** suggestRecipients — what the routing policy proposes and requires. */
  routing(clueId: string) {
    return this.http.get<RoutingDto>(`/v1/clues/${seg(clueId)}/routing`);
  }
}
