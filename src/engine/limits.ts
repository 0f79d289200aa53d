/**
 * Hard limits against hostile input. Each is a named constant so tests and docs can refer to it; `positiveLimit`
 * keeps 0, NaN or a negative override from switching a limit off.
 */

/** Bytes read per Blob slice: large enough to amortize the read, small enough to keep memory flat. */
export const READ_SLICE_BYTES = 4 * 1024 * 1024;

/** A text line longer than this is cut (the rest is reported, not kept), so one giant line cannot exhaust memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** A single XML event larger than this is skipped with an error (real Sysmon events are a few KiB). */
export const MAX_XML_EVENT_BYTES = 8 * 1024 * 1024;

/** Events handed downstream per batch: big enough to amortize messaging, small enough for smooth progress. */
export const EVENTS_PER_BATCH = 2000;

/** Nesting depth at which structured parsers (XML, JSON, BinXML) stop descending. */
export const MAX_NESTING_DEPTH = 64;

/**
 * Issues listed per file. Past it only a count is kept: a hostile file can hold a broken record every few bytes, and
 * millions of issue objects would exhaust memory without telling the analyst more than the first thousand do.
 */
export const MAX_LISTED_ISSUES = 1000;

/** Bytes of a file's head given to `sniff`. */
export const SNIFF_BYTES = 4096;

export function positiveLimit(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
