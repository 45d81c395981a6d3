import type { Decider } from '../decider';
import { deepFreeze } from '../deep-freeze';

export { deepFreeze };
export type { Decider };

/**
 * Given / when / then for deciders, after Emmett's DeciderSpecification:
 *
 *   const given = DeciderSpecification.for(decider);
 *   given([registered]).when(command, context).then([expectedEvent]);
 *   given([registered]).when(command, context).thenThrows('CLUE_NOT_FOUND', { kind: 'not-found' });
 *
 * Framework-free (no jest globals) so it builds with the library. States are deeply
 * frozen before decide and evolve see them, so any mutation throws (modules run in strict mode).
 */
export interface ExpectedError {
  field?: string;
  kind?: string;
  /** Substring or pattern the message must contain. */
  message?: string | RegExp;
}

interface CodedError extends Error {
  code?: string;
  field?: string;
  kind?: string;
}

export interface Outcome<Event> {
  /** The events decide returns (a refusal propagates). */
  result(): Event[];
  /** Asserts exactly these events (deep, strict: undefined-valued keys count). */
  then(expected: readonly Event[]): Event[];
  /** Asserts a refusal with this code (and field/kind/message when given); returns the error. */
  thenThrows(code: string, expected?: ExpectedError): CodedError;
}

export const DeciderSpecification = {
  for<Command, Event, State, Context>(decider: Decider<Command, Event, State, Context>) {
    return (given: readonly Event[] = []) => ({
      when(command: Command, context: Context): Outcome<Event> {
        const run = (): Event[] => {
          let state = deepFreeze(decider.initialState());
          for (const e of given) state = deepFreeze(decider.evolve(state, deepFreeze(structuredClone(e))));
          return decider.decide(deepFreeze(structuredClone(command)), state, context);
        };
        return {
          result: run,
          then(expected) {
            const actual = run();
            if (!deepEqual(actual, expected)) {
              throw new Error(`expected events:\n${show(expected)}\nbut decide returned:\n${show(actual)}`);
            }
            return actual;
          },
          thenThrows(code, expected = {}) {
            let actual: Event[];
            try {
              actual = run();
            } catch (e) {
              const err = e as CodedError;
              const problems: string[] = [];
              if (err?.code !== code) problems.push(`code ${String(err?.code)} (expected ${code})`);
              if ('field' in expected && err.field !== expected.field) problems.push(`field ${String(err.field)} (expected ${String(expected.field)})`);
              if (expected.kind !== undefined && err.kind !== expected.kind) problems.push(`kind ${String(err.kind)} (expected ${expected.kind})`);
              const m = expected.message;
              if (m !== undefined && !(typeof m === 'string' ? err.message.includes(m) : m.test(err.message))) {
                problems.push(`message ${JSON.stringify(err.message)} (expected ${String(m)})`);
              }
              if (problems.length > 0) throw new Error(`wrong refusal: ${problems.join(', ')}; got ${err?.name}: ${err?.message}`);
              return err;
            }
            throw new Error(`expected refusal ${code} but decide returned:\n${show(actual)}`);
          },
        };
      },
    });
  },
};

/** Strict structural equality of JSON-like values; a key with value undefined differs from a missing key. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x === undefined ? '<undefined>' : x), 2);
}
