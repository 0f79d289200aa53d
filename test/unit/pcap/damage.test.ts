import { describe, expect, it } from 'vitest';
import { ACK, ascii, classicPcap, concat, epb, ethernet, idb, ipv4Packet, ipv6Packet, PSH, shb, SYN, tcpSegment, udpDatagram, type Bytes } from './capture-builder';
import { parseBytes } from './harness';
import { lcg as random } from '../../helpers/seeded-random';

function packets(count: number): Bytes[] {
  return Array.from({ length: count }, (_, i) =>
    i % 3 === 0
      ? ethernet(0x0800, ipv4Packet('10.0.0.1', '10.0.0.2', 6, tcpSegment(1000 + (i % 5), 80, i * 10, 1, i % 2 ? PSH | ACK : SYN, ascii(`segment ${i}`))))
      : i % 3 === 1
        ? ethernet(0x0800, ipv4Packet('10.0.0.3', '10.0.0.4', 17, udpDatagram(53, 2000 + i, ascii(`datagram ${i}`)), { id: i, moreFragments: i % 4 === 1 }))
        : ethernet(0x86dd, ipv6Packet('2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:2', 17, udpDatagram(1, 2, ascii('six')), [{ type: 0 }])),
  );
}

const classic = classicPcap(packets(30).map((data, i) => ({ seconds: 1000 + i, fraction: i, data })));
const next = concat(shb(), idb(1), ...packets(30).map((data, i) => epb(0, BigInt(i) * 1000n, data)));

/** Seeded, so a failure names the mutation that caused it. */
function mutate(original: Bytes, seed: number): Bytes {
  const rnd = random(seed);
  const bytes = original.slice();
  switch (seed % 4) {
    case 0:
      return bytes.subarray(0, Math.floor(rnd() * bytes.length));
    case 1:
      for (let k = 0; k < 1 + rnd() * 32; k++) bytes[Math.floor(rnd() * bytes.length)] ^= 1 << Math.floor(rnd() * 8);
      return bytes;
    case 2:
      for (let k = 0; k < 1 + rnd() * 8; k++) bytes.fill(rnd() < 0.5 ? 0 : 0xff, Math.floor(rnd() * bytes.length), Math.floor(rnd() * bytes.length) + 4);
      return bytes;
    default: {
      const at = Math.floor(rnd() * bytes.length);
      return concat(bytes.subarray(0, at), bytes.subarray(at, at + Math.floor(rnd() * 300)), bytes.subarray(at));
    }
  }
}

describe('damaged captures', () => {
  it.each([
    ['classic pcap', classic],
    ['pcapng', next],
  ])('%s: 200 mutations never throw, every issue is typed, good packets survive', async (_, original) => {
    const intact = await parseBytes(original);
    expect(intact.issues).toEqual([]);
    const intactPackets = intact.flows.reduce((sum, flow) => sum + Number(flow.fields.packets), 0);
    for (let seed = 1; seed <= 200; seed++) {
      const damaged = mutate(original, seed);
      const { flows, issues } = await parseBytes(damaged, { sliceBytes: 97 + seed });
      for (const issue of issues) {
        expect(issue.file).toBe('test.pcap');
        expect(Number.isInteger(issue.offset) && issue.offset >= 0 && issue.offset <= damaged.length).toBe(true);
        expect(issue.reason.length).toBeGreaterThan(0);
        expect(issue.reason).not.toMatch(/internal/);
      }
      const packets = flows.reduce((sum, flow) => sum + Number(flow.fields.packets), 0);
      // Repeated slices can add packets; damage never makes more than the file could hold.
      expect(packets).toBeLessThanOrEqual(intactPackets * 2);
    }
  });

  it('a flipped length in the middle loses only the packets around it', async () => {
    const bytes = classic.slice();
    // The caplen of the 10th record, high byte: an impossible length.
    let at = 24;
    for (let i = 0; i < 10; i++) at += 16 + new DataView(bytes.buffer).getUint32(at + 8, true);
    bytes[at + 11] = 0x7f;
    const { flows, issues } = await parseBytes(bytes);
    const packets = flows.reduce((sum, flow) => sum + Number(flow.fields.packets), 0);
    expect(packets).toBe(29);
    expect(issues[0].offset).toBe(at);
  });
});
