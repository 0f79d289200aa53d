import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { unpackChunkResults } from '../../../src/engine/parsers/evtx/jobs';
import { packEvents, packedBuffers, unpackEvents } from '../../../src/engine/pool/event-transfer';

/** Events as parsers build them: odd field names, every FieldValue type, optional origin parts present and absent. */
function sampleEvents(): NormalizedEvent[] {
  const long = 'x'.repeat(5000);
  const withProto: NormalizedEvent['fields'] = { Image: 'C:\\Windows\\System32\\cmd.exe' };
  Object.defineProperty(withProto, '__proto__', { value: 'own field', enumerable: true, writable: true, configurable: true });
  withProto.CommandLine = long;
  return [
    {
      id: '2:4608',
      ts: '2024-01-02T03:04:05.1234567Z',
      source: 'evtx',
      kind: 'process_creation',
      host: 'WS01',
      user: 'CORP\\alice',
      message: 'Sysmon 1 process_creation: cmd.exe',
      fields: withProto,
      origin: { file: 'a.evtx', offset: 4608, record: 7 },
    },
    {
      id: '2:9000000000',
      ts: null,
      source: 'text',
      kind: 'log',
      host: 'WS01',
      user: '',
      message: long,
      fields: { Count: 3, Flag: false, Empty: null, '10': 'integer-like name', 'Data[0]': '-', Data: '-' },
      origin: { file: 'a.evtx', offset: 9_000_000_000, line: 12 },
    },
    {
      id: '2:9000000100',
      ts: '2024-01-02T03:04:05.1234567Z',
      source: 'evtx',
      kind: 'log',
      host: 'WS01',
      user: 'CORP\\alice',
      message: '',
      fields: {},
      origin: { file: 'a.evtx', offset: 9_000_000_100 },
    },
  ];
}

describe('packed events', () => {
  it('unpack to the same events, property order included', () => {
    const events = sampleEvents();
    const unpacked = unpackEvents(structuredClone(packEvents(events)));
    expect(unpacked).toEqual(events);
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(events));
    expect(Object.getPrototypeOf(unpacked[0].fields)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(unpacked[0].fields, '__proto__')?.value).toBe('own field');
    expect('record' in unpacked[1].origin).toBe(false);
    expect('line' in unpacked[2].origin).toBe(false);
  });

  it('send each name and each host, user, kind and file once, and field values as they are', () => {
    const packed = packEvents(sampleEvents());
    const count = (wanted: unknown): number => packed.values.filter((value) => value === wanted).length;
    expect(count('WS01')).toBe(1);
    expect(count('CORP\\alice')).toBe(1);
    expect(count('a.evtx')).toBe(1);
    expect(count('Data')).toBe(1);
    expect(count('-')).toBe(2);
    expect(count('2024-01-02T03:04:05.1234567Z')).toBe(2);
    expect(packedBuffers(packed)).toEqual([packed.refs.buffer, packed.numbers.buffer]);
  });

  it('refuse a truncated structure instead of inventing events', () => {
    const packed = packEvents(sampleEvents());
    expect(() => unpackEvents({ ...packed, refs: packed.refs.slice(0, 12) })).toThrow(/end inside/);
  });
});

describe('a pool job output that does not add up', () => {
  it('throws, so the job is decoded again on the parsing thread', () => {
    const events = packEvents(sampleEvents());
    const spans = [{ kind: 'decoded' as const, offset: 4096, end: 69632, eventCount: 2, issues: [] }];
    expect(() => unpackChunkResults({ spans, events })).toThrow(/count 2 events, it returned 3/);
    expect(unpackChunkResults({ spans: [{ ...spans[0], eventCount: 3 }], events })[0]).toMatchObject({ kind: 'decoded', output: { events: sampleEvents() } });
  });
});
