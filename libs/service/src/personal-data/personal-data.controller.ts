import { BadRequestException, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PERSONAL_DATA_TOKEN_PATTERN } from '@cluebus/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { idempotencyKeyOf, uuidParam } from '../cases/shared/http-params';
import { EraseReporterDataCommand } from './erase-reporter-data/erase-reporter-data.command';
import { EraseSubjectDataCommand } from './erase-subject-data/erase-subject-data.command';
import type { ErasureOutcome } from './personal-data-command-executor';
import { PersonalDataApi } from './personal-data.openapi';

/** A subject's token as GET /v1/clues/:id shows it (`personalData.token`): an ID-number token or a subject token. */
function subjectToken(raw: string): string {
  if (!PERSONAL_DATA_TOKEN_PATTERN.test(raw) || raw.startsWith('rpt1:')) {
    throw new BadRequestException({ code: 'VALIDATION_FAILED', field: 'token', message: 'token must be a subject token (idt1:… or pdt1:… and 64 hex digits)' });
  }
  return raw;
}

/**
 * Erasure of personal data (PIPL 删除权) by crypto-shredding (docs/adr/0010): the registering
 * department's data key goes, a PersonalDataErased records it; the chain and every proof still
 * verify. 200 also for a repeat (`recorded: false`), nothing new stored.
 */
@ApiTags('personal-data')
@Authenticated()
@Controller()
export class PersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Post('subjects/:token/erasure')
  @PersonalDataApi.eraseSubject
  @HttpCode(200)
  eraseSubject(@CurrentPrincipal() p: Principal, @Param('token') token: string, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new EraseSubjectDataCommand(p, subjectToken(token), idempotencyKeyOf(key)));
  }

  @Post('clues/:id/reporter/erasure')
  @PersonalDataApi.eraseReporter
  @HttpCode(200)
  eraseReporter(@CurrentPrincipal() p: Principal, @Param('id', uuidParam('id')) id: string, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new EraseReporterDataCommand(p, id, idempotencyKeyOf(key)));
  }

  private async send(res: Response, command: object): Promise<ErasureOutcome> {
    const outcome: ErasureOutcome = await this.commands.execute(command as never);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome;
  }
}
