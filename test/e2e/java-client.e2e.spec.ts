import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clueStreamId } from '@cluebus/contracts';
import { committedContract, operationsOf } from '../support/openapi-contract';
import { startStandalone, type RunningApp } from '../support/standalone-app';

const run = promisify(execFile);
const JAVA_EXAMPLE = join(__dirname, '..', '..', 'examples', 'java');
const WALKTHROUGH_OPERATIONS = ['registerClue', 'transferClue', 'acknowledgeTransfer', 'getClueHistory'];

/**
 * examples/java: a client generated from the committed contract (openapi-generator, java/native)
 * runs the README walk-through against the standalone service. A missing response schema makes
 * the generated method void and the example stops compiling; a field the schema does not declare
 * fails the call (failOnUnknownProperties); without the security declaration the calls are 401.
 */
describe('the Java client generated from openapi/cluebus.v1.json', () => {
  let running: RunningApp;
  beforeAll(async () => void (running = await startStandalone('pglite')), 60_000);
  afterAll(() => running?.close());

  it('given the contract, then the operations the walk-through calls declare a response schema and the API-key security', () => {
    const contract = committedContract();
    const ops = operationsOf(contract).filter((o) => WALKTHROUGH_OPERATIONS.includes(o.operation.operationId));
    expect(ops.map((o) => o.operation.operationId).sort()).toEqual([...WALKTHROUGH_OPERATIONS].sort());
    for (const { operation } of ops) {
      const success = Object.entries<any>(operation.responses).find(([status]) => Number(status) < 300)!;
      expect([operation.operationId, success[1].content['application/json'].schema.$ref]).toEqual([operation.operationId, expect.stringMatching(/Dto$/)]);
      expect(operation.security).toBeUndefined(); // the global requirement applies
    }
    expect(contract.security).toEqual([{ bearer: [] }]);
  });

  it('given nhc and samr keys, when the Java walk-through runs, then it registers, transfers, acknowledges, reads the history and reads a typed problem', async () => {
    // Maven resolves from ~/.m2 (filled on first run from Maven Central); -B: plain log lines.
    const { stdout } = await run('mvn', ['-q', '-B', 'compile', 'exec:java', `-Dexec.args=${running.baseUrl}`], {
      cwd: JAVA_EXAMPLE,
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = stdout.split('\n').filter((l) => /^[A-Z]+ /.test(l));
    const clueId = lines.find((l) => l.startsWith('CLUE '))?.slice(5);
    expect(clueId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toEqual([
      `CLUE ${clueId}`,
      expect.stringMatching(/^TRANSFER [0-9a-f-]{36}$/),
      'ACKNOWLEDGED TransferAcknowledged',
      'HISTORY ClueRegistered,ClueTransferred,TransferAcknowledged',
      expect.stringMatching(/^PROBLEM 400 code=VALIDATION_FAILED field=subjects\[0\]\.idNumber$/),
    ]);
    // What the Java client read as the history is what the store holds for the clue.
    const events = await running.store.readStream(clueStreamId(clueId!));
    expect(events.map((e) => e.type)).toEqual(['ClueRegistered', 'ClueTransferred', 'TransferAcknowledged']);
  }, 360_000);
});
