import { ErasureOutcomeDto } from '@cluebus/contracts';
import { ClueErrorCodes, PersonalDataErrorCodes as E } from '@cluebus/domain';
import { ApiCommand } from '../openapi/api-operation.decorator';

/** The contract of the erasure endpoints (个人信息删除, docs/adr/0010), one entry per operation. */
const ERASURE_REFUSALS = { 403: [E.ONLY_REGISTRAR_MAY_ERASE], 404: [E.PERSONAL_DATA_NOT_FOUND] };

export const PersonalDataApi = {
  eraseSubject: ApiCommand({
    operationId: 'eraseSubjectData',
    summary: '删除涉事人员个人信息 — Erase a subject\'s personal data (crypto-shredding)',
    description:
      '仅登记该信息的部门可删除；销毁数据密钥并记录 PersonalDataErased，哈希链与证明仍可验证。重复请求返回 200 且不再记录。— Only the registering department; destroys its data key and records PersonalDataErased; the chain and every proof still verify. A repeat answers 200 and records nothing.',
    status: 200,
    response: ErasureOutcomeDto,
    params: [{ name: 'token', type: String, description: 'The subject\'s vault token as GET /v1/clues/:id shows it (idt1:… or pdt1:…)', example: 'pdt1:' + '0'.repeat(64) }],
    errors: ERASURE_REFUSALS,
  }),
  eraseReporter: ApiCommand({
    operationId: 'eraseReporterData',
    summary: '删除举报人信息 — Erase a clue\'s reporter identity (crypto-shredding)',
    description: '仅登记部门可删除。— Only the registering department.',
    status: 200,
    response: ErasureOutcomeDto,
    uuidParams: ['id'],
    errors: { ...ERASURE_REFUSALS, 404: [...ERASURE_REFUSALS[404], ClueErrorCodes.CLUE_NOT_FOUND] },
  }),
};
