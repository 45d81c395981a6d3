import { ImposeSanctionDto, RepairCreditDto, RevokeSanctionDto, SanctionCommandOutcomeDto } from '@cluebus/contracts';
import { SubjectErrorCodes as E } from '@cluebus/domain';
import { ApiCommand } from '../openapi/api-operation.decorator';
import type { ErrorCodes } from '../openapi/error-codes';

/** The contract of /v1/sanctions (联合惩戒), one entry per operation (the controller applies them). */

const ON_A_SANCTION = ['id'] as const;
/** Ending a sanction (revoke, repair): it must exist, be the caller's, be in force and not a triggered record. */
const ENDING: ErrorCodes = {
  403: [E.NOT_THE_SANCTIONING_DEPARTMENT],
  404: [E.SANCTION_NOT_FOUND],
  409: [E.SANCTION_ALREADY_ENDED, E.TRIGGERED_RECORD_ENDS_WITH_TRIGGER],
  422: [E.INVALID_DATE, E.END_BEFORE_START],
};

export const SanctionsApi = {
  impose: ApiCommand({
    operationId: 'imposeSanction',
    summary: '实施惩戒 — Impose a measure of the caller\'s catalogue on a subject',
    description:
      '仅部门密钥；措施须属调用部门的惩戒目录；备忘录触发的记录随事件一并存储。自然人以身份证号令牌标识，不返回明文。— Department keys only; the measure must be in the caller\'s catalogue; the records the memorandum triggers are stored with it. A person is keyed by the ID token, never answered in clear.',
    status: 201,
    body: ImposeSanctionDto,
    response: SanctionCommandOutcomeDto,
    errors: {
      409: [E.SANCTION_ALREADY_EXISTS],
      422: [
        E.MEASURE_NOT_IN_CATALOGUE,
        E.MEASURE_OF_ANOTHER_DEPARTMENT,
        E.MEASURE_NOT_FOR_SUBJECT_KIND,
        E.PERSON_NAME_NOT_ACCEPTED,
        E.RATING_REQUIRED,
        E.RATING_NOT_APPLICABLE,
        E.UNKNOWN_RATING_SCHEME,
        E.UNKNOWN_RATING_GRADE,
        E.RATING_SCHEME_NOT_IN_FORCE,
        E.INVALID_DATE,
        E.END_BEFORE_START,
      ],
    },
  }),
  revoke: ApiCommand({
    operationId: 'revokeSanction',
    summary: '撤销惩戒 — Revoke a sanction the caller applies (and the records it triggered)',
    description: '仅实施惩戒的部门实例可撤销；触发的记录随之结束。— Only the department instance that applies it revokes it; the records it triggered end with it.',
    status: 200,
    body: RevokeSanctionDto,
    response: SanctionCommandOutcomeDto,
    uuidParams: ON_A_SANCTION,
    errors: ENDING,
  }),
  repair: ApiCommand({
    operationId: 'repairCredit',
    summary: '信用修复 — Record the credit repaired (ends the sanction and the records it triggered)',
    description: '仅实施惩戒的部门实例可记录；自生效日起移出黑名单。— Only the department instance that applies the sanction records it; the subject is delisted from the effective day.',
    status: 200,
    body: RepairCreditDto,
    response: SanctionCommandOutcomeDto,
    uuidParams: ON_A_SANCTION,
    errors: ENDING,
  }),
};
