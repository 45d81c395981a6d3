import { createHmac } from 'node:crypto';

/**
 * Personal ID numbers (居民身份证号) never enter an event: they become a keyed hash, stable
 * for the same number (so subjects can be matched across clues) and useless without the key.
 */
export class IdTokenizer {
  constructor(private readonly key: string) {}

  tokenize(idNumber: string): string {
    return `idt1:${createHmac('sha256', this.key).update(idNumber.toUpperCase()).digest('hex')}`;
  }
}
