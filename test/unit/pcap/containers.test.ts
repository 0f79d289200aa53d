import { describe, expect, it } from 'vitest';
import { SniffScore } from '../../../src/engine/parsers/types';
import { sniffCapture } from '../../../src/engine/parsers/pcap/sniff';
import { parser } from '../../../src/engine/parsers/pcap';
import {
  ACK, block, type Bytes, classicPcap, concat, epb, idb, ipv4OverEthernet, ipv4Packet, obsoletePacketBlock, shb, spb, SYN, tcpSegment, udpDatagram,
} from './capture-builder';
import { parseBytes, RecordingDissector } from './harness';

const udp = (payload = 'hello'): Bytes => ipv4OverEthernet(ipv4Packet('10.0.0.1', '10.0.0.2', 17, udpDatagram(5000, 53, new TextEncoder().encode(payload))));

describe('sniffing', () => {
  it('knows both classic magics in both byte orders and pcapng, whatever the name', () => {
    for (const littleEndian of [true, false]) {
      for (const nanosecond of [true, false]) {
        expect(sniffCapture(classicPcap([], { littleEndian, nanosecond }), 'x.bin')).toBe(SniffScore.Magic);
      }
    }
    expect(sniffCapture(concat(shb(true), idb(1)), 'dns.pcap')).toBe(SniffScore.Magic);
    expect(sniffCapture(concat(shb(false), idb(1, { le: false })), 'x')).toBe(SniffScore.Magic);
    expect(sniffCapture(new TextEncoder().encode('GET / HTTP/1.1\r\n'), 'x.pcap')).toBe(SniffScore.No);
    expect(sniffCapture(Uint8Array.from([1, 2, 3, 4, 0, 0, 200, 201]), 'x.txt')).toBe(SniffScore.No);
    expect(parser.meta.source).toBe('pcap');
  });
});

describe('classic pcap', () => {
  it.each([
    [true, false, '2021-03-04T05:06:07.123456Z'],
    [false, false, '2021-03-04T05:06:07.123456Z'],
    [true, true, '2021-03-04T05:06:07.123456789Z'],
    [false, true, '2021-03-04T05:06:07.123456789Z'],
  ])('little-endian %s, nanoseconds %s', async (littleEndian, nanosecond, ts) => {
    const seconds = Date.UTC(2021, 2, 4, 5, 6, 7) / 1000;
    const bytes = classicPcap([{ seconds, fraction: nanosecond ? 123456789 : 123456, data: udp(), originalLength: 100 }], { littleEndian, nanosecond });
    const { flows, issues, dissector } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(flows).toHaveLength(1);
    expect(flows[0].ts).toBe(ts);
    // Bytes are the original frame length, as tshark's frame.len.
    expect(flows[0].fields.bytes).toBe(100);
    expect(flows[0].origin).toEqual({ file: 'test.pcap', offset: 24, record: 1 });
    expect(dissector.payloads[0].packet).toEqual({ frame: 1, offset: 24, ts });
  });

  it('reads records that straddle read slices', async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({ seconds: 1_600_000_000 + i, fraction: 0, data: udp(`payload number ${i}`) }));
    const whole = await parseBytes(classicPcap(records));
    const scripted = new RecordingDissector();
    scripted.onPayload = (chunk) => [{ kind: 'dns', packet: chunk.packet, message: 'datagram', fields: {}, flow: chunk.flow }];
    const sliced = await parseBytes(classicPcap(records), { sliceBytes: 7, dissector: scripted });
    expect(sliced.issues).toEqual([]);
    expect(sliced.dissector.payloads.map((chunk) => chunk.packet.frame)).toEqual(whole.dissector.payloads.map((chunk) => chunk.packet.frame));
    expect(sliced.flows[0].fields.packets).toBe(40);
    expect(sliced.batches.length).toBeGreaterThan(1);
    const done = sliced.batches.map((batch) => batch.bytesDone);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
  });

  it('reports a truncated last record and keeps the packets before it', async () => {
    const bytes = classicPcap([{ seconds: 1, fraction: 0, data: udp() }, { seconds: 2, fraction: 0, data: udp() }]);
    const { flows, issues } = await parseBytes(bytes.subarray(0, bytes.length - 5));
    expect(flows[0].fields.packets).toBe(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'test.pcap', structure: 'pcap record', severity: 'error' });
    expect(issues[0].offset).toBe(24 + 16 + udp().length);
  });

  it('reports a file too short for its header', async () => {
    const { events, issues } = await parseBytes(classicPcap([]).subarray(0, 10));
    expect(events).toEqual([]);
    expect(issues[0]).toMatchObject({ offset: 0, structure: 'pcap file header' });
  });

  it('skips a record with an impossible length to the next plausible record', async () => {
    const good = (i: number) => ({ seconds: 100 + i, fraction: 0, data: udp(`n${i}`) });
    const bytes = classicPcap([good(0), { ...good(1), caplen: 0x7fffffff }, good(2), good(3)]);
    const { flows, issues } = await parseBytes(bytes);
    // Packet 1's header is damaged; its data is skipped along with it, packets 0, 2 and 3 are kept.
    expect(flows[0].fields.packets).toBe(3);
    const damaged = 24 + 16 + udp('n0').length;
    expect(issues.map((issue) => issue.offset)).toEqual([damaged, damaged]);
    expect(issues[1].reason).toMatch(/skipped \d+ damaged bytes up to the next plausible record/);
  });

  it('warns once when captured lengths exceed the snaplen', async () => {
    const { flows, issues } = await parseBytes(classicPcap([{ seconds: 1, fraction: 0, data: udp() }, { seconds: 2, fraction: 0, data: udp() }], { snaplen: 20 }));
    expect(flows[0].fields.packets).toBe(2);
    expect(issues).toHaveLength(1);
    expect(issues[0].severity).toBe('warning');
  });
});

describe('pcapng', () => {
  it.each([true, false])('reads EPB, SPB and the obsolete PB (little-endian %s)', async (le) => {
    const bytes = concat(
      shb(le),
      idb(1, { le }),
      epb(0, 1_600_000_000_000_000n, udp('a'), { le }),
      spb(udp('b'), udp('b').length, le),
      obsoletePacketBlock(0, 1_600_000_001_000_000n, udp('c'), le),
    );
    const { flows, issues, dissector } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(flows[0].fields.packets).toBe(3);
    expect(dissector.payloads.map((chunk) => [chunk.packet.frame, chunk.packet.ts])).toEqual([
      [1, '2020-09-13T12:26:40.000000Z'],
      [2, null],
      [3, '2020-09-13T12:26:41.000000Z'],
    ]);
  });

  it('applies if_tsresol (decimal and binary) and if_tsoffset', async () => {
    const bytes = concat(
      shb(),
      idb(1, { tsresol: 9 }),
      idb(1, { tsresol: 0x80 | 10, tsoffset: 1_000_000_000n }),
      epb(0, 1_600_000_000_123_456_789n, udp('ns')),
      // 1.5 s in 1/1024 s units, plus the offset.
      epb(1, 1536n, udp('bin')),
    );
    const { dissector, issues } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(dissector.payloads.map((chunk) => chunk.packet.ts)).toEqual(['2020-09-13T12:26:40.123456789Z', '2001-09-09T01:46:41.500000Z']);
  });

  it('starts over with the interfaces of each section, in either byte order', async () => {
    const bytes = concat(shb(true), idb(1), epb(0, 0n, udp('one')), shb(false), idb(101, { le: false }), epb(0, 0n, ipv4Packet('10.9.9.9', '10.8.8.8', 17, udpDatagram(1, 2, new Uint8Array(4))), { le: false }));
    const { flows, issues } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(flows.map((flow) => flow.fields.src_ip)).toEqual(['10.0.0.1', '10.9.9.9']);
  });

  it('warns once per interface when captured lengths exceed its snaplen', async () => {
    const { flows, issues } = await parseBytes(concat(shb(), idb(1, { snaplen: 30 }), epb(0, 0n, udp()), epb(0, 1n, udp())));
    expect(flows[0].fields.packets).toBe(2);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning', structure: 'pcapng packet block' });
  });

  it('skips name resolution, statistics, custom and unknown blocks by their length', async () => {
    const bytes = concat(shb(), idb(1), block(4, new Uint8Array(8)), block(5, new Uint8Array(12)), block(0xbad, new Uint8Array(7)), block(0x1234, new Uint8Array(3)), epb(0, 0n, udp()));
    const { flows, issues } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(flows[0].fields.packets).toBe(1);
  });

  it('resyncs after a block whose trailing length disagrees, and after garbage between blocks', async () => {
    const head = concat(shb(), idb(1));
    const bad = block(6, new Uint8Array(24), true, 999);
    const garbage = Uint8Array.from([1, 2, 3, 4, 5, 6, 7]);
    const bytes = concat(head, epb(0, 0n, udp('1')), bad, epb(0, 0n, udp('2')), garbage, epb(0, 0n, udp('3')));
    const { flows, issues } = await parseBytes(bytes);
    expect(flows[0].fields.packets).toBe(3);
    const badAt = head.length + epb(0, 0n, udp('1')).length;
    expect(issues[0]).toMatchObject({ offset: badAt, structure: 'pcapng block trailer' });
    expect(issues.every((issue) => issue.file === 'test.pcap' && issue.severity === 'error')).toBe(true);
    expect(issues.length).toBe(4);
  });

  it('reports a block running past the end of the file, packets for undescribed interfaces, and captured lengths past the block', async () => {
    const head = concat(shb(), idb(1));
    const overlong = epb(0, 0n, udp(), { caplen: 500 });
    const stray = epb(7, 0n, udp());
    const cut = epb(0, 0n, udp('last'));
    const bytes = concat(head, overlong, stray, epb(0, 0n, udp()), cut.subarray(0, cut.length - 8));
    const { flows, issues } = await parseBytes(bytes);
    expect(flows[0].fields.packets).toBe(1);
    expect(issues.map((issue) => issue.reason)).toEqual([
      expect.stringMatching(/captured length 500 exceeds/),
      expect.stringMatching(/interface 7 is not described/),
      expect.stringMatching(/runs 8 bytes past the end of the file/),
      expect.stringMatching(/skipped \d+ damaged bytes to the end of the file/),
    ]);
  });

  it('reads no block until a sound section header has been seen', async () => {
    const section = shb();
    // The first section header's length is damaged: its interface and packet belong to no section.
    const damaged = concat(section.subarray(0, 4), [13, 0, 0, 0], section.subarray(8));
    const { issues, flows } = await parseBytes(concat(damaged, idb(1), epb(0, 0n, udp('lost')), shb(), idb(1), epb(0, 0n, udp('kept'))));
    expect(flows).toHaveLength(1);
    expect(flows[0].fields.packets).toBe(1);
    expect(issues.map((issue) => issue.offset)).toEqual([0, 0]);
    expect(issues[0].reason).toMatch(/not a multiple of 4/);
  });

  it('does not hang on zero-length loops or a file of one repeated byte', async () => {
    for (const fill of [0, 0xff, 0x0a]) {
      const bytes = concat(shb(), idb(1), new Uint8Array(5000).fill(fill), epb(0, 0n, tcpSegmentPacket()));
      const { flows, issues } = await parseBytes(bytes, { sliceBytes: 333 });
      expect(flows[0].fields.packets).toBe(1);
      expect(issues.length).toBeGreaterThan(0);
    }
  });

  it('is not read as a capture without a magic number', async () => {
    const { events, issues } = await parseBytes(new TextEncoder().encode('not a capture at all'));
    expect(events).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0].reason).toMatch(/no pcap or pcapng magic/);
  });
});

function tcpSegmentPacket(): Bytes {
  return ipv4OverEthernet(ipv4Packet('10.0.0.1', '10.0.0.2', 6, tcpSegment(1234, 80, 1, 0, SYN)));
}

describe('the parser entry', () => {
  it('parses through `parser.parse` with the real application dissectors', async () => {
    const bytes = concat(shb(), idb(1), epb(0, 0n, tcpSegmentPacket()), epb(0, 1n, ipv4OverEthernet(ipv4Packet('10.0.0.2', '10.0.0.1', 6, tcpSegment(80, 1234, 9, 2, SYN | ACK)))));
    const events = [];
    for await (const batch of parser.parse(new Blob([bytes]), { fileName: 'x.pcapng', fileIndex: 0 })) events.push(...batch.events);
    expect(events).toHaveLength(1);
    expect(events[0].fields).toMatchObject({ proto: 'tcp', packets: 2, conn_state: 'S1', history: 'Sh', service: null });
  });
});
