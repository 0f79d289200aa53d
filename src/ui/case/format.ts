/** Text forms of case values. Times stay UTC ISO with their full source precision: evidence must not be rounded. */
import { defangText } from '../../engine/ioc';

/** `2019-03-19T23:34:25.4564240Z` -> `2019-03-19 23:34:25.4564240Z`; absent times say so. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return 'no time';
  return iso.replace('T', ' ');
}

/** A range of two times, collapsed when both ends are the same instant. */
export function formatTimeRange(first: string | null | undefined, last: string | null | undefined): string {
  if (first && last && first !== last) return `${formatTime(first)} – ${formatTime(last)}`;
  return formatTime(first ?? last);
}

/** Signed score contribution with a real minus sign, so `+0` never appears and negatives read clearly. */
export function formatWeight(weight: number): string {
  if (!Number.isFinite(weight)) return '?';
  if (weight > 0) return `+${weight}`;
  if (weight < 0) return `\u2212${-weight}`;
  return '0';
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Free text from the case (conclusions, reasons, event fields) may quote indicators verbatim: they are defanged
 * before display so no live URL, address or mail address is ever shown ready to click or paste.
 */
export const displayText = defangText;

/** Characters of one value shown in the drawer; a 1 MiB command line must not become a 1 MiB DOM node. */
export const DISPLAY_MAX_VALUE_CHARS = 16 * 1024;

/** A value as the drawer shows it: defanged, cut at `DISPLAY_MAX_VALUE_CHARS` with the cut counted. */
export function clipForDisplay(value: string): { text: string; omitted: number } {
  if (value.length <= DISPLAY_MAX_VALUE_CHARS) return { text: displayText(value), omitted: 0 };
  return { text: displayText(value.slice(0, DISPLAY_MAX_VALUE_CHARS)), omitted: value.length - DISPLAY_MAX_VALUE_CHARS };
}

/**
 * One formatter for every count on the page: `toLocaleString('en')` builds a new Intl.NumberFormat per call, which
 * a CDP profile showed costing 50 ms of a task that refreshes the event count while a large file streams in.
 */
const COUNT_FORMAT = new Intl.NumberFormat('en');

/** `241500` -> `241,500`. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}
