import type { NormalizedEvent } from '../events';
import { csvRow } from './csv';

/** Timeline Explorer reads the first row as headers and sorts on a time column; fields go last as one JSON cell. */
export const EVENT_CSV_HEADER = csvRow(['ts', 'id', 'source', 'kind', 'host', 'user', 'message', 'file', 'offset', 'record', 'fields']);

export function eventCsvRow(event: NormalizedEvent): string {
  return csvRow([
    event.ts ?? '',
    event.id,
    event.source,
    event.kind,
    event.host,
    event.user,
    event.message,
    event.origin.file,
    event.origin.offset,
    event.origin.record ?? event.origin.line ?? '',
    JSON.stringify(event.fields),
  ]);
}
