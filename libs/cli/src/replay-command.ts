import { type CliArgs, onlyFlags, stringFlag, UsageError } from './cli-args';
import { FailureFound } from './exit-codes';
import type { Output } from './output';
import { checkCaseProofs } from './case-proofs';
import { pinnedKeys } from './store-access';
import { formatTimeline, type TimelineEvent } from './timeline-format';

export const REPLAY_USAGE = `cluebus replay clue <id> [--as-of <ISO instant>] [--json]
cluebus replay case <id> [--as-of <ISO instant>] [--proof] [--json]

  A readable timeline through the HTTP API, so the read is recorded in the access log like every
  investigator read: clue → GET /v1/clues/:id/history, case → GET /v1/cases/:id/timeline.
  --url <base>   default $CLUEBUS_URL (e.g. http://localhost:3000)
  key            $CLUEBUS_API_KEY (sent as Authorization: Bearer; never on the command line)
  --actor <who>  default $CLUEBUS_ACTOR: the person reading, recorded in the access log (X-Actor)
  --proof        case: each event with its inclusion proof against the newest checkpoint, each
                 checked here (independent verifier) under a pinned key (CLUEBUS_TRUSTED_KEYS or
                 CLUEBUS_SIGNING_KEY); exit 1 when one does not hold
  --json         the API's answer as it came`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runReplayCommand(args: CliArgs, env: NodeJS.ProcessEnv, io: Output): Promise<void> {
  const [, kind, id, ...rest] = args.words;
  if ((kind !== 'clue' && kind !== 'case') || !id || rest.length > 0) throw new UsageError(`usage:\n${REPLAY_USAGE}`);
  onlyFlags(args, kind === 'case' ? ['as-of', 'json', 'url', 'actor', 'proof'] : ['as-of', 'json', 'url', 'actor']);
  if (!UUID.test(id)) throw new UsageError(`the ${kind} id must be a UUID, got "${id}"`);
  const asOf = stringFlag(args, 'as-of');
  if (asOf !== undefined && Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of must be an ISO-8601 instant, got "${asOf}"`);
  const base = stringFlag(args, 'url') ?? env.CLUEBUS_URL;
  if (!base) throw new UsageError('no service: pass --url http://host:port or set CLUEBUS_URL');
  const key = env.CLUEBUS_API_KEY;
  if (!key) throw new UsageError('no API key: set CLUEBUS_API_KEY (an investigator key reads any clue or case)');
  const url = new URL(kind === 'clue' ? `/v1/clues/${id}/history` : `/v1/cases/${id}/timeline`, base);
  if (asOf) url.searchParams.set('asOf', asOf);
  const keys = args.flags.proof ? pinnedKeys(env) : undefined;
  if (keys && keys.size === 0) throw new UsageError('--proof checks each proof under a pinned key: set CLUEBUS_TRUSTED_KEYS (the checkpointer\'s public key)');
  if (args.flags.proof) url.searchParams.set('proof', 'true');
  const actor = stringFlag(args, 'actor') ?? env.CLUEBUS_ACTOR;
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: 'application/json' };
  if (actor) headers['x-actor'] = encodeURIComponent(actor); // as the SDK sends it: a header is Latin-1, names are not
  const response = await fetch(url, { headers });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    // RFC 9457 problem: title, detail, and the field when the input was at fault.
    const field = typeof body.field === 'string' ? ` (field ${body.field})` : '';
    throw new FailureFound(`${response.status} ${String(body.title ?? response.statusText)}: ${String(body.detail ?? '')}${field}`);
  }
  const events = (Array.isArray(body.events) ? body.events : []) as TimelineEvent[];
  const proofs = keys && body.checkpoint ? checkCaseProofs(events as never, body.checkpoint as never, keys) : undefined;
  if (args.flags.json) io.out(JSON.stringify(proofs ? { ...body, proofCheck: proofs } : body, null, 2));
  else {
    const title = `${kind} ${id}${asOf ? ` as of ${asOf}` : ''}`;
    for (const line of formatTimeline(title, events, io.color)) io.out(line);
    if (proofs) io.out(`${proofs.checked} proof(s) checked here, ${proofs.failures.length} failed`);
  }
  if (proofs?.failures.length) throw new FailureFound(`proof of position ${proofs.failures[0].position} does not hold: ${proofs.failures[0].reason}`);
}
