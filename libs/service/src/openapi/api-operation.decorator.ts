import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiExtension,
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiParam,
  type ApiParamOptions,
  ApiQuery,
  type ApiQueryOptions,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ProblemDetailsDto } from '@cluebus/contracts';
import { ERRORS_OF_A_BODY, ERRORS_OF_A_COMMAND, ERRORS_OF_A_KEY, type ErrorCodes, mergeErrors } from './error-codes';

/** The problem content every error response shares (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';
/** Marks an operation the builder serves without the global `bearer` requirement (cluebus-document.ts). */
export const PUBLIC_OPERATION = 'x-cluebus-public';

interface OperationSpec {
  /** Stable, camelCase: it becomes the method name in generated clients. Never rename one. */
  operationId: string;
  /** `中文 — English`. */
  summary: string;
  /** Also bilingual; what a caller must know beyond the summary. */
  description?: string;
  /** The class the handler returns (libs/contracts/src/dto/responses). */
  response: Type<unknown>;
  /** Path parameters that are UUIDs (the `uuid` pipe refuses others with 400 VALIDATION_FAILED naming them). */
  uuidParams?: readonly string[];
  /** Other path parameters, with their type and meaning. */
  params?: readonly ApiParamOptions[];
  /** Query parameters; optional unless `required: true` is said. */
  queries?: readonly ApiQueryOptions[];
  /** Refusals beyond the common ones, by status: each status is listed with its codes. */
  errors?: ErrorCodes;
  /** Further media types of the success answer beside JSON (the ledger's CSV and XLSX files). */
  files?: readonly string[];
  /** No API key needed (health): the global security requirement is lifted. */
  public?: boolean;
  /**
   * The answer is a server-sent event stream (`text/event-stream`) instead of JSON: each event's
   * `data` is one `response` (the inbox stream).
   */
  eventStream?: boolean;
}

interface CommandSpec extends OperationSpec {
  /** 201 when the command creates a resource (clue, transfer, case …), else 200. */
  status: 200 | 201;
  /** The request body class, with its example (every property of it carries one). */
  body?: Type<unknown>;
  /** False when the body may be left out (an empty grant). */
  bodyRequired?: boolean;
  /** False for a POST that reads no Idempotency-Key (audit verification). */
  idempotent?: boolean;
}

const IDEMPOTENCY_KEY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: '重复提交同一键返回首次结果，不再存储 — A repeat with the same key returns the first result and stores nothing new',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$', example: 'nhc-2026-000123' },
});

function errorResponses(errors: ErrorCodes): MethodDecorator[] {
  return Object.entries(errors).map(([status, codes]) =>
    ApiResponse({
      status: Number(status),
      description: `code: ${codes!.map((c) => `\`${c}\``).join(', ')}`,
      content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
    }),
  );
}

const REPLAYED_HEADER = {
  'Idempotent-Replayed': { description: '重复请求：返回首次结果 — Present (true) when this answered a repeat of an earlier request', schema: { type: 'string', enum: ['true'] } },
};

/** The operation's own description, then what every operation shares: the answer's schema and how refusals come. */
function describe(spec: OperationSpec): string {
  const own = spec.description ? `${spec.description}\n\n` : '';
  if (spec.eventStream) {
    return `${own}成功时返回 text/event-stream，每条事件的 data 为 \`${spec.response.name}\`；拒绝时返回 application/problem+json。— Answers text/event-stream, each event's data a \`${spec.response.name}\`; a refusal is problem details with the codes listed under its status.`;
  }
  return `${own}成功时返回 \`${spec.response.name}\`；拒绝时返回 application/problem+json，各状态码下列出 code。— Answers \`${spec.response.name}\`; a refusal is problem details with the codes listed under its status.`;
}

function successContent(spec: OperationSpec): Record<string, { schema: object }> {
  if (spec.eventStream) {
    return {
      'text/event-stream': {
        // OpenAPI 3.0 cannot type an event stream's messages (3.2's itemSchema can): the stream is
        // described as the sequence of its items, each one event's `data`.
        schema: {
          type: 'array',
          items: { $ref: getSchemaPath(spec.response) },
          description: `服务器推送事件流：每条 \`data\` 为一个 ${spec.response.name}（JSON）— Server-sent events: each \`data\` is one ${spec.response.name} (JSON)`,
        },
      },
    };
  }
  const files = Object.fromEntries((spec.files ?? []).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
  return { 'application/json': { schema: { $ref: getSchemaPath(spec.response) } }, ...files };
}

function operation(spec: OperationSpec, status: number, errors: ErrorCodes, extra: MethodDecorator[], headers?: typeof REPLAYED_HEADER): MethodDecorator {
  const all = mergeErrors(spec.public ? {} : ERRORS_OF_A_KEY, errors, spec.uuidParams?.length ? { 400: ['VALIDATION_FAILED'] } : {}, spec.errors ?? {});
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ApiOperation({ operationId: spec.operationId, summary: spec.summary, description: describe(spec) }),
    ...(spec.uuidParams ?? []).map((name) => ApiParam({ name, format: 'uuid', description: `${name} (UUID)` })),
    ...(spec.params ?? []).map((p) => ApiParam(p)),
    ...(spec.queries ?? []).map((q) => ApiQuery({ required: false, ...q } as ApiQueryOptions)),
    ApiExtraModels(spec.response),
    ApiResponse({ status, description: status === 201 ? '已创建 — Created' : '成功 — OK', content: successContent(spec), ...(headers ? { headers } : {}) }),
    ...errorResponses(all),
    ...(spec.public ? [ApiExtension(PUBLIC_OPERATION, true)] : []),
    ...extra,
  );
}

/**
 * A command (POST): Idempotency-Key, its body, the answer with `Idempotent-Replayed` on a
 * repeat, and the refusals every command can meet (body shape, concurrency, key reuse).
 */
export function ApiCommand(spec: CommandSpec): MethodDecorator {
  const idempotent = spec.idempotent ?? true;
  const extra = [
    ...(idempotent ? [IDEMPOTENCY_KEY] : []),
    ...(spec.body ? [ApiBody({ type: spec.body, required: spec.bodyRequired ?? true })] : []),
  ];
  const errors = mergeErrors(idempotent ? ERRORS_OF_A_COMMAND : {}, spec.body ? ERRORS_OF_A_BODY : {});
  return operation(spec, spec.status, errors, extra, idempotent ? REPLAYED_HEADER : undefined);
}

/** A read (GET): 200 with the response class. */
export function ApiRead(spec: OperationSpec): MethodDecorator {
  return operation(spec, 200, {}, []);
}
