import { u16, u32, type CaptureFrame } from './capture';
import type { FragmentReassembler } from './fragments';
import { decodeIpv4, decodeIpv6, ipv4Text, IPPROTO, macText, type IpHeader } from './ip';
import { decodeLink, ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './link';
import type { ArpPacket } from './segment';

/**
 * How a packet is counted, as tshark's fields count it: `tcp`/`udp` when a TCP or UDP header's ports can be read
 * anywhere in it (a tunnel's inner header, the header quoted by an ICMP error), `ip` for other IP packets (ICMP,
 * fragments that do not complete a datagram). Addresses are always the outermost IP header's.
 */
export type FlowClass = 'tcp' | 'udp' | 'ip';

/** The packet's own TCP segment (not one quoted by an ICMP error): what state tracking and reassembly need. */
export interface TcpSegment {
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** Captured payload bytes. */
  payload: Uint8Array;
  /** Payload bytes the IP and TCP headers declare; more than `payload.length` when the capture cut the packet. */
  payloadLength: number;
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_ACK = 0x10;

export interface IpPacket {
  flowClass: FlowClass;
  srcIp: string;
  dstIp: string;
  /** 0 for `ip` packets. */
  srcPort: number;
  dstPort: number;
  /** The outermost header's upper-layer protocol number. */
  ipProtocol: number;
  tcp?: TcpSegment;
  /** The packet's own UDP payload (after reassembly when fragments completed it). */
  udpPayload?: Uint8Array;
  /** The frame and the offsets of its MAC addresses (-1: none), formatted only for a conversation's first packet. */
  frameData: Uint8Array;
  srcMacAt: number;
  dstMacAt: number;
}

/** RFC 826, for Ethernet hardware and IPv4 protocol addresses: the packet as the dissectors get it, less its place. */
export type ArpFields = Omit<ArpPacket, 'packet'>;

export type DecodedPacket = { ip: IpPacket } | { arp: ArpFields } | undefined;

/** The payload of a segment or datagram that carries none, shared: an empty array has nothing to overwrite. */
export const NO_BYTES = new Uint8Array(0);

/** ICMP error types that quote the offending datagram (RFC 792; RFC 4443 section 3 for ICMPv6). */
const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);
const ICMPV6_ERRORS = new Set([1, 2, 3, 4]);
/** Tunnels followed inside one another before giving up. */
const MAX_TUNNEL_DEPTH = 4;
/** GRE (RFC 2784, RFC 2890): C, K and S flags each add 4 bytes. */
const GRE_CHECKSUM = 0x8000;
const GRE_KEY = 0x2000;
const GRE_SEQUENCE = 0x1000;

export function decodePacket(frame: CaptureFrame, fragments: FragmentReassembler): DecodedPacket {
  const data = frame.data;
  const link = decodeLink(frame.linkType, data);
  const end = link.end ?? data.length;
  if (link.etherType === ETHERTYPE_ARP) {
    const arp = decodeArp(data, link.offset, end, link.srcMacAt);
    return arp ? { arp } : undefined;
  }
  const ip = link.etherType === ETHERTYPE_IPV4 ? ipByVersion(data, link.offset, end) : link.etherType === ETHERTYPE_IPV6 ? decodeIpv6(data, link.offset, end) : undefined;
  if (!ip) return undefined;
  const packet: IpPacket = {
    flowClass: 'ip', srcIp: ip.src, dstIp: ip.dst, srcPort: 0, dstPort: 0, ipProtocol: ip.protocol,
    frameData: data, srcMacAt: link.srcMacAt, dstMacAt: link.dstMacAt,
  };
  if (ip.fragment) {
    const capturedWhole = ip.payloadLength > 0 && ip.payloadEnd - ip.payloadAt === ip.payloadLength;
    if (capturedWhole) {
      const whole = fragments.add(ip, data);
      if (whole) readTransport(packet, whole, 0, whole.length, whole.length, ip.protocol, 0);
      return { ip: packet };
    }
    // Not reassembled (cut by the snaplen): Wireshark still dissects a first fragment as far as it goes.
    if (ip.fragment.offset > 0) return { ip: packet };
  }
  readTransport(packet, data, ip.payloadAt, ip.payloadEnd, ip.payloadLength, ip.protocol, 0);
  return { ip: packet };
}

/** Reads ports (and the packet's own TCP segment or UDP payload) from the upper layer at `at`..`end`. */
function readTransport(packet: IpPacket, data: Uint8Array, at: number, end: number, declared: number, protocol: number, depth: number): void {
  switch (protocol) {
    case IPPROTO.TCP:
      if (end - at < 4) return;
      setPorts(packet, 'tcp', data, at);
      packet.tcp = readTcp(data, at, end, declared);
      return;
    case IPPROTO.UDP:
      if (end - at < 4) return;
      setPorts(packet, 'udp', data, at);
      if (end - at >= 8) {
        const length = u16(data, at + 4, false);
        // A UDP length below the header's own 8 bytes is bogus: the ports stand, the payload does not.
        packet.udpPayload = length >= 8 ? data.subarray(at + 8, Math.min(at + length, end)) : NO_BYTES;
      }
      return;
    case IPPROTO.ICMP:
    case IPPROTO.ICMPV6:
      if (end - at >= 8 && (protocol === IPPROTO.ICMP ? ICMP_ERRORS : ICMPV6_ERRORS).has(data[at])) readQuoted(packet, data, at + 8, end);
      return;
    case IPPROTO.IPIP:
    case IPPROTO.IPV6:
      if (depth < MAX_TUNNEL_DEPTH) readTunnelled(packet, data, at, end, depth);
      return;
    case IPPROTO.GRE:
      if (depth < MAX_TUNNEL_DEPTH) readGre(packet, data, at, end, depth);
      return;
    default:
      return;
  }
}

function setPorts(packet: IpPacket, flowClass: 'tcp' | 'udp', data: Uint8Array, at: number): void {
  packet.flowClass = flowClass;
  packet.srcPort = u16(data, at, false);
  packet.dstPort = u16(data, at + 2, false);
}

/** RFC 9293 section 3.1. A data offset below 5 words or past the captured bytes leaves only the ports. */
function readTcp(data: Uint8Array, at: number, end: number, declared: number): TcpSegment | undefined {
  if (end - at < 20) return undefined;
  const headerLength = (data[at + 12] >> 4) * 4;
  if (headerLength < 20 || at + headerLength > end) return undefined;
  return {
    seq: u32(data, at + 4, false),
    ack: u32(data, at + 8, false),
    flags: data[at + 13],
    window: u16(data, at + 14, false),
    payload: at + headerLength < end ? data.subarray(at + headerLength, end) : NO_BYTES,
    payloadLength: Math.max(declared - headerLength, end - at - headerLength),
  };
}

/** The datagram an ICMP error quotes: its ports count, as tshark's fields show them; its state does not. */
function readQuoted(packet: IpPacket, data: Uint8Array, at: number, end: number): void {
  const inner = ipByVersion(data, at, end);
  if (!inner || (inner.fragment && inner.fragment.offset > 0)) return;
  if ((inner.protocol === IPPROTO.TCP || inner.protocol === IPPROTO.UDP) && inner.payloadEnd - inner.payloadAt >= 4) {
    setPorts(packet, inner.protocol === IPPROTO.TCP ? 'tcp' : 'udp', data, inner.payloadAt);
  }
}

/** An IP header of either version, by its version nibble (Wireshark's IPv4 EtherType handler does the same). */
function ipByVersion(data: Uint8Array, at: number, end: number): IpHeader | undefined {
  if (end <= at) return undefined;
  const version = data[at] >> 4;
  return version === 4 ? decodeIpv4(data, at, end) : version === 6 ? decodeIpv6(data, at, end) : undefined;
}

/** IP in IP (RFC 2003) and IPv6 in IP (RFC 4213): the inner header's transport, under the outer addresses. */
function readTunnelled(packet: IpPacket, data: Uint8Array, at: number, end: number, depth: number): void {
  const inner = ipByVersion(data, at, end);
  if (!inner || inner.fragment) return;
  readTransport(packet, data, inner.payloadAt, inner.payloadEnd, inner.payloadLength, inner.protocol, depth + 1);
}

function readGre(packet: IpPacket, data: Uint8Array, at: number, end: number, depth: number): void {
  if (end - at < 4) return;
  const flags = u16(data, at, false);
  if ((flags & 0x7) !== 0) return;
  const protocol = u16(data, at + 2, false);
  let inner = at + 4;
  if (flags & GRE_CHECKSUM) inner += 4;
  if (flags & GRE_KEY) inner += 4;
  if (flags & GRE_SEQUENCE) inner += 4;
  if (protocol === ETHERTYPE_IPV4 || protocol === ETHERTYPE_IPV6) readTunnelled(packet, data, inner, end, depth);
}

function decodeArp(data: Uint8Array, at: number, end: number, ethSrcAt: number): ArpFields | undefined {
  // Ethernet (1) hardware, IPv4 (0x0800) protocol, 6- and 4-byte addresses: 28 bytes in all.
  if (end - at < 28 || u16(data, at, false) !== 1 || u16(data, at + 2, false) !== ETHERTYPE_IPV4 || data[at + 4] !== 6 || data[at + 5] !== 4) return undefined;
  const senderMac = macText(data, at + 8);
  return {
    operation: u16(data, at + 6, false),
    senderMac,
    senderIp: ipv4Text(data, at + 14),
    targetMac: macText(data, at + 18),
    targetIp: ipv4Text(data, at + 24),
    ethSrc: ethSrcAt >= 0 ? macText(data, ethSrcAt) : senderMac,
  };
}
