/**
 * The floor under any blacklist lookup served over HTTP on this machine (blacklist bench):
 * a bare node:http server with no framework, answering `GET /v1/blacklist?uscc=|idNumber=&asOf=`
 * with the bench's raw indexed SELECT through a `pg` pool, as JSON. With `BARE_ACCESS_LOG=true`
 * it also commits one cluebus_access_log row per lookup before it reads, as issue #13 requires of
 * every auditor query (one autocommit INSERT each, the naive way: no grouping).
 *
 * No authentication, no validation, no problem details, no outcome line: what is left is what
 * the HTTP hop, the query and (optionally) the log's commit cost, so the service's rows in the
 * same run can be read against it. Started by the bench through ServiceProcess (it answers
 * /health), under ts-node.
 */
import * as http from 'node:http';
import { Pool } from 'pg';
import { IdTokenizer } from '../../../libs/service/src/identity/id-tokenizer';
import { rawLookupSql } from './blacklist-raw-lookup';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
const tokenizer = new IdTokenizer(process.env.CLUEBUS_ID_TOKEN_KEY ?? '');
const logged = process.env.BARE_ACCESS_LOG === 'true';

async function lookup(query: URLSearchParams): Promise<unknown[]> {
  const uscc = query.get('uscc');
  const idNumber = query.get('idNumber');
  const asOf = query.get('asOf') ?? new Date().toISOString().slice(0, 10);
  const [column, value] = uscc ? (['uscc', uscc] as const) : (['id_token', tokenizer.tokenize(idNumber ?? '')] as const);
  if (logged) {
    await pool.query(`INSERT INTO cluebus_access_log (role, actor, key_fingerprint, method, route, target) VALUES ('auditor', 'bench-auditor', 'bare', 'GET', '/v1/blacklist', $1::jsonb)`, [
      JSON.stringify(uscc ? { uscc, asOf } : { idNumberToken: value, asOf }),
    ]);
  }
  const { rows } = await pool.query(rawLookupSql(column), [value, asOf]);
  return rows;
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://bare');
  if (url.pathname === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  if (url.pathname !== '/v1/blacklist') return void res.writeHead(404).end();
  lookup(url.searchParams).then(
    (listings) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ listings })),
    (error: unknown) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) })),
  );
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
