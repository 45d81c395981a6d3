/**
 * The secure broker's ACL table (deploy/kafka/kafka-security.ts) against the names the code
 * uses, and the copies of the table in deploy/kafka/README.md and ADR 0008. The runner keeps
 * its own list of names because it runs without the @cluebus path aliases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_TOPICS, Topics } from '@cluebus/bus';
import { DEPARTMENT_CODES } from '@cluebus/contracts';
import { groupIdOf } from '@cluebus/processors';
import { type AclRow, cluebusAcls, DEPARTMENT_PRINCIPALS, LEDGER_PRINCIPAL, toKafkajsAcls } from '../../../deploy/kafka/kafka-security';

const ROOT = join(__dirname, '../../..');
const group = (name: string) => groupIdOf({ kind: 'group', name } as Parameters<typeof groupIdOf>[0]);

/** The table as markdown, departments folded into `<code>` (their rows differ only by the code). */
function render(rows: AclRow[]): string[] {
  const dept = rows.filter((r) => r.principal === `User:${DEPARTMENT_PRINCIPALS[0]}`).map((r) => ({ ...r, principal: 'User:<code>', name: r.name.split(DEPARTMENT_PRINCIPALS[0]).join('<code>') }));
  const others = rows.filter((r) => !DEPARTMENT_PRINCIPALS.some((c) => r.principal === `User:${c}`));
  return [...dept, ...others].map((r) => `| \`${r.principal}\` | ${r.resource} | ${r.pattern} | \`${r.name}\` | ${r.operations.join(', ')} |`);
}

function tableIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const block = text.match(/<!-- acl-table:begin -->([\s\S]*?)<!-- acl-table:end -->/)?.[1] ?? '';
  return block.split('\n').filter((l) => l.startsWith('| `'));
}

describe('cluebus Kafka ACL table', () => {
  const rows = cluebusAcls();
  const allowed = (principal: string, op: string, topic: string) =>
    rows.some((r) => r.principal === `User:${principal}` && r.resource === 'TOPIC' && r.operations.includes(op as never) && (r.pattern === 'LITERAL' ? r.name === topic : topic.startsWith(r.name)));

  it('given the runner, when its principals and names are compared with the code, then they are the department codes, topics and consumer groups the services use', () => {
    expect([...DEPARTMENT_PRINCIPALS]).toEqual([...DEPARTMENT_CODES]);
    for (const code of DEPARTMENT_CODES) {
      expect(allowed(code, 'READ', Topics.department(code))).toBe(true);
      expect(rows).toContainEqual(expect.objectContaining({ principal: `User:${code}`, resource: 'GROUP', pattern: 'PREFIXED', name: group(`inbox-${code}`) }));
    }
    expect(allowed(LEDGER_PRINCIPAL, 'READ', Topics.allEvents)).toBe(true);
    expect(rows).toContainEqual(expect.objectContaining({ principal: 'User:ledger', resource: 'GROUP', name: group('ledger') }));
    expect(readFileSync(join(ROOT, 'libs/bus/src/kafka/dead-letter-admin.ts'), 'utf8')).toContain('`cluebus-dlq-reader-${');
    expect(rows).toContainEqual(expect.objectContaining({ principal: 'User:ledger', resource: 'GROUP', name: 'cluebus-dlq-reader-', operations: ['READ', 'DELETE'] }));
  });

  it('given every contract topic, when the table is read, then every principal may describe it, the relay principal writes it, and a department writes only the dead-letter topic', () => {
    for (const topic of CONTRACT_TOPICS) {
      for (const p of [LEDGER_PRINCIPAL, ...DEPARTMENT_CODES]) expect({ p, topic, describe: allowed(p, 'DESCRIBE', topic) }).toEqual({ p, topic, describe: true });
      expect({ topic, relayWrites: allowed(LEDGER_PRINCIPAL, 'WRITE', topic) }).toEqual({ topic, relayWrites: true });
      for (const code of DEPARTMENT_CODES) expect({ code, topic, writes: allowed(code, 'WRITE', topic) }).toEqual({ code, topic, writes: topic === Topics.deadLetter });
      for (const code of DEPARTMENT_CODES) expect({ code, topic, reads: allowed(code, 'READ', topic) }).toEqual({ code, topic, reads: topic === Topics.department(code) });
    }
    expect(rows.filter((r) => r.operations.includes('CREATE')).map((r) => r.principal)).toEqual(['User:ledger']);
  });

  it('given a namespace or a relay department, when the table is made, then names get the prefix and only that department gains WRITE on every topic', () => {
    const namespaced = cluebusAcls('prod');
    expect(namespaced.filter((r) => r.resource !== 'CLUSTER').every((r) => r.name.startsWith('prod.'))).toBe(true);
    const relayNhc = cluebusAcls('', ['nhc']);
    expect(relayNhc.find((r) => r.principal === 'User:nhc' && r.name === 'cluebus.')?.operations).toEqual(['DESCRIBE', 'WRITE']);
    expect(relayNhc.find((r) => r.principal === 'User:samr' && r.name === 'cluebus.')?.operations).toEqual(['DESCRIBE']);
    expect(toKafkajsAcls(rows)).toHaveLength(rows.reduce((n, r) => n + r.operations.length, 0));
  });

  it.each(['deploy/kafka/README.md', 'docs/adr/0008-kafka-transport-security-and-retention.md'])('given %s, when its ACL table is read, then it is the table the broker gets', (file) => {
    expect(tableIn(file)).toEqual(render(rows));
  });
});
