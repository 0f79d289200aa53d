import type { EventKind, EventSource } from '../../engine/events';
import type { EventRow } from './protocol';

/**
 * Event rows cross from the worker packed: one string per batch plus two typed arrays (transferred). Cloning one
 * string is a copy, while cloning 100,000 small objects costs the main thread hundreds of milliseconds; the page
 * then decodes only the rows it shows. Fields are split by the ASCII unit separator, rows by the record separator,
 * characters that do not occur in log text worth keeping (they are replaced by a space when they do).
 */
export const FIELD_SEPARATOR = '\u001f';
export const ROW_SEPARATOR = '\u001e';
const SEPARATORS = /[\u001e\u001f]/g;

export interface PackedRows {
  /** Rows in arrival order: id, ts, host, user, kind, source, message, file, offset. */
  text: string;
  /** Start of each row in `text`; one extra entry holds the end (text length + 1, past a virtual separator). */
  starts: Uint32Array;
  /** Epoch ms per row, NaN without a time: the histogram reads these without decoding rows. */
  times: Float64Array;
}

function clean(value: string): string {
  return value.replace(SEPARATORS, ' ');
}

export function packRows(rows: readonly EventRow[]): PackedRows {
  const parts: string[] = [];
  const starts = new Uint32Array(rows.length + 1);
  const times = new Float64Array(rows.length);
  let at = 0;
  rows.forEach((row, index) => {
    const text = [row.id, row.ts ?? '', row.host, row.user, row.kind, row.source, row.message, row.file, String(row.offset)]
      .map(clean)
      .join(FIELD_SEPARATOR);
    starts[index] = at;
    at += text.length + 1;
    times[index] = row.t;
    parts.push(text);
  });
  starts[rows.length] = at;
  return { text: parts.join(ROW_SEPARATOR), starts, times };
}

export function unpackRow(packed: PackedRows, index: number): EventRow | undefined {
  if (index < 0 || index >= packed.times.length) return undefined;
  const fields = packed.text.slice(packed.starts[index], packed.starts[index + 1] - 1).split(FIELD_SEPARATOR);
  return {
    id: fields[0],
    ts: fields[1] || null,
    t: packed.times[index],
    host: fields[2] ?? '',
    user: fields[3] ?? '',
    kind: (fields[4] ?? 'log') as EventKind,
    source: (fields[5] ?? 'text') as EventSource,
    message: fields[6] ?? '',
    file: fields[7] ?? '',
    offset: Number(fields[8] ?? 0),
  };
}

/** The row of `packed` holding character `position` (binary search over the starts). */
export function rowAtPosition(packed: PackedRows, position: number): number {
  let low = 0;
  let high = packed.times.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (packed.starts[middle] <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}
