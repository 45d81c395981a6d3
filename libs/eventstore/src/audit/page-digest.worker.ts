import { parentPort } from 'node:worker_threads';
import type { HashAlgorithm } from '@cluebus/audit/event-hash';
import { digestLogPage, transferablesOf } from './page-digest';

/**
 * A verify worker (page-digest-pool.ts): digests the pages of the log it is sent, one message
 * each way per page — the page's text in, the digest's typed arrays transferred back.
 */
export interface DigestRequest {
  id: number;
  text: string;
  count: number;
  algorithm: HashAlgorithm;
}

export type DigestReply = { id: number; digest: ReturnType<typeof digestLogPage> } | { id: number; error: string } | { ready: true };

parentPort?.on('message', ({ id, text, count, algorithm }: DigestRequest) => {
  let reply: DigestReply;
  try {
    const digest = digestLogPage(text, count, algorithm);
    parentPort!.postMessage({ id, digest } satisfies DigestReply, transferablesOf(digest));
    return;
  } catch (error) {
    reply = { id, error: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});

// Loaded (under ts-node that takes a while): pages may be sent now.
parentPort?.postMessage({ ready: true } satisfies DigestReply);
