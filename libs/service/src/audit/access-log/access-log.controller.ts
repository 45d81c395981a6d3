import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AccessLogDto } from '@cluebus/contracts';
import type { SqlClient } from '@cluebus/eventstore';
import { Authenticated } from '../../auth/authenticated.decorator';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import type { DepartmentPrincipal } from '../../auth/principal';
import { ApiRead } from '../../openapi/api-operation.decorator';
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
@Authenticated()
@Controller('access-log')
export class AccessLogController {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  @ApiRead({
    operationId: 'getAccessLog',
    summary: '访问日志 — Auditors\' and investigators\' recorded queries (lead unit only)',
    description: '仅牵头单位（nhc）的部门密钥；身份证号只以令牌出现；每次至多 1000 条，以 after 继续。— Department keys of the lead unit (nhc) only; ID numbers appear as tokens only; at most 1,000 entries, ask on with after.',
    response: AccessLogDto,
    queries: [
      { name: 'role', enum: ['auditor', 'investigator'], enumName: 'AccessLogRole', description: '谁的查询，默认 auditor — Whose reads; default auditor' },
      { name: 'after', type: 'integer', minimum: 0, description: '此 id 之后的条目，默认 0 — Entries after this id; default 0', example: 0 },
    ],
    errors: { 403: ['ONLY_LEAD_UNIT_MAY_VIEW_ALL'] },
  })
  @Get()
  async list(@CurrentPrincipal() p: DepartmentPrincipal, @Query() query: Record<string, unknown>): Promise<AccessLogDto> {
    requireLeadUnit(p, 'Authorization');
    const role = oneOf(query, 'role', ['auditor', 'investigator'] as const) ?? 'auditor';
    const after = single(query, 'after') ?? '0';
    if (!/^\d{1,15}$/.test(after)) throw invalid('after', 'after must be a whole number (an entry id)');
    return { role, entries: await listAccess(this.sql, role, Number(after), 1000) };
  }
}
