import { randomBytes } from 'node:crypto';
import { PgliteSqlClient, PostgresSqlClient, type SqlClient } from '@cluebus/eventstore';
import { createTestDatabase } from '../../../../../test/support/postgres-database';
import { PersonalDataVault, recordKey, type SealRequest } from './personal-data-vault';
import { commitmentOf, VaultCipher } from './vault-cipher';

const NHC = 'nhc:341300';
const SAMR = 'samr:341300';
const TOKEN = `idt1:${'a'.repeat(64)}`;
const zhang: SealRequest = { token: TOKEN, record: 'c1/subjects/1', values: { name: '张某', idNumber: '11010519491231002X' } };

async function dump(sql: SqlClient): Promise<string> {
  const keys = await sql.query(`SELECT * FROM cluebus_vault_keys ORDER BY token, owner`);
  const entries = await sql.query(`SELECT * FROM cluebus_vault_entries ORDER BY token, owner, record, field`);
  const text = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') + Buffer.from(v).toString('utf8') : String(v));
  return [...keys.rows, ...entries.rows].map((r) => Object.values(r).map(text).join('|')).join('\n');
}

describe.each([
  ['PGlite', async () => ({ sql: (await PgliteSqlClient.open()) as SqlClient, drop: async () => undefined })],
  [
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase('cluebus_vault');
      return { sql: new PostgresSqlClient({ connectionString: db.url, max: 2 }) as SqlClient, drop: db.drop };
    },
  ],
])('the personal-data vault on %s', (_name, open) => {
  let sql: SqlClient;
  let drop: () => Promise<void>;
  let vault: PersonalDataVault;
  const masterKey = randomBytes(32);

  beforeEach(async () => {
    ({ sql, drop } = await open());
    vault = new PersonalDataVault(sql, new VaultCipher(masterKey));
    await vault.onModuleInit();
  });
  afterEach(async () => {
    await sql.close();
    await drop();
  });

  it('given a person sealed, when the tables are read, then they hold ciphertext only; opened with the master key, the values and their salts match the commitments', async () => {
    const { sealed } = await vault.seal(NHC, [zhang]);
    expect(sealed[0]!.token).toBe(TOKEN);
    expect(sealed[0]!.commitments.name).toMatch(/^[0-9a-f]{64}$/);
    const tables = await dump(sql);
    expect(tables).not.toMatch(/张某|11010519491231002X/);
    const opened = await vault.open(NHC, [zhang]);
    expect(opened.get(recordKey(zhang))).toEqual({ name: '张某', idNumber: '11010519491231002X' });
    // The commitment is not the bare hash: a salt kept only in the vault goes in first.
    expect(sealed[0]!.commitments.name).not.toBe(commitmentOf(Buffer.alloc(0), '张某'));
  });

  it('given a request sealed, when it is sealed again (a retry), then the commitments are the same and nothing is added', async () => {
    const first = await vault.seal(NHC, [zhang]);
    const again = await vault.seal(NHC, [zhang]);
    expect(again.sealed).toEqual(first.sealed);
    expect((await sql.query(`SELECT count(*)::int AS n FROM cluebus_vault_entries`)).rows[0]).toEqual({ n: 2 });
  });

  it('given ten copies of one request sealing at once (one Idempotency-Key), when they finish, then all have the same commitments and one key and one entry per field are stored', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => vault.seal(NHC, [zhang])));
    for (const r of results) expect(r.sealed).toEqual(results[0]!.sealed);
    expect((await sql.query(`SELECT (SELECT count(*)::int FROM cluebus_vault_keys) AS keys, (SELECT max(generation)::int FROM cluebus_vault_keys) AS generation, (SELECT count(*)::int FROM cluebus_vault_entries) AS entries`)).rows[0]).toEqual({ keys: 1, generation: 1, entries: 2 });
  });

  it('given a seal undone (its command was refused), when the tables are read, then nothing of it is left', async () => {
    const { undo } = await vault.seal(NHC, [zhang]);
    await undo();
    expect((await sql.query(`SELECT (SELECT count(*)::int FROM cluebus_vault_keys) AS keys, (SELECT count(*)::int FROM cluebus_vault_entries) AS entries`)).rows[0]).toEqual({ keys: 0, entries: 0 });
  });

  it('given two departments holding the same person, when one shreds, then its data reads as erased and the other department\'s still opens; holdings show both with their key generation', async () => {
    await vault.seal(NHC, [zhang]);
    const samrRecord = { ...zhang, record: 'c2/subjects/0' };
    await vault.seal(SAMR, [samrRecord]);
    await vault.shred(TOKEN, NHC);
    await vault.shred(TOKEN, NHC); // idempotent
    expect((await vault.open(NHC, [zhang])).get(recordKey(zhang))).toBeNull();
    expect((await vault.open(SAMR, [samrRecord])).get(recordKey(samrRecord))).toEqual({ name: '张某', idNumber: '11010519491231002X' });
    expect(await vault.holdings(TOKEN)).toEqual([
      { owner: NHC, keyGeneration: 1 },
      { owner: SAMR, keyGeneration: 1 },
    ]);
    const { rows } = await sql.query(`SELECT owner, wrapped_key IS NULL AS shredded FROM cluebus_vault_keys ORDER BY owner`);
    expect(rows).toEqual([
      { owner: NHC, shredded: true },
      { owner: SAMR, shredded: false },
    ]);
  });

  it('given a person erased, when the same department seals them again (a later clue), then a new key generation opens the new record and the erased one stays unreadable', async () => {
    await vault.seal(NHC, [zhang]);
    await vault.shred(TOKEN, NHC);
    const later = { ...zhang, record: 'c3/subjects/0' };
    await vault.seal(NHC, [later]);
    expect(await vault.holdings(TOKEN)).toEqual([{ owner: NHC, keyGeneration: 2 }]);
    const opened = await vault.open(NHC, [zhang, later]);
    expect(opened.get(recordKey(zhang))).toBeNull();
    expect(opened.get(recordKey(later))).toEqual({ name: '张某', idNumber: '11010519491231002X' });
  });

  it('given another master key, when the vault is opened with it, then it cannot read the data', async () => {
    await vault.seal(NHC, [zhang]);
    const other = new PersonalDataVault(sql, new VaultCipher(randomBytes(32)));
    await expect(other.open(NHC, [zhang])).rejects.toThrow();
  });
});
