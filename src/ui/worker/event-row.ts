import type { NormalizedEvent } from '../../engine/events';
import type { EventRow } from '../bridge/protocol';

/** The timeline's view of an event; `t` is parsed once here, in the worker, never on the main thread. */
export function toEventRow(event: NormalizedEvent): EventRow {
  return {
    id: event.id,
    ts: event.ts,
    t: event.ts === null ? NaN : Date.parse(event.ts),
    host: event.host,
    user: event.user,
    kind: event.kind,
    source: event.source,
    message: event.message,
    file: event.origin.file,
    offset: event.origin.offset,
  };
}
