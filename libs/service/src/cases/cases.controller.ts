import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AttachClueDto, type CaseListDto, type CaseTimelineDto, type CaseViewDto, ConcludeCaseDto, ConcludeTrackDto, LinkBriberyPairDto, OpenCaseDto } from '@cluebus/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { DepartmentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { LoggedForEveryRole } from '../audit/access-log/logged-for-every-role.decorator';
import { AttachClueCommand } from './attach-clue/attach-clue.command';
import type { CaseCommandOutcome } from './case-command-executor';
import type { JsonText } from '../http/json-text';
import { asCaseApiError } from './case-http-errors';
import { ConcludeCaseCommand } from './conclude-case/conclude-case.command';
import { ConcludeTrackCommand } from './conclude-track/conclude-track.command';
import { GetCaseQuery } from './get-case/get-case.query';
import { GetCaseTimelineQuery } from './get-case-timeline/get-case-timeline.query';
import { LinkBriberyPairCommand } from './link-bribery-pair/link-bribery-pair.command';
import { ListCasesQuery } from './list-cases/list-cases.query';
import { OpenCaseCommand } from './open-case/open-case.command';
import { asOfParam, booleanParam, idempotencyKeyOf, uuidParam } from './shared/http-params';
import { CasesApi } from './cases.openapi';

/**
 * 一案多查 over HTTP. Commands are for department keys (the guard's default); reads also for
 * investigators (their reads are logged by the access-log guard). Tracks open on their
 * own when a department acknowledges a transfer of a clue of the case or opens an investigation
 * on one (the case-track processor): there is no endpoint to open one.
 */
@ApiTags('cases')
@Authenticated()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  private async send(res: Response, command: object): Promise<CaseCommandOutcome> {
    try {
      const outcome: CaseCommandOutcome = await this.commands.execute(command as never);
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      return outcome;
    } catch (error) {
      throw asCaseApiError(error);
    }
  }

  /** Opens a case over clues the caller can see; the caller is its lead unit (牵头单位). */
  @CasesApi.open
  @Post()
  @HttpCode(201)
  open(@CurrentPrincipal() p: DepartmentPrincipal, @Body() body: OpenCaseDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new OpenCaseCommand(p, body, '', idempotencyKeyOf(key)));
  }

  @CasesApi.attachClue
  @Post(':id/clues')
  @HttpCode(200)
  attachClue(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: AttachClueDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new AttachClueCommand(p, body, id, idempotencyKeyOf(key)));
  }

  /** Concludes the caller's own track (办结). */
  @CasesApi.concludeTrack
  @Post(':id/tracks/conclusion')
  @HttpCode(200)
  concludeTrack(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: ConcludeTrackDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new ConcludeTrackCommand(p, body, id, idempotencyKeyOf(key)));
  }

  /** 结案 by the lead: 409 CASE_TRACKS_OPEN with `openTracks` while any track is open. */
  @CasesApi.conclude
  @Post(':id/conclusion')
  @HttpCode(200)
  conclude(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: ConcludeCaseDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new ConcludeCaseCommand(p, body, id, idempotencyKeyOf(key)));
  }

  /** 行贿受贿一起查: links a briber and a bribe-taker by subject reference (see `subjects` in GET /v1/cases/:id). */
  @CasesApi.linkBriberyPair
  @Post(':id/bribery-pairs')
  @HttpCode(200)
  linkBriberyPair(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: LinkBriberyPairDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new LinkBriberyPairCommand(p, body, id, idempotencyKeyOf(key)));
  }

  @CasesApi.list
  @Get()
  @Roles('department', 'investigator')
  list(@CurrentPrincipal() p: Principal): Promise<CaseListDto> {
    return this.queries.execute(new ListCasesQuery(p));
  }

  /** The case now, or rebuilt as of `asOf` (a replay: recorded in the access log for every role then). */
  @CasesApi.get
  @Get(':id')
  @Roles('department', 'investigator')
  @LoggedForEveryRole('asOf')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuidParam('id')) id: string, @Query('asOf') asOf?: string): Promise<CaseViewDto> {
    return this.queries.execute(new GetCaseQuery(p, id, asOfParam(asOf)));
  }

  /** 案件全过程: the case's and its clues' events in log order, as stored; with proof=true each with its inclusion proof. */
  @CasesApi.timeline
  @Get(':id/timeline')
  @Roles('department', 'investigator')
  @LoggedForEveryRole()
  async timeline(
    @CurrentPrincipal() p: Principal,
    @Param('id', uuidParam('id')) id: string,
    @Res({ passthrough: true }) res: Response,
    @Query('asOf') asOf?: string,
    @Query('proof') proof?: string,
  ): Promise<string> {
    const body: JsonText<CaseTimelineDto> = await this.queries.execute(new GetCaseTimelineQuery(p, id, asOfParam(asOf), booleanParam('proof', proof)));
    return body.sendAs(res);
  }
}
