import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { InvestigationTrackDto, RecipientStateDto, TransferStateDto } from '@cluebus/contracts';
import { PUBLIC_OPERATION } from './api-operation.decorator';

/**
 * 3.0.3, not 3.1: @nestjs/swagger 11 can label a document 3.1 (setOpenAPIVersion) but still
 * writes 3.0 schemas (`nullable: true`, no type arrays), which a 3.1 document must not contain;
 * and openapi-generator's 3.1 support is still beta. See ADR 0012.
 */
const OPENAPI_VERSION = '3.0.3';

export interface DocumentInfo {
  title: string;
  description: string;
  servers: readonly string[];
  tags: ReadonlyArray<{ name: string; description: string }>;
  /** Classes reached only through a map's `additionalProperties` $ref (transfers, tracks …), which Nest does not discover. */
  extraModels?: Function[];
}

/** The security scheme every operation needs unless it is public: a department's or investigator's API key. */
export const BEARER_SCHEME = 'bearer';

/**
 * Builds the OpenAPI document of an app from its controllers' decorators (ApiCommand / ApiRead)
 * and the DTO classes. No I/O: `npm run openapi` writes the same document to
 * openapi/cluebus.v1.json, and the contract test compares it with the served `/docs-json`.
 */
export function buildOpenApiDocument(app: INestApplication, info: DocumentInfo): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion(OPENAPI_VERSION)
    .setTitle(info.title)
    .setDescription(info.description)
    .setVersion('1')
    .setLicense('UNLICENSED — 内部系统 internal government system', 'https://www.gov.cn/')
    .addSecurity(BEARER_SCHEME, {
      // Not addBearerAuth: it declares bearerFormat JWT, and these keys are opaque API keys.
      type: 'http',
      scheme: 'bearer',
      description: 'API 密钥（非 JWT），每个密钥绑定一个部门实例或调查人员 — An API key (not a JWT), bound to one department instance or to an investigator',
    })
    .addSecurityRequirements(BEARER_SCHEME);
  for (const url of info.servers) builder.addServer(url);
  for (const tag of info.tags) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), { extraModels: info.extraModels ?? [] });
  return liftSecurityOfPublicOperations(document);
}

/** `security: []` on the operations ApiRead/ApiCommand marked public (OpenAPI's way to lift the global requirement). */
function liftSecurityOfPublicOperations(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const op of Object.values(path)) {
      if (op && typeof op === 'object' && PUBLIC_OPERATION in op) {
        delete (op as Record<string, unknown>)[PUBLIC_OPERATION];
        (op as { security?: unknown[] }).security = [];
      }
    }
  }
  return document;
}

/** The department service's document (every app built on libs/service). */
export function cluebusDocument(app: INestApplication, servers: readonly string[]): OpenAPIObject {
  return buildOpenApiDocument(app, {
    title: 'cluebus',
    description:
      '线索移交总线：六个部门之间移交、跟踪、反馈医药领域腐败问题线索；每次变更都是不可篡改的事件。\n\n' +
      'cluebus — inter-departmental clue transfer (线索移交). Every change is an immutable, hash-chained event. ' +
      'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code` and the `field` at fault.',
    servers,
    extraModels: [TransferStateDto, RecipientStateDto, InvestigationTrackDto],
    tags: [
      { name: 'clues', description: '线索：登记、移交、签收、退回、督办、延期、调查、反馈 — Clues: register, transfer, answer, supervise, extend, investigate, feed back' },
      { name: 'cases', description: '案件（一案多查、行贿受贿一起查）— Cases: one case, many departments; bribery pairs' },
      { name: 'inbox', description: '收件箱 — A department\'s received transfers and notices' },
      { name: 'ledger', description: '台账与通报统计 — Transfer ledger and statistics' },
      { name: 'sanctions', description: '联合惩戒：实施、撤销、信用修复 — Joint sanctions: impose, revoke, repair credit' },
      { name: 'blacklist', description: '黑名单：某日名单及其证据、变动流 — The blacklist: who is listed on a day, with proof; the listed/delisted feed' },
      { name: 'personal-data', description: '个人信息删除（加密销毁）— Erasure of personal data by crypto-shredding (PIPL)' },
      { name: 'audit', description: '审计：签名检查点与证明（调查人员）— Audit: signed checkpoints and proofs (investigators)' },
      { name: 'schemas', description: '事件契约：每种事件的 JSON Schema — The event contract: JSON Schemas of every event' },
      { name: 'health', description: '健康检查 — Health' },
    ],
  });
}
