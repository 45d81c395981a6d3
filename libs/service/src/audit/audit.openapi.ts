import { AuditStatusDto, CheckpointDto, ConsistencyProofDto, EventProofDto, PublicKeysDto, VerifyLogDto } from '@cluebus/contracts';
import { ApiCommand, ApiRead } from '../openapi/api-operation.decorator';
import { ERRORS_OF_A_LOGGED_READ, type ErrorCodes, mergeErrors } from '../openapi/error-codes';

/** The contract of /v1/audit (investigator keys; every request is in the access log first). */

const AUDIT: ErrorCodes = mergeErrors(ERRORS_OF_A_LOGGED_READ, { 500: ['INTEGRITY_FAILURE'] });
const NO_CHECKPOINT: ErrorCodes = mergeErrors(AUDIT, { 404: ['CHECKPOINT_NOT_FOUND'] });
const positive = (name: string, description: string, required = false) => ({ name, type: 'integer', minimum: 1, required, description }) as const;

export const AuditApi = {
  latestCheckpoint: ApiRead({ operationId: 'getLatestCheckpoint', summary: '最新签名检查点 — The newest signed checkpoint', response: CheckpointDto, errors: NO_CHECKPOINT }),
  checkpoint: ApiRead({
    operationId: 'getCheckpoint',
    summary: '指定规模的检查点 — The checkpoint over the first `size` events',
    response: CheckpointDto,
    params: [{ name: 'size', schema: { type: 'integer', minimum: 1 }, description: '检查点覆盖的事件数 — Tree size: how many events the checkpoint covers' }],
    errors: mergeErrors(NO_CHECKPOINT, { 400: ['VALIDATION_FAILED'] }),
  }),
  publicKey: ApiRead({
    operationId: 'getAuditPublicKeys',
    summary: '审计公钥 — The checkpoint signing keys (compare the key id with one obtained outside this system)',
    response: PublicKeysDto,
    errors: AUDIT,
  }),
  eventProof: ApiRead({
    operationId: 'getEventProof',
    summary: '事件存在性证明 — An event as stored, its inclusion proof and the checkpoint',
    description: '含举报人身份的登记事件不予证明（仅登记部门可见）。— Refused (403 REPORTER_PROTECTED) for a registration naming its whistleblower.',
    response: EventProofDto,
    uuidParams: ['eventId'],
    queries: [positive('treeSize', '证明所对应的检查点规模 — Prove against the checkpoint of this size (default: newest)')],
    errors: mergeErrors(AUDIT, { 403: ['REPORTER_PROTECTED'], 404: ['EVENT_NOT_FOUND', 'CHECKPOINT_NOT_FOUND', 'NOT_YET_CHECKPOINTED'] }),
  }),
  consistency: ApiRead({
    operationId: 'getConsistencyProof',
    summary: '一致性证明 — RFC 6962 consistency proof between the checkpoints of sizes `from` and `to`',
    response: ConsistencyProofDto,
    queries: [positive('from', '较早检查点规模 — Size of the earlier checkpoint', true), positive('to', '较新检查点规模 — Size of the later checkpoint', true)],
    errors: mergeErrors(NO_CHECKPOINT, { 400: ['VALIDATION_FAILED'] }),
  }),
  status: ApiRead({ operationId: 'getAuditStatus', summary: '审计状态 — Log head, newest checkpoint, checkpointer', response: AuditStatusDto, errors: AUDIT }),
  verify: ApiCommand({
    operationId: 'verifyLog',
    summary: '全量校验 — Recompute the chain and every checkpoint; names the first bad position',
    status: 200,
    idempotent: false,
    response: VerifyLogDto,
    errors: AUDIT,
  }),
};
