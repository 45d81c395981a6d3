import { keyIdOf, verifyCheckpointSignature } from '@cluebus/audit';
import { checkpointLog } from '@cluebus/eventstore/audit';
import { type CliArgs, onlyFlags, UsageError } from './cli-args';
import { FailureFound } from './exit-codes';
import type { Output } from './output';
import { openStore, trustedKeys } from './store-access';

export const CHECKPOINT_USAGE = `cluebus checkpoint show [--json]

  The newest signed checkpoint (tree size, root hash, key id, signed at) read from the store,
  and whether its signature holds under the trusted keys. Exit 1 when there is none or it does not verify.`;

export async function runCheckpointCommand(args: CliArgs, env: NodeJS.ProcessEnv, io: Output): Promise<void> {
  if (args.words[1] !== 'show' || args.words.length > 2) throw new UsageError(`unknown checkpoint command "${args.words.slice(1).join(' ')}"\n\n${CHECKPOINT_USAGE}`);
  onlyFlags(args, ['json']);
  const store = await openStore(env);
  try {
    const cp = await checkpointLog.latest(store.sql);
    if (!cp) throw new FailureFound('no checkpoint has been signed yet');
    const { keys, source } = await trustedKeys(env, store);
    const key = keys.get(cp.keyId);
    const signatureValid = key !== undefined && keyIdOf(key) === cp.keyId && verifyCheckpointSignature(cp, key);
    if (args.flags.json) io.out(JSON.stringify({ ...cp, signatureValid, keySource: source }, null, 2));
    else {
      io.out(`tree size   ${cp.treeSize}`);
      io.out(`root hash   ${cp.rootHash} (${cp.algorithm})`);
      io.out(`issued at   ${cp.issuedAt}`);
      io.out(`key id      ${cp.keyId}`);
      io.out(`signature   ${signatureValid ? 'valid' : 'NOT VALID'} (keys: ${source})`);
    }
    if (!signatureValid) throw new FailureFound(`the signature of checkpoint ${cp.treeSize} does not verify under the trusted keys`);
  } finally {
    await store.close();
  }
}
