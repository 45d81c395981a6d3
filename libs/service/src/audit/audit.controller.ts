import { BadRequestException, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { AuditStatusDto, CheckpointDto, ConsistencyProofDto, EventProofDto, PublicKeysDto, VerifyLogDto } from '@cluebus/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { Roles } from '../auth/roles.decorator';
import { AuditApi } from './audit.openapi';
import { positiveInt } from './audit-http-errors';
import { GetAuditStatusQuery } from './get-audit-status/get-audit-status.query';
import { GetCheckpointQuery } from './get-checkpoint/get-checkpoint.query';
import { GetConsistencyProofQuery } from './get-consistency-proof/get-consistency-proof.query';
import { GetEventProofQuery } from './get-event-proof/get-event-proof.query';
import { GetPublicKeysQuery } from './get-public-keys/get-public-keys.query';
import { VerifyLogCommand } from './verify-log/verify-log.command';

const uuid = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException({ code: 'VALIDATION_FAILED', field, message: `${field} must be a UUID` }) });

/**
 * `/v1/audit`: signed checkpoints, proofs and verification of the global log, for investigators.
 * Read-only; every request is recorded in the access log before it is handled (AccessLogGuard).
 */
@ApiTags('audit')
@Authenticated()
@Roles('investigator')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @AuditApi.latestCheckpoint
  @Get('checkpoints/latest')
  latestCheckpoint(): Promise<CheckpointDto> {
    return this.queries.execute(new GetCheckpointQuery());
  }

  @AuditApi.checkpoint
  @Get('checkpoints/:size')
  checkpoint(@Param('size') size: string): Promise<CheckpointDto> {
    return this.queries.execute(new GetCheckpointQuery(positiveInt(size, 'size', true)));
  }

  @AuditApi.publicKey
  @Get('public-key')
  publicKey(): Promise<PublicKeysDto> {
    return this.queries.execute(new GetPublicKeysQuery());
  }

  /** The event as stored, its inclusion proof and the checkpoint (newest, or of `treeSize`). */
  @AuditApi.eventProof
  @Get('events/:eventId/proof')
  eventProof(@Param('eventId', uuid('eventId')) eventId: string, @Query('treeSize') treeSize?: string): Promise<EventProofDto> {
    return this.queries.execute(new GetEventProofQuery(eventId, positiveInt(treeSize, 'treeSize')));
  }

  /** RFC 6962 consistency proof between the checkpoints of sizes `from` and `to`. */
  @AuditApi.consistency
  @Get('consistency')
  consistency(@Query('from') from?: string, @Query('to') to?: string): Promise<ConsistencyProofDto> {
    return this.queries.execute(new GetConsistencyProofQuery(positiveInt(from, 'from', true), positiveInt(to, 'to', true)));
  }

  @AuditApi.status
  @Get('status')
  status(): Promise<AuditStatusDto> {
    return this.queries.execute(new GetAuditStatusQuery());
  }

  /** Recomputes the chain and every checkpoint over the whole log; names the first bad position. */
  @AuditApi.verify
  @Post('verify')
  @HttpCode(200)
  verify(): Promise<VerifyLogDto> {
    return this.commands.execute(new VerifyLogCommand());
  }
}
