import type { HttpErrorCode } from './http-error-codes';
import { entries } from './problem-entry';

/** Titles of the HTTP edge's own codes (HttpErrorCodes). */
export const HTTP_PROBLEMS = entries<HttpErrorCode>({
  VALIDATION_FAILED: [400, '请求参数校验未通过', 'Validation failed'],
  BAD_REQUEST: [400, '请求无效', 'Bad request'],
  NOT_FOUND: [404, '资源不存在', 'Not found'],
  UNAUTHENTICATED: [401, '未认证', 'Unauthenticated'],
  FORBIDDEN: [403, '无权访问', 'Forbidden'],
  ONLY_LEAD_UNIT_MAY_VIEW_ALL: [403, '只有牵头单位可以查看全部台账', 'Only the lead unit may view every ledger'],
  REPORTER_PROTECTED: [403, '举报人信息受保护', 'The reporter is protected'],
  IDEMPOTENCY_KEY_REUSED: [422, '幂等键已用于其他请求', 'The Idempotency-Key was used for a different request'],
  CONCURRENCY_CONFLICT: [409, '并发修改冲突，请重新读取后重试', 'Concurrent change; read again and retry'],
  EVENT_ID_CONFLICT: [409, '事件编号冲突', 'Event id conflict'],
  EVENT_TOO_LARGE: [413, '事件过大', 'Event too large'],
  PAYLOAD_TOO_LARGE: [413, '请求体过大', 'Payload too large'],
  MALFORMED_JSON: [400, '请求体不是有效的 JSON', 'Malformed JSON'],
  MALFORMED_UTF8: [400, '请求体不是有效的 UTF-8', 'Malformed UTF-8'],
  UNSUPPORTED_MEDIA_TYPE: [415, '不支持的内容类型', 'Unsupported media type'],
  UNSUPPORTED_CHARSET: [415, '不支持的字符集', 'Unsupported charset'],
  UNSUPPORTED_CONTENT_ENCODING: [415, '不支持的内容编码', 'Unsupported content encoding'],
  BODY_LENGTH_MISMATCH: [400, '请求体长度与 Content-Length 不符', 'Body length mismatch'],
  REQUEST_ABORTED: [400, '请求被客户端中断', 'Request aborted'],
  NESTING_TOO_DEEP: [400, '请求体嵌套过深', 'Nesting too deep'],
  UNSUPPORTED_CHARACTER: [400, '包含无法存储的字符', 'Unsupported character'],
  NOT_ACCEPTABLE: [406, '无法提供所请求的表示形式', 'Not acceptable'],
  EVENT_NOT_FOUND: [404, '事件不存在', 'Event not found'],
  CHECKPOINT_NOT_FOUND: [404, '检查点不存在', 'Checkpoint not found'],
  NOT_YET_CHECKPOINTED: [404, '尚未签发覆盖该事件的检查点', 'Not yet checkpointed'],
  INTEGRITY_FAILURE: [500, '完整性校验失败', 'Integrity failure'],
  ACCESS_LOG_UNAVAILABLE: [503, '访问日志暂不可写', 'Access log unavailable'],
  INTERNAL: [500, '内部错误', 'Internal error'],
});
