import { createHmac } from 'node:crypto';

/**
 * Personal ID numbers (居民身份证号) never enter an event: they become a keyed hash, stable
 * for the same number (so subjects can be matched across clues) and useless without the key.
 * The same key names the vault's other records (docs/adr/0010): a person without an ID number
 * by their place in the clue, a reporter by the clue — deterministic, so a retried request
 * derives the same tokens. Each kind hashes under its own label, so no two kinds collide.
 */
export class IdTokenizer {
  constructor(private readonly key: string) {}

  tokenize(idNumber: string): string {
    return `idt1:${this.hmac(idNumber.toUpperCase())}`;
  }

  /** A subject (person, official) registered without an ID number. */
  subjectToken(clueId: string, index: number): string {
    return `pdt1:${this.hmac(`subject:${clueId}/${index}`)}`;
  }

  /** The reporter (举报人) of a clue. */
  reporterToken(clueId: string): string {
    return `rpt1:${this.hmac(`reporter:${clueId}`)}`;
  }

  private hmac(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('hex');
  }
}
