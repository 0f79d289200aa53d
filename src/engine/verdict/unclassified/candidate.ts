import type { UnclassifiedSeverity } from '../../case';

/** One occurrence a heuristic found; occurrences with the same `group` become one unclassified item. */
export interface Candidate {
  /** Heuristic name and what repeats of it share (`office-child:winword.exe:c:\users\...\a.exe`). */
  group: string;
  severity: UnclassifiedSeverity;
  /** The item's one-sentence reason, given how many events it covers. */
  reason: (count: number) => string;
  eventId: string;
  /** Indicator keys `type:value` involved. */
  indicators?: string[];
}

export function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

/** Characters of a path or value quoted in a reason: Windows' classic MAX_PATH, enough for any real path. */
export const MAX_QUOTED_CHARS = 260;

/** A value as quoted in a reason, cut at `MAX_QUOTED_CHARS` so a hostile field cannot bloat the case. */
export function quoted(value: string): string {
  return value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value;
}
