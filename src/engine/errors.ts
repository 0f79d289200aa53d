/**
 * Input errors are data problems in attacker-controlled files, kept apart from bugs in our code.
 * They cross worker boundaries as plain objects (`ParseIssue`); `InputError` is the throwable form inside a parser.
 */

export type IssueSeverity = 'error' | 'warning';

export interface ParseIssue {
  file: string;
  /** Byte offset where the problem was found. */
  offset: number;
  reason: string;
  /** The on-disk structure being read (`chunk header`, `BinXML token`, `line`), when known. */
  structure?: string;
  /** `warning`: the record was still read (a bad CRC, say); `error`: something was skipped. */
  severity: IssueSeverity;
}

export class InputError extends Error {
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
  readonly structure?: string;

  constructor(file: string, offset: number, reason: string, structure?: string) {
    super(`${file} @${offset}: ${structure ? structure + ': ' : ''}${reason}`);
    this.name = 'InputError';
    this.file = file;
    this.offset = offset;
    this.reason = reason;
    this.structure = structure;
  }

  toIssue(severity: IssueSeverity = 'error'): ParseIssue {
    const issue: ParseIssue = { file: this.file, offset: this.offset, reason: this.reason, severity };
    if (this.structure) issue.structure = this.structure;
    return issue;
  }
}

/**
 * Turns anything a parser threw into an issue. An untyped error is still a bug of ours, but the analyst keeps
 * every record read before it, and the reason says it was internal.
 */
export function issueFromThrown(thrown: unknown, file: string, offset: number): ParseIssue {
  if (thrown instanceof InputError) return thrown.toIssue();
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { file, offset, reason: `internal parser error: ${message}`, severity: 'error' };
}
