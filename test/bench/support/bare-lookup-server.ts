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
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
const key = process.env.CLUEBUS_ID_TOKEN_KEY ?? '';
const logged = process.env.BARE_ACCESS_LOG === 'true';
const tokenOf = (idNumber: string) => `idt1:${createHmac('sha256', key).update(idNumber.toUpperCase()).digest('hex')}`;

async function lookup(query: URLSearchParams): Promise<unknown[]> {
  const uscc = query.get('uscc');
  const idNumber = query.get('idNumber');
  const asOf = query.get('asOf') ?? new Date().toISOString().slice(0, 10);
  const [column, value] = uscc ? ['uscc', uscc] : ['id_token', tokenOf(idNumber ?? '')];
  if (logged) {
    await pool.query(`INSERT INTO cluebus_access_log (role, actor, key_fingerprint, method, route, target) VALUES ('auditor', 'bench-auditor', 'bare', 'GET', '/v1/blacklist', $1::jsonb)`, [
      JSON.stringify(uscc ? { uscc, asOf } : { idNumberToken: value, asOf }),
    ]);
  }
  const { rows } = await pool.query(
    `SELECT * FROM cluebus_blacklist_sanctions WHERE ${column} = $1 AND starts_on <= $2 AND (ends_on IS NULL OR ends_on >= $2) AND (ended_on IS NULL OR ended_on > $2)`,
    [value, asOf],
  );
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
