import { Body, Controller, Get, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClueCommandOutcomeDto, HealthDto, RejectTransferDto } from '@cluebus/contracts';
import { ApiCommand, ApiRead } from './api-operation.decorator';
import { buildOpenApiDocument } from './cluebus-document';

@Controller('things')
class ThingsController {
  @ApiCommand({ operationId: 'rejectThing', summary: '退回 — Reject', status: 200, body: RejectTransferDto, response: ClueCommandOutcomeDto, uuidParams: ['id'], errors: { 409: ['CONCURRENCY_CONFLICT', 'THING_CLOSED'] } })
  @Post(':id/reject')
  reject(@Body() _body: RejectTransferDto) {}

  @ApiRead({ operationId: 'getHealthOfThings', summary: '健康 — Health', response: HealthDto, public: true })
  @Get('health')
  health() {}
}

describe('ApiCommand / ApiRead', () => {
  it('given a command and a public read, when the document is built, then each says its body, headers, answers, refusals and security', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    const app = moduleRef.createNestApplication();
    const doc = buildOpenApiDocument(app, { title: 't', description: 'd', servers: ['https://cluebus.example.gov.cn'], tags: [] });
    await app.close();

    const command = doc.paths['/things/{id}/reject'].post!;
    expect(command.operationId).toBe('rejectThing');
    expect(command.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', schema: expect.objectContaining({ format: 'uuid' }) }), expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]),
    );
    expect(command.requestBody).toEqual(expect.objectContaining({ required: true }));
    expect((command.responses['200'] as any).content['application/json'].schema.$ref).toBe('#/components/schemas/ClueCommandOutcomeDto');
    // the caller's codes join the ones every command can meet, each once
    expect((command.responses['409'] as any).description).toBe('code: `CONCURRENCY_CONFLICT`, `IDEMPOTENCY_KEY_REUSED`, `EVENT_ID_CONFLICT`, `THING_CLOSED`');
    expect(Object.keys(command.responses).sort()).toEqual(['200', '400', '401', '403', '409', '413', '415']);
    expect(command.security).toBeUndefined();

    const read = doc.paths['/things/health'].get!;
    expect(read.security).toEqual([]);
    expect((read.parameters ?? []).map((p: any) => p.name)).toEqual([]);
    expect(Object.keys(read.responses)).toEqual(['200']);
    expect(JSON.stringify(read)).not.toContain('x-cluebus-public');
    expect(doc.components!.securitySchemes!.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.servers).toEqual([{ url: 'https://cluebus.example.gov.cn' }]);
  });
});
