import { describe, expect, it } from 'vitest';
import { ipv6Text } from '../../../src/engine/parsers/pcap/ip';
import {
  arpPacket, ascii, be32, classicPcap, concat, ethernet, icmpMessage, ipv4Packet, ipv6, ipv6Packet, le16, le32, MAC_A, MAC_B, mac, udpDatagram, type Bytes,
} from './capture-builder';
import { flowSummary, parseBytes } from './harness';

const datagram = (payload = 'x'): Bytes => ipv4Packet('192.0.2.1', '198.51.100.2', 17, udpDatagram(1111, 2222, ascii(payload)));
const oneFrame = (linkType: number, data: Bytes) => classicPcap([{ seconds: 1, fraction: 0, data }], { linkType });

async function onlyFlow(bytes: Bytes): Promise<string> {
  const { flows, issues } = await parseBytes(bytes);
  expect(issues).toEqual([]);
  expect(flows).toHaveLength(1);
  return flowSummary(flows[0]);
}

describe('link layers', () => {
  const expected = (length: number) => `udp 192.0.2.1:1111 -> 198.51.100.2:2222 1/${length}`;

  it('Ethernet, with 802.1Q and 802.1ad tags, and 802.3 with LLC/SNAP', async () => {
    const plain = ethernet(0x0800, datagram());
    expect(await onlyFlow(oneFrame(1, plain))).toBe(expected(plain.length));
    const tagged = ethernet(0x0800, datagram(), { vlans: [{ tpid: 0x88a8, id: 100 }, { tpid: 0x8100, id: 200 }] });
    expect(await onlyFlow(oneFrame(1, tagged))).toBe(expected(tagged.length));
    const snap = concat(mac(MAC_B), mac(MAC_A), [0, 8 + datagram().length], [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00], datagram());
    expect(await onlyFlow(oneFrame(1, snap))).toBe(expected(snap.length));
  });

  it('PPPoE sessions and MPLS label stacks', async () => {
    const pppoe = ethernet(0x8864, concat([0x11, 0, 0, 1], [0, datagram().length + 2], [0, 0x21], datagram()));
    expect(await onlyFlow(oneFrame(1, pppoe))).toBe(expected(pppoe.length));
    const mpls = ethernet(0x8847, concat([0, 1, 0x00, 64], [0, 2, 0x01, 64], datagram()));
    expect(await onlyFlow(oneFrame(1, mpls))).toBe(expected(mpls.length));
  });

  it('keeps the MAC addresses of the first packet', async () => {
    const { flows } = await parseBytes(oneFrame(1, ethernet(0x0800, datagram())));
    expect(flows[0].fields).toMatchObject({ src_mac: MAC_A, dst_mac: MAC_B });
  });

  it('BSD loopback in either byte order (NULL) and network order (LOOP), IPv6 family numbers included', async () => {
    expect(await onlyFlow(oneFrame(0, concat(le32(2), datagram())))).toBe(expected(datagram().length + 4));
    expect(await onlyFlow(oneFrame(0, concat(be32(2), datagram())))).toBe(expected(datagram().length + 4));
    expect(await onlyFlow(oneFrame(108, concat(be32(2), datagram())))).toBe(expected(datagram().length + 4));
    const six = ipv6Packet('2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:2', 17, udpDatagram(1, 2, ascii('v6')));
    for (const family of [10, 24, 28, 30]) {
      expect(await onlyFlow(oneFrame(0, concat(le32(family), six)))).toBe(`udp 2001:db8::1:1 -> 2001:db8::2:2 1/${six.length + 4}`);
    }
  });

  it('raw IP under every link type number that means it', async () => {
    for (const linkType of [101, 12, 14, 228]) expect(await onlyFlow(oneFrame(linkType, datagram()))).toBe(expected(datagram().length));
    const six = ipv6Packet('2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:2', 17, udpDatagram(1, 2, ascii('v6')));
    expect(await onlyFlow(oneFrame(229, six))).toBe(`udp 2001:db8::1:1 -> 2001:db8::2:2 1/${six.length}`);
    expect(await onlyFlow(oneFrame(101, six))).toBe(`udp 2001:db8::1:1 -> 2001:db8::2:2 1/${six.length}`);
  });

  it('Linux cooked captures v1 and v2', async () => {
    const sll = concat([0, 0, 0, 1, 0, 6], mac(MAC_A), [0, 0], [0x08, 0x00], datagram());
    expect(await onlyFlow(oneFrame(113, sll))).toBe(expected(sll.length));
    const sll2 = concat([0x08, 0x00, 0, 0], [0, 0, 0, 2], [0, 1], [0], [6], mac(MAC_A), [0, 0], datagram());
    expect(await onlyFlow(oneFrame(276, sll2))).toBe(expected(sll2.length));
    const { flows } = await parseBytes(oneFrame(276, sll2));
    expect(flows[0].fields.src_mac).toBe(MAC_A);
  });

  it('PPP (with and without address/control, compressed protocol), Cisco HDLC, pflog, NFLOG and PPI', async () => {
    for (const [linkType, frame] of [
      [9, concat([0xff, 0x03, 0x00, 0x21], datagram())],
      [50, concat([0x21], datagram())],
      [104, concat([0x0f, 0x00, 0x08, 0x00], datagram())],
      [117, concat([61, 2], new Array(62).fill(0), datagram())],
      [239, concat([2, 0, 0, 0], [8, 0, 1, 0, 0, 0, 0, 0], le16(datagram().length + 4), [9, 0], datagram())],
      [192, concat([0, 0, 8, 0], le32(1), ethernet(0x0800, datagram()))],
    ] as [number, Bytes][]) {
      expect(await onlyFlow(oneFrame(linkType, frame)), `link type ${linkType}`).toBe(expected(frame.length));
    }
    const { flows } = await parseBytes(oneFrame(192, concat([0, 0, 8, 0], le32(1), ethernet(0x0800, datagram()))));
    expect(flows[0].fields).toMatchObject({ src_mac: MAC_A, dst_mac: MAC_B });
  });

  const wifiData = (flags: number, qos: boolean): Bytes => {
    const control = qos ? 0x88 : 0x08;
    const addresses = concat(mac('02:00:00:00:00:01'), mac('02:00:00:00:00:02'), mac('02:00:00:00:00:03'));
    return concat([control, flags, 0, 0], addresses, [0, 0], qos ? [0, 0] : [], [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00], datagram());
  };

  it('802.11 data frames with LLC/SNAP, To DS and From DS addressing', async () => {
    expect(await onlyFlow(oneFrame(105, wifiData(0x01, false)))).toBe(expected(wifiData(0x01, false).length));
    const { flows } = await parseBytes(oneFrame(105, wifiData(0x01, true)));
    // To DS: source is address 2, destination address 3.
    expect(flows[0].fields).toMatchObject({ src_mac: '02:00:00:00:00:02', dst_mac: '02:00:00:00:00:03' });
  });

  it('radiotap, cutting the FCS its Flags field announces', async () => {
    // Present: TSFT (bit 0) and Flags (bit 1); TSFT is 8-byte aligned, so it starts at 8 and Flags sits at 16.
    const withFcs = (frame: Bytes): Bytes => concat([0, 0, 18, 0], le32(0b11), new Array(8).fill(0), [0x10, 0], frame, [0xde, 0xad, 0xbe, 0xef]);
    const frame = withFcs(wifiData(0x02, false));
    expect(await onlyFlow(oneFrame(127, frame))).toBe(expected(frame.length));
  });

  it('counts frames it cannot follow (encrypted 802.11, management) without a flow', async () => {
    const encrypted = wifiData(0x41, false);
    const beacon = concat([0x80, 0, 0, 0], new Array(20).fill(0xff), [0, 0], new Array(12).fill(0));
    const { events, issues } = await parseBytes(classicPcap([{ seconds: 1, fraction: 0, data: encrypted }, { seconds: 1, fraction: 0, data: beacon }], { linkType: 105 }));
    expect(events).toEqual([]);
    expect(issues).toEqual([]);
  });

  it('reports an unknown link type once per interface', async () => {
    const { events, issues } = await parseBytes(classicPcap([1, 2, 3].map((seconds) => ({ seconds, fraction: 0, data: datagram() })), { linkType: 147 }));
    expect(events).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ offset: 24, structure: 'link layer', severity: 'warning' });
  });

  it('hands ARP packets to the dissector', async () => {
    const frame = ethernet(0x0806, arpPacket(2, '02:00:00:00:00:09', '10.0.0.1', MAC_B, '10.0.0.2'));
    const { dissector, flows } = await parseBytes(oneFrame(1, frame));
    expect(flows).toEqual([]);
    expect(dissector.arps).toEqual([
      { packet: { frame: 1, offset: 24, ts: '1970-01-01T00:00:01.000000Z' }, operation: 2, senderMac: '02:00:00:00:00:09', senderIp: '10.0.0.1', targetMac: MAC_B, targetIp: '10.0.0.2', ethSrc: MAC_A },
    ]);
  });
});

describe('IP', () => {
  it('IPv4 options move the transport header', async () => {
    const packet = ipv4Packet('192.0.2.1', '198.51.100.2', 17, udpDatagram(1111, 2222, ascii('x')), { options: [0x94, 0x04, 0, 0] });
    const { flows, dissector } = await parseBytes(oneFrame(101, packet));
    expect(flowSummary(flows[0])).toBe(`udp 192.0.2.1:1111 -> 198.51.100.2:2222 1/${packet.length}`);
    expect(dissector.stream(true)).toBe('x');
  });

  it('Ethernet padding is not payload: the IP total length bounds it', async () => {
    const frame = concat(ethernet(0x0800, datagram('ab')), new Array(20).fill(0));
    const { dissector, flows } = await parseBytes(oneFrame(1, frame));
    expect(dissector.stream(true)).toBe('ab');
    expect(flows[0].fields.bytes).toBe(frame.length);
  });

  it('IPv6 extension headers (hop-by-hop, routing, destination options) lead to the transport', async () => {
    const packet = ipv6Packet('fe80:0:0:0:0:0:0:1', 'ff02:0:0:0:0:0:1:2', 17, udpDatagram(546, 547, ascii('dhcp6')), [{ type: 0 }, { type: 43 }, { type: 60 }]);
    const { flows, dissector } = await parseBytes(oneFrame(229, packet));
    expect(flowSummary(flows[0])).toBe(`udp fe80::1:546 -> ff02::1:2:547 1/${packet.length}`);
    expect(dissector.stream(true)).toBe('dhcp6');
  });

  it('writes IPv6 addresses as RFC 5952 says', () => {
    const text = (address: string) => ipv6Text(Uint8Array.from(ipv6(address)), 0);
    expect(text('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(text('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(text('0:0:0:0:0:0:0:0')).toBe('::');
    expect(text('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(text('0:0:0:0:0:ffff:c000:201')).toBe('::ffff:192.0.2.1');
    expect(text('2001:DB8:0:0:0:0:0:0')).toBe('2001:db8::');
  });

  it('fragments: as tshark counts them, only the fragment completing a datagram carries its ports', async () => {
    const body = udpDatagram(5353, 53, ascii('0123456789abcdef0123456789abcdef'));
    const first = ipv4Packet('10.1.1.1', '10.2.2.2', 17, body.subarray(0, 16), { id: 7, moreFragments: true });
    const second = ipv4Packet('10.1.1.1', '10.2.2.2', 17, body.subarray(16, 32), { id: 7, moreFragments: true, fragmentOffset: 16 });
    const last = ipv4Packet('10.1.1.1', '10.2.2.2', 17, body.subarray(32), { id: 7, fragmentOffset: 32 });
    // Out of order: the datagram completes with the second fragment, which therefore counts as UDP.
    const frames = [first, last, second].map((packet, i) => ({ seconds: 1, fraction: i, data: packet }));
    const { flows, dissector } = await parseBytes(classicPcap(frames, { linkType: 101 }));
    expect(flows.map(flowSummary).sort()).toEqual([
      `ip 10.1.1.1 -> 10.2.2.2 2/${first.length + last.length}`,
      `udp 10.1.1.1:5353 -> 10.2.2.2:53 1/${second.length}`,
    ]);
    expect(dissector.stream(true)).toBe('0123456789abcdef0123456789abcdef');
    expect(dissector.payloads[0].packet.frame).toBe(3);
  });

  it('IPv6 fragments reassemble the same way', async () => {
    const body = udpDatagram(5353, 53, ascii('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'));
    const fragment = (offset: number, more: boolean, bytes: Bytes): Bytes =>
      ipv6Packet('2001:db8:0:0:0:0:0:1', '2001:db8:0:0:0:0:0:2', 17, bytes, [{ type: 44, body: [(offset >> 8) & 0xff, (offset & 0xf8) | (more ? 1 : 0), 0, 0, 0, 42] }]);
    const first = fragment(0, true, body.subarray(0, 24));
    const last = fragment(24, false, body.subarray(24));
    const { flows, dissector } = await parseBytes(classicPcap([first, last].map((data, i) => ({ seconds: 1, fraction: i, data })), { linkType: 229 }));
    expect(flows.map(flowSummary).sort()).toEqual([
      `ip 2001:db8::1 -> 2001:db8::2 1/${first.length}`,
      `udp 2001:db8::1:5353 -> 2001:db8::2:53 1/${last.length}`,
    ]);
    expect(dissector.stream(true)).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ012345');
  });

  it('a first fragment cut by the snaplen is dissected as far as it goes; later ones stay plain IP', async () => {
    const body = udpDatagram(1000, 2000, ascii('payload bytes'));
    const first = ipv4Packet('10.1.1.1', '10.2.2.2', 17, body, { id: 9, moreFragments: true });
    const { flows } = await parseBytes(classicPcap([{ seconds: 1, fraction: 0, data: first.subarray(0, 30), originalLength: first.length }], { linkType: 101 }));
    expect(flows.map(flowSummary)).toEqual([`udp 10.1.1.1:1000 -> 10.2.2.2:2000 1/${first.length}`]);
  });

  it('an ICMP error counts under its outer addresses with the ports it quotes; other ICMP is an ip conversation', async () => {
    const quoted = ipv4Packet('10.0.0.5', '8.8.8.8', 17, udpDatagram(40000, 53, ascii('query')));
    const unreachable = ipv4Packet('8.8.8.8', '10.0.0.5', 1, icmpMessage(3, 3, quoted.subarray(0, 28)));
    const echo = ipv4Packet('10.0.0.5', '8.8.8.8', 1, icmpMessage(8, 0, ascii('ping')));
    const frames = [echo, unreachable].map((data, i) => ({ seconds: 1, fraction: i, data }));
    const { flows } = await parseBytes(classicPcap(frames, { linkType: 101 }));
    expect(flows.map(flowSummary).sort()).toEqual([
      `ip 10.0.0.5 -> 8.8.8.8 1/${echo.length}`,
      `udp 8.8.8.8:40000 -> 10.0.0.5:53 1/${unreachable.length}`,
    ]);
    const ip = flows.find((flow) => flow.fields.proto === 'ip');
    expect(ip?.fields).toMatchObject({ ip_proto: 'icmp', src_port: null, dst_port: null, conn_state: 'OTH' });
  });

  it('follows IP-in-IP and GRE tunnels to the inner ports under the outer addresses', async () => {
    const inner = ipv4Packet('172.16.0.1', '172.16.0.2', 17, udpDatagram(7, 9, ascii('in')));
    const ipip = ipv4Packet('203.0.113.1', '203.0.113.2', 4, inner);
    const gre = ipv4Packet('203.0.113.1', '203.0.113.2', 47, concat([0, 0, 0x08, 0x00], inner));
    const { flows } = await parseBytes(classicPcap([ipip, gre].map((data, i) => ({ seconds: 1, fraction: i, data })), { linkType: 101 }));
    expect(flows.map(flowSummary)).toEqual([`udp 203.0.113.1:7 -> 203.0.113.2:9 2/${ipip.length + gre.length}`]);
  });

  it('a bogus IPv4 header length is not an IP packet (tshark drops its addresses too)', async () => {
    const packet = datagram();
    packet[0] = 0x44;
    const { events } = await parseBytes(oneFrame(101, packet));
    expect(events).toEqual([]);
  });
});
