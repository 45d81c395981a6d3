import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@cluebus/eventstore';
import { CluebusRuntime } from '@cluebus/service/runtime/cluebus-runtime';

/**
 * Waits until the app's processors have nothing left to do: the log's head has not moved between
 * two looks `intervalMs` apart, every processor that reports a log position is at it, and none
 * reports a bus lag. Benchmarks time reads only then — processors catching up on seeded data
 * would share the cores with what is measured. Fails, naming the laggards, after `timeoutMs`.
 */
export async function waitForQuietRuntime(app: INestApplication, store: EventStore, timeoutMs = 120_000, intervalMs = 500): Promise<void> {
  const runtime = app.get(CluebusRuntime);
  const deadline = Date.now() + timeoutMs;
  let head = -1;
  for (;;) {
    const now = await store.headPosition();
    const behind = runtime.status().filter((s) => {
      const position = (s.detail as { position?: unknown } | undefined)?.position;
      return (typeof position === 'number' && position !== now) || (s.lag ?? 0) > 0;
    });
    if (now === head && behind.length === 0) return;
    if (Date.now() > deadline) throw new Error(`processors not quiet after ${timeoutMs} ms: head ${now}; behind: ${behind.map((s) => `${s.name}@${JSON.stringify(s.detail?.position ?? s.lag)}`).join(', ')}`);
    head = now;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
