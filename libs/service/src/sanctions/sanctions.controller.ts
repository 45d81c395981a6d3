import { Body, Controller, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ImposeSanctionDto, RepairCreditDto, RevokeSanctionDto } from '@cluebus/contracts';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { DepartmentPrincipal } from '../auth/principal';
import { idempotencyKeyOf, uuidParam } from '../cases/shared/http-params';
import { ImposeSanctionCommand } from './impose-sanction/impose-sanction.command';
import { RepairCreditCommand } from './repair-credit/repair-credit.command';
import { RevokeSanctionCommand } from './revoke-sanction/revoke-sanction.command';
import type { SanctionCommandOutcome } from './sanction-command-executor';

/**
 * 联合惩戒 over HTTP, for department keys only (the guard's default): auditors and investigators
 * read the blacklist, they impose nothing. Refusals are DomainErrors (code, field) mapped by the
 * error filter; the clear ID number of a person is tokenised in the handler and never answered.
 */
@ApiTags('sanctions')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat with the same key returns the first result and stores nothing new' })
@UseGuards(ApiKeyGuard)
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
  @ApiOperation({ operationId: 'imposeSanction', summary: "Impose a measure of the caller's catalogue on a subject; the memorandum records the triggered notices" })
  impose(@CurrentPrincipal() p: DepartmentPrincipal, @Body() body: ImposeSanctionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new ImposeSanctionCommand(p, body, '', idempotencyKeyOf(key)));
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @ApiOperation({ operationId: 'revokeSanction', summary: 'Revoke a sanction the caller applies (and the records it triggered)' })
  revoke(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: RevokeSanctionDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new RevokeSanctionCommand(p, body, id, idempotencyKeyOf(key)));
  }

  @Post(':id/repair')
  @HttpCode(200)
  @ApiOperation({ operationId: 'repairCredit', summary: '信用修复: record the credit repaired (ends the sanction and the records it triggered)' })
  repair(@CurrentPrincipal() p: DepartmentPrincipal, @Param('id', uuidParam('id')) id: string, @Body() body: RepairCreditDto, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.send(res, new RepairCreditCommand(p, body, id, idempotencyKeyOf(key)));
  }
}
