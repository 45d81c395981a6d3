import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  type ClueHistoryDto,
  type ClueViewDto,
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
  type RoutingDto,
  SendFeedbackDto,
  TransferClueDto,
} from '@cluebus/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { AcknowledgeTransferCommand } from './acknowledge-transfer/acknowledge-transfer.command';
import type { CommandOutcome } from './clue-command-executor';
import { DecideDispositionCommand } from './decide-disposition/decide-disposition.command';
import { DenyExtensionCommand } from './deny-extension/deny-extension.command';
import { GrantExtensionCommand } from './grant-extension/grant-extension.command';
import { RequestExtensionCommand } from './request-extension/request-extension.command';
import { ForwardClueCommand } from './forward-clue/forward-clue.command';
import { GetClueHistoryQuery } from './get-clue-history/get-clue-history.query';
import { GetClueQuery } from './get-clue/get-clue.query';
import { IssueSupervisionCommand } from './issue-supervision/issue-supervision.command';
import { OpenInvestigationCommand } from './open-investigation/open-investigation.command';
import { RecordFindingCommand } from './record-finding/record-finding.command';
import { RegisterClueCommand } from './register-clue/register-clue.command';
import { RejectTransferCommand } from './reject-transfer/reject-transfer.command';
import { SuggestRecipientsQuery } from './suggest-recipients/suggest-recipients.query';
import { SendFeedbackCommand } from './send-feedback/send-feedback.command';
import { TransferClueCommand } from './transfer-clue/transfer-clue.command';
import { CluesApi } from './clues.openapi';

const uuid = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException({ code: 'VALIDATION_FAILED', field, message: `${field} must be a UUID` }) });

const IDEMPOTENCY = /^[\x21-\x7e]{1,200}$/;

function idempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!IDEMPOTENCY.test(raw)) {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key', message: 'Idempotency-Key must be 1–200 visible ASCII characters' });
  }
  return raw;
}

function asOfParam(raw: string | undefined): Date | undefined {
  if (raw === undefined) return undefined;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'asOf', message: 'asOf must be an ISO-8601 time' });
  return d;
}

@ApiTags('clues')
@Authenticated()
@Controller('clues')
export class CluesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async send(res: Response, command: object): Promise<CommandOutcome> {
    const outcome: CommandOutcome = await this.commands.execute(command as never);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome;
  }

  @CluesApi.register
  @Post()
  @HttpCode(201)
  register(@CurrentPrincipal() p: Principal, @Body() body: RegisterClueDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new RegisterClueCommand(p, body, '', idempotencyKey(key)));
  }

  @CluesApi.transfer
  @Post(':id/transfers')
  @HttpCode(201)
  transfer(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Body() body: TransferClueDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new TransferClueCommand(p, body, id, idempotencyKey(key)));
  }

  @CluesApi.acknowledge
  @Post(':id/transfers/:tid/acknowledge')
  @HttpCode(200)
  acknowledge(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Param('tid', uuid('tid')) tid: string, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new AcknowledgeTransferCommand(p, { transferId: tid }, id, idempotencyKey(key)));
  }

  @CluesApi.reject
  @Post(':id/transfers/:tid/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Param('tid', uuid('tid')) tid: string, @Body() body: RejectTransferDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new RejectTransferCommand(p, { ...body, transferId: tid }, id, idempotencyKey(key)));
  }

  /** 督办 by the lead unit (nhc): shown in the recipients' inbox until they answer. */
  @CluesApi.supervise
  @Post(':id/transfers/:tid/supervision')
  @HttpCode(201)
  supervise(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Param('tid', uuid('tid')) tid: string, @Body() body: IssueSupervisionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new IssueSupervisionCommand(p, { ...body, transferId: tid }, id, idempotencyKey(key)));
  }

  /** 延期 asked by a recipient of the transfer: more working days on the deadline it still owes (签收 or 反馈). */
  @CluesApi.requestExtension
  @Post(':id/transfers/:tid/extension')
  @HttpCode(201)
  requestExtension(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Param('tid', uuid('tid')) tid: string, @Body() body: RequestExtensionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new RequestExtensionCommand(p, { days: body.days, reason: body.reason, transferId: tid }, id, idempotencyKey(key)));
  }

  /** The transfer's sender grants a recipient's open request (`recipient` may be omitted when only one is open); the body may be empty. */
  @CluesApi.grantExtension
  @Post(':id/transfers/:tid/extension/grant')
  @HttpCode(200)
  grantExtension(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Param('tid', uuid('tid')) tid: string, @Body() body: GrantExtensionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const recipient = body?.recipient; // no body at all: nothing named
    return this.send(res, new GrantExtensionCommand(p, { transferId: tid, ...(recipient !== undefined ? { recipient } : {}) }, id, idempotencyKey(key)));
  }

  /** The transfer's sender denies a recipient's open request, with a reason: the deadline stays. */
  @CluesApi.denyExtension
  @Post(':id/transfers/:tid/extension/deny')
  @HttpCode(200)
  denyExtension(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Param('tid', uuid('tid')) tid: string, @Body() body: DenyExtensionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    const { recipient, reason } = body;
    return this.send(res, new DenyExtensionCommand(p, { transferId: tid, reason, ...(recipient !== undefined ? { recipient } : {}) }, id, idempotencyKey(key)));
  }

  @CluesApi.forward
  @Post(':id/forward')
  @HttpCode(201)
  forward(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Body() body: ForwardClueDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new ForwardClueCommand(p, body, id, idempotencyKey(key)));
  }

  @CluesApi.openInvestigation
  @Post(':id/investigation')
  @HttpCode(200)
  openInvestigation(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Body() body: OpenInvestigationDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new OpenInvestigationCommand(p, body, id, idempotencyKey(key)));
  }

  @CluesApi.recordFinding
  @Post(':id/findings')
  @HttpCode(200)
  recordFinding(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Body() body: RecordFindingDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new RecordFindingCommand(p, body, id, idempotencyKey(key)));
  }

  @CluesApi.decideDisposition
  @Post(':id/dispositions')
  @HttpCode(200)
  decideDisposition(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Body() body: DecideDispositionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new DecideDispositionCommand(p, body, id, idempotencyKey(key)));
  }

  @CluesApi.sendFeedback
  @Post(':id/feedback')
  @HttpCode(200)
  sendFeedback(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Body() body: SendFeedbackDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new SendFeedbackCommand(p, body, id, idempotencyKey(key)));
  }

  /** Investigators may read any clue (reporter withheld); the read is logged. */
  @CluesApi.get
  @Get(':id')
  @Roles('department', 'investigator')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Query('asOf') asOf?: string): Promise<ClueViewDto> {
    return this.queries.execute(new GetClueQuery(p, id, asOfParam(asOf)));
  }

  /** What the routing policy (data, versioned) proposes and requires for this clue. */
  @CluesApi.routing
  @Get(':id/routing')
  routing(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string): Promise<RoutingDto> {
    return this.queries.execute(new SuggestRecipientsQuery(p, id));
  }

  @CluesApi.history
  @Get(':id/history')
  @Roles('department', 'investigator')
  history(@CurrentPrincipal() p: Principal, @Param('id', uuid('id')) id: string, @Query('asOf') asOf?: string): Promise<ClueHistoryDto> {
    return this.queries.execute(new GetClueHistoryQuery(p, id, asOfParam(asOf)));
  }
}
