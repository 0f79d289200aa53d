import type { EventFields, EventKind, EventOrigin, EventSource, FieldValue, NormalizedEvent } from '../events';

/**
 * Normalized events packed for the trip from a pool thread back to the thread that consumes them. Structured clone
 * rebuilds every object, string and property key one by one on the receiving side (~4 us per event of ~30 fields,
 * a third of what decoding the event cost), and the receiving thread is the one the pool's speed is bound by.
 * Packed, each field name (and host, user, kind...) crosses once per job and is made a property key once, the
 * structure crosses as typed arrays moved without a copy, and the receiver only creates the objects: about 2.5 us
 * per event here, 3 us of packing there. Field values cross as they are: looking each up to send it once cost the
 * packing thread more than it saved the receiver.
 */

export interface PackedEvents {
  count: number;
  /** Every text and scalar the events hold, names and the event's host, user, kind, source and file once each. */
  values: FieldValue[];
  /** Per event: id, ts, source, kind, host, user, message, origin file, field count, then (name, value) pairs. */
  refs: Uint32Array<ArrayBuffer>;
  /** Per event: origin offset, record and line (NaN when absent). */
  numbers: Float64Array<ArrayBuffer>;
}

const FIXED_REFS = 9;
const NUMBERS_PER_EVENT = 3;

class RefWriter {
  refs = new Uint32Array(1024);
  length = 0;

  push(ref: number): void {
    if (this.length === this.refs.length) {
      const grown = new Uint32Array(this.refs.length * 2);
      grown.set(this.refs);
      this.refs = grown;
    }
    this.refs[this.length++] = ref;
  }
}

export function packEvents(events: readonly NormalizedEvent[]): PackedEvents {
  const values: FieldValue[] = [];
  const refs = new Map<string, number>();
  /** A name or an event's host, user, kind...: a few distinct values per job, each sent once. */
  const shared = (value: string): number => {
    let ref = refs.get(value);
    if (ref === undefined) {
      ref = values.push(value) - 1;
      refs.set(value, ref);
    }
    return ref;
  };
  const unique = (value: FieldValue): number => values.push(value) - 1;
  const writer = new RefWriter();
  const numbers = new Float64Array(events.length * NUMBERS_PER_EVENT);
  for (let e = 0; e < events.length; e++) {
    const event = events[e];
    writer.push(unique(event.id));
    writer.push(unique(event.ts));
    writer.push(shared(event.source));
    writer.push(shared(event.kind));
    writer.push(shared(event.host));
    writer.push(shared(event.user));
    writer.push(unique(event.message));
    writer.push(shared(event.origin.file));
    const fields = event.fields;
    // Object.keys rather than for-in: own names only, and about a third cheaper on objects this large.
    const names = Object.keys(fields);
    writer.push(names.length);
    for (let i = 0; i < names.length; i++) {
      writer.push(shared(names[i]));
      writer.push(unique(fields[names[i]]));
    }
    const origin = event.origin;
    numbers[e * NUMBERS_PER_EVENT] = origin.offset;
    numbers[e * NUMBERS_PER_EVENT + 1] = origin.record ?? NaN;
    numbers[e * NUMBERS_PER_EVENT + 2] = origin.line ?? NaN;
  }
  return { count: events.length, values, refs: writer.refs.slice(0, writer.length), numbers };
}

/** The buffers to move rather than copy when posting `packed`. */
export function packedBuffers(packed: PackedEvents): ArrayBuffer[] {
  return [packed.refs.buffer, packed.numbers.buffer];
}

/** The events as they were packed: same values, same property order. */
export function unpackEvents(packed: PackedEvents): NormalizedEvent[] {
  const { values, refs, numbers } = packed;
  const events = new Array<NormalizedEvent>(packed.count);
  let r = 0;
  for (let e = 0; e < packed.count; e++) {
    if (r + FIXED_REFS > refs.length) throw new Error(`packed events end inside event ${e} of ${packed.count}`);
    const id = values[refs[r]] as string;
    const ts = values[refs[r + 1]] as string | null;
    const source = values[refs[r + 2]] as EventSource;
    const kind = values[refs[r + 3]] as EventKind;
    const host = values[refs[r + 4]] as string;
    const user = values[refs[r + 5]] as string;
    const message = values[refs[r + 6]] as string;
    const file = values[refs[r + 7]] as string;
    const fieldCount = refs[r + 8];
    r += FIXED_REFS;
    if (r + fieldCount * 2 > refs.length) throw new Error(`packed events end inside the fields of event ${e}`);
    const fields: EventFields = {};
    for (let f = 0; f < fieldCount; f++, r += 2) {
      const name = values[refs[r]] as string;
      // Plain assignment would take `__proto__` as the prototype; the packed object had it as an own field.
      if (name === '__proto__') Object.defineProperty(fields, name, { value: values[refs[r + 1]], enumerable: true, writable: true, configurable: true });
      else fields[name] = values[refs[r + 1]];
    }
    const origin: EventOrigin = { file, offset: numbers[e * NUMBERS_PER_EVENT] };
    const record = numbers[e * NUMBERS_PER_EVENT + 1];
    const line = numbers[e * NUMBERS_PER_EVENT + 2];
    if (!Number.isNaN(record)) origin.record = record;
    if (!Number.isNaN(line)) origin.line = line;
    events[e] = { id, ts, source, kind, host, user, message, fields, origin };
  }
  return events;
}
