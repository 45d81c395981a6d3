import { SingleBar, Presets } from 'cli-progress';

/** What long work reports to; a no-op when nobody watches. */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

const NONE: Progress = { start: () => undefined, update: () => undefined, stop: () => undefined };

/**
 * A bar on stderr, and only when stderr is a terminal: stdout stays the command's result (a
 * script pipes it), and a log file or CI never fills with redraws.
 */
export function progressOn(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NONE;
  let bar: SingleBar | undefined;
  return {
    start(total, label) {
      bar = new SingleBar({ stream, format: `${label} [{bar}] {percentage}% | {value}/{total}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
      bar.start(Math.max(total, 1), 0);
    },
    update: (done) => bar?.update(done),
    stop: () => bar?.stop(),
  };
}
