/** Where a command writes its result (stdout); diagnostics and progress go to stderr. */
export interface Output {
  out(line: string): void;
  /** Raw bytes of a result (an export to stdout). */
  write(bytes: Buffer | string): void;
  /** Colours only on a terminal: a pipe or a file gets plain text. */
  color: boolean;
}
