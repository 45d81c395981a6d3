import { Body, Controller, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ImposeSanctionDto, RepairCreditDto, RevokeSanctionDto } from '@cluebus/contracts';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { DepartmentPrincipal } from '../auth/principal';
import { idempotencyKeyOf, uuidParam } from '../cases/shared/http-params';
import { ImposeSanctionCommand } from './impose-sanction/impose-sanction.command';
import { RepairCreditCommand } from './repair-credit/repair-credit.command';
import { RevokeSanctionCommand } from './revoke-sanction/revoke-sanction.command';
import type { SanctionCommandOutcome } from './sanction-command-executor';
import { SanctionsApi } from './sanctions.openapi';

/**
 * 联合惩戒 over HTTP, for department keys only (the guard's default): auditors and investigators
 * read the blacklist, they impose nothing. Refusals are DomainErrors (code, field) mapped by the
 * error filter; the clear ID number of a person is tokenised in the handler and never answered.
 */
@ApiTags('sanctions')
@Authenticated()
@Controller('sanctions')
export class SanctionsController {
  constructor(private readonly commands: CommandBus) {}

  private async send(res: Response, command: object): Promise<SanctionCommandOutcome> {
    const outcome: SanctionCommandOutcome = await this.commands.execute(command as never);
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return outcome;
  }

  @Post()
  @HttpCode(201)
  @SanctionsApi.impose
  impose(@CurrentPrincipal() p: DepartmentPrincipal, @Body() body: ImposeSanctionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<SanctionCommandOutcome> {
    return this.send(res, new ImposeSanctionCommand(p, body, '', idempotencyKeyOf(key)));
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @SanctionsApi.revoke
  revoke(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: RevokeSanctionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<SanctionCommandOutcome> {
    return this.send(res, new RevokeSanctionCommand(p, body, id, idempotencyKeyOf(key)));
  }

  @Post(':id/repair')
  @HttpCode(200)
  @SanctionsApi.repair
  repair(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: RepairCreditDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response): Promise<SanctionCommandOutcome> {
    return this.send(res, new RepairCreditCommand(p, body, id, idempotencyKeyOf(key)));
  }
}
