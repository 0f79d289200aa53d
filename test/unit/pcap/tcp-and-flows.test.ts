import { describe, expect, it } from 'vitest';
import { FLOW_IDLE_SECONDS, MAX_OUT_OF_ORDER_SEGMENTS } from '../../../src/engine/parsers/pcap/limits';
import type { PacketRef } from '../../../src/engine/parsers/pcap/segment';
import { StreamBudget, TcpStreamDirection } from '../../../src/engine/parsers/pcap/tcp-stream';
import {
  ACK, ascii, classicPcap, ethernet, FIN, ipv4Packet, PSH, RST, SYN, tcpSegment, udpDatagram, type Bytes, type ClassicRecord,
} from './capture-builder';
import { flowSummary, parseBytes, RecordingDissector } from './harness';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function stream(): { direction: TcpStreamDirection<PacketRef>; delivered: [string, boolean, number][] } {
  const delivered: [string, boolean, number][] = [];
  const sink = { streamBytes: (_: object, __: boolean, payload: Uint8Array, packet: PacketRef, gap: boolean) => void delivered.push([text(payload), gap, packet.frame]) };
  const direction = new TcpStreamDirection(new StreamBudget(), sink, {}, true);
  return { direction, delivered };
}
const ref = (frame: number): PacketRef => ({ frame, offset: frame * 100, ts: null });
const send = (direction: TcpStreamDirection<PacketRef>, seq: number, data: string, frame: number, syn = false): boolean =>
  direction.segment(seq, syn, ascii(data), data.length, ref(frame));

describe('TCP stream reassembly', () => {
  it('delivers in order, holds early segments, drops retransmissions and trims overlaps', () => {
    const { direction, delivered } = stream();
    direction.segment(1000, true, new Uint8Array(0), 0, ref(1));
    send(direction, 1001, 'abc', 2);
    send(direction, 1007, 'ghi', 3);
    expect(send(direction, 1001, 'abc', 4)).toBe(false);
    send(direction, 1002, 'bcdef', 5);
    expect(delivered).toEqual([['abc', false, 2], ['def', false, 5], ['ghi', false, 3]]);
    expect(direction.payloadBytes).toBe(9);
    expect(direction.retransmissions).toBe(1);
  });

  it('wraps around the 32-bit sequence space', () => {
    const { direction, delivered } = stream();
    direction.segment(0xfffffffe, true, new Uint8Array(0), 0, ref(1));
    send(direction, 0xffffffff, 'ab', 2);
    send(direction, 1, 'cd', 3);
    expect(delivered.map(([data]) => data).join('')).toBe('abcd');
  });

  it('gives up a hole when the peer acknowledges past it, and marks the gap', () => {
    const { direction, delivered } = stream();
    direction.segment(0, true, new Uint8Array(0), 0, ref(1));
    send(direction, 1, 'aa', 2);
    send(direction, 7, 'dd', 3);
    expect(delivered).toHaveLength(1);
    direction.acknowledged(9);
    expect(delivered).toEqual([['aa', false, 2], ['dd', true, 3]]);
    expect(direction.gaps).toBe(1);
  });

  it('flushes what waits across holes when the conversation ends', () => {
    const { direction, delivered } = stream();
    direction.segment(0, true, new Uint8Array(0), 0, ref(1));
    send(direction, 5, 'later', 2);
    direction.flush();
    expect(delivered).toEqual([['later', true, 2]]);
  });

  it('marks a gap after a segment the capture cut short', () => {
    const { direction, delivered } = stream();
    direction.segment(0, true, new Uint8Array(0), 0, ref(1));
    direction.segment(1, false, ascii('abc'), 10, ref(2));
    send(direction, 11, 'next', 3);
    expect(delivered).toEqual([['abc', false, 2], ['next', true, 3]]);
  });

  it(`stops waiting after ${MAX_OUT_OF_ORDER_SEGMENTS} early segments`, () => {
    const { direction, delivered } = stream();
    direction.segment(0, true, new Uint8Array(0), 0, ref(1));
    for (let i = 0; i <= MAX_OUT_OF_ORDER_SEGMENTS; i++) send(direction, 100 + i, 'x', i + 2);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered[0][1]).toBe(true);
  });

  it('a stream picked up midstream starts with a gap', () => {
    const { direction, delivered } = stream();
    send(direction, 5000, 'mid', 1);
    expect(delivered).toEqual([['mid', true, 1]]);
    expect(direction.gaps).toBe(0);
  });
});

const CLIENT = '10.0.0.1';
const SERVER = '10.0.0.2';

function conversation(segments: [from: 'c' | 's', seq: number, ack: number, flags: number, data?: string][], start = 1000): ClassicRecord[] {
  return segments.map(([from, seq, ack, flags, data], i) => {
    const [src, dst, sport, dport] = from === 'c' ? [CLIENT, SERVER, 40000, 80] : [SERVER, CLIENT, 80, 40000];
    return { seconds: start + i, fraction: 0, data: ethernet(0x0800, ipv4Packet(src, dst, 6, tcpSegment(sport, dport, seq, ack, flags, ascii(data ?? '')))) };
  });
}

const handshake: [from: 'c' | 's', seq: number, ack: number, flags: number, data?: string][] = [
  ['c', 100, 0, SYN],
  ['s', 500, 101, SYN | ACK],
  ['c', 101, 501, ACK],
];

describe('flows', () => {
  it('counts a full conversation per direction and reports Zeek state and history', async () => {
    const records = conversation([
      ...handshake,
      ['c', 101, 501, PSH | ACK, 'GET / HTTP/1.0\r\n\r\n'],
      ['s', 501, 119, PSH | ACK, 'HTTP/1.0 200 OK\r\n\r\n'],
      ['c', 119, 520, FIN | ACK],
      ['s', 520, 120, FIN | ACK],
      ['c', 120, 521, ACK],
    ]);
    const dissector = new RecordingDissector();
    const { flows, events } = await parseBytes(classicPcap(records), { dissector });
    expect(events).toHaveLength(1);
    const fields = flows[0].fields;
    const frameBytes = records.map((record) => record.data.length);
    expect(fields).toMatchObject({
      proto: 'tcp', src_ip: CLIENT, src_port: 40000, dst_ip: SERVER, dst_port: 80,
      packets: 8, bytes: frameBytes.reduce((a, b) => a + b),
      orig_pkts: 5, orig_bytes: frameBytes[0] + frameBytes[2] + frameBytes[3] + frameBytes[5] + frameBytes[7],
      resp_pkts: 3, orig_payload_bytes: 18, resp_payload_bytes: 19,
      duration: 7, conn_state: 'SF', history: 'ShADdFf', service: 'http',
      start: '1970-01-01T00:16:40.000000Z', end: '1970-01-01T00:16:47.000000Z',
    });
    expect(flows[0].host).toBe(CLIENT);
    expect(flows[0].message).toBe(`tcp ${CLIENT}:40000 -> ${SERVER}:80 (http) SF ShADdFf: 8 packets, ${fields.bytes} bytes in 7.000 s`);
    expect(dissector.stream(true)).toBe('GET / HTTP/1.0\r\n\r\n');
    expect(dissector.stream(false)).toBe('HTTP/1.0 200 OK\r\n\r\n');
    expect(dissector.closed).toEqual([dissector.payloads[0].flowKey]);
    expect(dissector.finished).toBe(1);
  });

  it.each([
    ['S0', 'S', [['c', 100, 0, SYN]]],
    // A retransmitted SYN adds nothing; a SYN with a new sequence number is recorded again.
    ['S0', 'S', [['c', 100, 0, SYN], ['c', 100, 0, SYN]]],
    ['S0', 'SS', [['c', 100, 0, SYN], ['c', 900, 0, SYN]]],
    ['SH', 'Q', [['c', 100, 0, SYN | FIN]]],
    ['REJ', 'Sr', [['c', 100, 0, SYN], ['s', 0, 101, RST | ACK]]],
    ['RSTO', 'ShR', [['c', 100, 0, SYN], ['s', 500, 101, SYN | ACK], ['c', 101, 0, RST]]],
    ['RSTR', 'ShADr', [...handshake, ['c', 101, 501, ACK, 'data'], ['s', 501, 105, RST]]],
    ['S1', 'ShA', handshake],
    // Zeek establishes the originator when the SYN-ACK comes, before any third packet.
    ['S1', 'Sh', [['c', 100, 0, SYN], ['s', 500, 101, SYN | ACK]]],
    ['SF', 'ShAFfR', [...handshake, ['c', 101, 501, FIN | ACK], ['s', 501, 102, FIN | ACK], ['c', 102, 0, RST]]],
    ['SH', 'SF', [['c', 100, 0, SYN], ['c', 101, 0, FIN]]],
    ['S2', 'ShAF', [...handshake, ['c', 101, 501, FIN | ACK]]],
    ['OTH', 'Dd', [['c', 5000, 9000, PSH | ACK, 'mid'], ['s', 9000, 5003, PSH | ACK, 'stream']]],
  ] as [string, string, [from: 'c' | 's', seq: number, ack: number, flags: number, data?: string][]][])('conn_state %s, history %s', async (state, history, segments) => {
    const { flows } = await parseBytes(classicPcap(conversation(segments)));
    expect(flows[0].fields).toMatchObject({ conn_state: state, history });
  });

  it('names no service for a conversation that carried no payload', async () => {
    const { flows } = await parseBytes(classicPcap(conversation(handshake)));
    expect(flows[0].fields.service).toBeNull();
  });

  it('takes the service from the dissector when it recognised the protocol, else from the port', async () => {
    const dissector = new RecordingDissector();
    dissector.onPayload = (chunk) => {
      dissector.services.set(chunk.flowKey, 'ssl');
      return [];
    };
    const { flows } = await parseBytes(classicPcap(conversation([...handshake, ['c', 101, 501, ACK, 'hello']])), { dissector });
    expect(flows[0].fields.service).toBe('ssl');
  });

  it('UDP: SF when the responder answered, S0 when not, payload bytes per direction', async () => {
    const packet = (src: string, dst: string, sport: number, dport: number, data: string): Bytes =>
      ethernet(0x0800, ipv4Packet(src, dst, 17, udpDatagram(sport, dport, ascii(data))));
    const records = [
      packet(CLIENT, SERVER, 5000, 53, 'query'),
      packet(SERVER, CLIENT, 53, 5000, 'answer!'),
      packet(CLIENT, '10.9.9.9', 5001, 123, 'ntp'),
    ].map((data, i) => ({ seconds: 1, fraction: i, data }));
    const { flows } = await parseBytes(classicPcap(records));
    expect(flows.map((flow) => [flowSummary(flow), flow.fields.conn_state, flow.fields.history, flow.fields.orig_payload_bytes, flow.fields.resp_payload_bytes, flow.fields.service])).toEqual([
      [`udp ${CLIENT}:5000 -> ${SERVER}:53 2/${records[0].data.length + records[1].data.length}`, 'SF', 'Dd', 5, 7, 'dns'],
      [`udp ${CLIENT}:5001 -> 10.9.9.9:123 1/${records[2].data.length}`, 'S0', 'D', 3, 0, 'ntp'],
    ]);
  });

  it('emits a flow as soon as it times out, in an earlier batch than the end of the file', async () => {
    const early = conversation([['c', 100, 0, SYN]], 1000);
    const late = conversation([['c', 100, 0, SYN]], 1000 + FLOW_IDLE_SECONDS + 1).map((record) => ({ ...record, data: record.data.map((byte, i) => (i === 37 ? 41 : byte)) }));
    const { batches } = await parseBytes(classicPcap([...early, ...late]), { sliceBytes: 64 });
    const withFlows = batches.map((batch, index) => [index, batch.events.length] as const).filter(([, count]) => count > 0);
    expect(withFlows).toHaveLength(2);
    expect(withFlows[0][0]).toBeLessThan(batches.length - 1);
  });

  it('evicts the least recently active conversation past the flow limit, emitting it early', async () => {
    const records = [1, 2, 3, 4].map((port) => ({ seconds: 1, fraction: port, data: ethernet(0x0800, ipv4Packet(CLIENT, SERVER, 17, udpDatagram(port, 53, ascii('q')))) }));
    const { flows, batches } = await parseBytes(classicPcap(records), { maxFlows: 2, sliceBytes: 70 });
    expect(flows.map((flow) => flow.fields.src_port).sort()).toEqual([1, 2, 3, 4]);
    expect(batches.findIndex((batch) => batch.events.length > 0)).toBeLessThan(batches.length - 1);
  });

  it('gives every event a distinct id and keeps each batch in file order', async () => {
    const dissector = new RecordingDissector();
    dissector.onPayload = (chunk) => [1, 2].map((n) => ({ kind: 'http', packet: chunk.packet, message: `record ${n}`, fields: { n }, flow: chunk.flow }));
    const records = conversation([...handshake, ['c', 101, 501, ACK, 'one'], ['s', 501, 104, ACK, 'two']]);
    const { events, batches } = await parseBytes(classicPcap(records), { dissector });
    const ids = events.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    const offsetOf = (frame: number): number => 24 + frame * 16 + records.slice(0, frame).reduce((sum, record) => sum + record.data.length, 0);
    expect([...ids].sort()).toEqual([`3:${offsetOf(0)}.flow`, `3:${offsetOf(3)}`, `3:${offsetOf(3)}.2`, `3:${offsetOf(4)}`, `3:${offsetOf(4)}.2`].sort());
    for (const batch of batches) {
      const offsets = batch.events.map((event) => event.origin.offset);
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    }
    const app = events.find((event) => event.kind === 'http');
    expect(app?.fields).toMatchObject({ n: 1, src_ip: CLIENT, src_port: 40000, dst_ip: SERVER, dst_port: 80, proto: 'tcp' });
    expect(app?.origin.record).toBe(4);
    expect(app?.source).toBe('pcap');
  });

  it('a dissector that throws costs an issue, not the capture', async () => {
    const dissector = new RecordingDissector();
    dissector.onPayload = () => {
      throw new Error('dissector bug');
    };
    const { flows, issues } = await parseBytes(classicPcap(conversation([...handshake, ['c', 101, 501, ACK, 'x']])), { dissector });
    expect(flows).toHaveLength(1);
    expect(issues).toHaveLength(1);
    expect(issues[0].reason).toMatch(/internal parser error: dissector bug/);
  });
});
