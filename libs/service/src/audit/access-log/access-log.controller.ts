import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { SqlClient } from '@cluebus/eventstore';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { DepartmentPrincipal } from '../../auth/principal';
import { requireLeadUnit } from '../../ledger/shared/lead-unit';
import { invalid, oneOf, single } from '../../ledger/shared/ledger-params';
import { SQL_CLIENT } from '../../runtime/tokens';
import { listAccess } from './access-log';

/**
 * The recorded reads of auditors and investigators (who, what, when — ID numbers as tokens), for
 * the lead unit (牵头单位 nhc), which answers for the joint mechanism: a department key of
 * another department gets 403, an auditor cannot read its own trail.
 */
@ApiTags('audit')
@ApiBearerAuth()
@UseGuards(ApiKeyGuard)
@Controller('access-log')
export class AccessLogController {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  @Get()
  @ApiOperation({ operationId: 'getAccessLog', summary: "Auditors' and investigators' recorded queries (lead unit only)" })
  @ApiQuery({ name: 'role', required: false, enum: ['auditor', 'investigator'] })
  @ApiQuery({ name: 'after', required: false, description: 'entries after this id' })
  async list(@CurrentPrincipal() p: DepartmentPrincipal, @Query() query: Record<string, unknown>) {
    requireLeadUnit(p, 'Authorization');
    const role = oneOf(query, 'role', ['auditor', 'investigator'] as const) ?? 'auditor';
    const after = single(query, 'after') ?? '0';
    if (!/^\d{1,15}$/.test(after)) throw invalid('after', 'after must be a whole number (an entry id)');
    return { role, entries: await listAccess(this.sql, role, Number(after), 1000) };
  }
}
