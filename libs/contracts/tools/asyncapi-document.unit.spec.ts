import { type AsyncAPIDocumentInterface, type Diagnostic, DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { CONTRACT_TOPICS, Topics } from '@cluebus/bus';
import { DEPARTMENT_CODES } from '@cluebus/contracts';
import { readFileSync } from 'node:fs';
import { ASYNCAPI_FILE, asyncApiText } from './asyncapi-document';
import { generateEventSchemas } from './event-schema-generator';
import { jsonSchema2020Parser } from './json-schema-2020-parser';

describe('AsyncAPI 3.0 document of the bus (asyncapi/cluebus.v1.yaml)', () => {
  const schemas = generateEventSchemas();
  const text = readFileSync(ASYNCAPI_FILE, 'utf8');
  let document: AsyncAPIDocumentInterface | undefined;
  let diagnostics: Diagnostic[] = [];

  beforeAll(async () => {
    const parser = new Parser();
    parser.registerSchemaParser(jsonSchema2020Parser());
    ({ document, diagnostics } = await parser.parse(text, { source: ASYNCAPI_FILE }));
  }, 60_000);

  it('given the event types, when the document is generated again, then the committed file is what comes out (no drift)', () => {
    expect({ text, fix: 'run `npm run schemas`' }).toEqual({ text: asyncApiText(schemas), fix: 'run `npm run schemas`' });
  });

  it('given the committed document, when parsed by @asyncapi/parser (payload $refs resolved from the file), then there is no error and every event type and version is a message of cluebus.events', async () => {
    expect(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error)).toEqual([]);
    expect(document).toBeDefined();

    const allEvents = document!.channels().all().find((c) => c.address() === Topics.allEvents)!;
    const names = allEvents.messages().all().map((m) => m.name());
    expect(names.sort()).toEqual(schemas.map((s) => `${s.type}.v${s.version}`).sort());
    // The payload is the schema file itself, resolved: its $id and its required fields.
    const registered = allEvents.messages().all().find((m) => m.name() === 'ClueRegistered.v1')!;
    expect(registered.payload()?.json()).toMatchObject({
      schemaFormat: 'application/schema+json;version=draft-2020-12',
      schema: { $id: 'urn:cluebus:schema:ClueRegistered:v1', required: expect.arrayContaining(['clueId', 'subjects']) },
    });
    expect(registered.headers()?.json()).toMatchObject({ allOf: [expect.objectContaining({ required: expect.arrayContaining(['ce_id', 'ce_type', 'ce_source', 'ce_subject']) }), expect.anything()] });
  });

  it('given the document, when its channels are listed, then every topic of the contract is there: the event log, each department topic (one parameterised channel) and the dead letters', () => {
    const addresses = document!.channels().all().map((c) => c.address()!);
    const department = document!.channels().all().find((c) => c.address() === Topics.department('{department}'))!;
    const codes = (department.parameters().get('department')!.json() as { enum: string[] }).enum;
    const covered = [...addresses.filter((a) => !a.includes('{')), ...codes.map((c) => Topics.department(c))];
    expect(covered.sort()).toEqual([...CONTRACT_TOPICS].sort());
    expect(codes).toEqual([...DEPARTMENT_CODES]);
    // A department topic carries what is addressed to departments: a transfer, not a case's opening.
    const onDepartment = department.messages().all().map((m) => m.name());
    expect(onDepartment).toEqual(expect.arrayContaining(['ClueTransferred.v1', 'TransferAcknowledged.v1', 'OneSidedBriberyFlagged.v1']));
    expect(onDepartment).not.toContain('CaseOpened.v1');
  });
});
