import type { ParseIssue } from '../errors';
import type { NormalizedEvent } from '../events';
import { MAX_LISTED_ISSUES } from '../limits';
import type { ParseBatch } from './types';

/**
 * Lists at most MAX_LISTED_ISSUES issues of a file, batch by batch (a hostile file can hold a problem every few
 * bytes), and with the last batch one issue counting those not listed.
 */
export class IssueCap {
  private listed = 0;
  private unlisted = 0;

  constructor(private readonly file: string) {}

  /** The issues of one batch that may still be listed; `last` adds the count of the others, if any. */
  take(issues: ParseIssue[], last: boolean): ParseIssue[] {
    const room = Math.max(0, MAX_LISTED_ISSUES - this.listed);
    const kept = issues.length > room ? issues.slice(0, room) : issues;
    this.listed += kept.length;
    this.unlisted += issues.length - kept.length;
    if (last && this.unlisted > 0) {
      kept.push({ file: this.file, offset: 0, reason: `${this.unlisted} more problems not listed (only the first ${MAX_LISTED_ISSUES} are)`, severity: 'error' });
    }
    return kept;
  }
}

/** The events and issues of the batch a parser is building; `take` hands them over, issues capped, and starts anew. */
export class PendingBatch {
  events: NormalizedEvent[] = [];
  issues: ParseIssue[] = [];
  private readonly cap: IssueCap;

  constructor(file: string) {
    this.cap = new IssueCap(file);
  }

  take(bytesDone: number, last = false): ParseBatch {
    const batch = { events: this.events, issues: this.cap.take(this.issues, last), bytesDone };
    this.events = [];
    this.issues = [];
    return batch;
  }
}
