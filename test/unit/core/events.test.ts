import { describe, expect, it } from 'vitest';
import { compareEvents, eventId, fieldText, type NormalizedEvent } from '../../../src/engine/events';

const event = (id: string, ts: string | null, fields: NormalizedEvent['fields'] = {}): NormalizedEvent => ({
  id, ts, source: 'evtx', kind: 'log', host: '', user: '', message: '', fields, origin: { file: 'a.evtx', offset: 0 },
});

describe('normalized event helpers', () => {
  it('builds ids from the file index and byte offset', () => {
    expect(eventId(2, 4096)).toBe('2:4096');
  });

  it('orders by time at full precision, untimed first, then by id', () => {
    const events = [
      event('0:3', '2024-01-01T00:00:00.0000002Z'),
      event('0:1', '2024-01-01T00:00:00.0000001Z'),
      event('0:9', null),
      event('0:2', '2024-01-01T00:00:00.0000001Z'),
    ];
    expect(events.sort(compareEvents).map((e) => e.id)).toEqual(['0:9', '0:1', '0:2', '0:3']);
  });

  it('reads fields as text', () => {
    const e = event('0:0', null, { EventID: 4624, Flag: false, Empty: null, Name: 'x' });
    expect([fieldText(e, 'EventID'), fieldText(e, 'Flag'), fieldText(e, 'Empty'), fieldText(e, 'Missing')]).toEqual(['4624', 'false', undefined, undefined]);
  });
});
