import type { Response } from 'express';

/**
 * A response body already serialised as JSON. A large read that is mostly stored JSON (a case
 * timeline: ~10 MB for 10,000 events) is written as text instead of parsed into objects only for
 * Express to serialise them again; `T` is the shape the text has (its OpenAPI type).
 */
export class JsonText<T = unknown> {
  declare readonly shape?: T;
  constructor(readonly text: string) {}

  static of<T>(value: T): JsonText<T> {
    return new JsonText<T>(JSON.stringify(value));
  }

  /** For a handler with `@Res({ passthrough: true })`: returns the text for Nest to send, as JSON. */
  sendAs(res: Response): string {
    res.type('application/json');
    return this.text;
  }
}
