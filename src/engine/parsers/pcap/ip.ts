import { u16, u32 } from './capture';
import { formatIpv6 } from '../../ioc/ip';

/** IP protocol numbers (IANA "Assigned Internet Protocol Numbers"). */
export const IPPROTO = {
  ICMP: 1,
  IPIP: 4,
  TCP: 6,
  UDP: 17,
  IPV6: 41,
  GRE: 47,
  ICMPV6: 58,
} as const;

/** One IPv4 or IPv6 header, with IPv6 extension headers already walked. */
export interface IpHeader {
  version: 4 | 6;
  src: string;
  dst: string;
  /** The upper-layer protocol: for IPv6 the Next Header after the last extension header. */
  protocol: number;
  /** Where the upper-layer bytes (or the fragment's bytes) start and end within the captured frame. */
  payloadAt: number;
  payloadEnd: number;
  /** Bytes of upper-layer payload the header declares, captured or not. */
  payloadLength: number;
  /** Present when the datagram is a fragment (more fragments follow or the offset is not 0). */
  fragment?: { id: number; offset: number; more: boolean };
}

const IPV4_MIN_HEADER = 20;
const IPV6_HEADER = 40;
/** Extension headers walked before giving up; RFC 8200 section 4.1 expects each at most once or twice. */
const MAX_EXTENSION_HEADERS = 16;
/** IPv6 extension headers in the generic (Next Header, length in 8-byte units) form (RFC 8200 section 4). */
const GENERIC_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);
const EXT_FRAGMENT = 44;
const EXT_AUTHENTICATION = 51;

/**
 * IPv4 (RFC 791). Accepted on the terms tshark accepts it, so the same packets count: a header length of at least 20
 * bytes and a total length of at least the header (0 means "set by segmentation offload": the captured length).
 */
export function decodeIpv4(data: Uint8Array, at: number, end: number): IpHeader | undefined {
  if (end - at < IPV4_MIN_HEADER || data[at] >> 4 !== 4) return undefined;
  const headerLength = (data[at] & 0x0f) * 4;
  if (headerLength < IPV4_MIN_HEADER) return undefined;
  let totalLength = u16(data, at + 2, false);
  if (totalLength === 0) totalLength = end - at;
  else if (totalLength < headerLength) return undefined;
  const flagsAndOffset = u16(data, at + 6, false);
  const more = (flagsAndOffset & 0x2000) !== 0;
  const offset = (flagsAndOffset & 0x1fff) * 8;
  const header: IpHeader = {
    version: 4,
    src: ipv4Text(data, at + 12),
    dst: ipv4Text(data, at + 16),
    protocol: data[at + 9],
    payloadAt: Math.min(at + headerLength, end),
    payloadEnd: Math.min(at + totalLength, end),
    payloadLength: totalLength - headerLength,
  };
  if (more || offset > 0) header.fragment = { id: u16(data, at + 4, false), offset, more };
  return header;
}

/** IPv6 (RFC 8200) with its extension headers; ESP and unknown headers end the walk. */
export function decodeIpv6(data: Uint8Array, at: number, end: number): IpHeader | undefined {
  if (end - at < IPV6_HEADER || data[at] >> 4 !== 6) return undefined;
  const declared = u16(data, at + 4, false);
  // A payload length of 0 is a jumbogram (RFC 2675) or offload: take what was captured.
  const payloadEnd = declared === 0 ? end : Math.min(at + IPV6_HEADER + declared, end);
  const header: IpHeader = {
    version: 6,
    src: ipv6Text(data, at + 8),
    dst: ipv6Text(data, at + 24),
    protocol: data[at + 6],
    payloadAt: at + IPV6_HEADER,
    payloadEnd,
    payloadLength: declared === 0 ? end - at - IPV6_HEADER : declared,
  };
  for (let count = 0; count < MAX_EXTENSION_HEADERS; count++) {
    const next = header.payloadAt;
    let length: number;
    if (GENERIC_EXTENSIONS.has(header.protocol)) length = next + 2 <= payloadEnd ? (data[next + 1] + 1) * 8 : -1;
    else if (header.protocol === EXT_AUTHENTICATION) length = next + 2 <= payloadEnd ? (data[next + 1] + 2) * 4 : -1;
    else if (header.protocol === EXT_FRAGMENT) length = 8;
    else break;
    if (length < 0 || next + length > payloadEnd) break;
    if (header.protocol === EXT_FRAGMENT) {
      const offsetAndFlags = u16(data, next + 2, false);
      const offset = offsetAndFlags & 0xfff8;
      const more = (offsetAndFlags & 1) === 1;
      // An atomic fragment (RFC 6946: offset 0, no more) is a whole datagram.
      if (offset > 0 || more) header.fragment = { id: u32(data, next + 4, false), offset, more };
    }
    header.protocol = data[next];
    header.payloadAt = next + length;
    header.payloadLength -= length;
    if (header.fragment && header.fragment.offset > 0) break;
  }
  return header;
}

/**
 * Dotted quads already built, by address value: a capture repeats a few addresses millions of times, and building
 * the text anew for every packet is most of the garbage its decoding makes. Cleared when full, so it stays bounded.
 */
const ipv4TextCache = new Map<number, string>();
const IPV4_TEXT_CACHE_ENTRIES = 16_384;

export function ipv4Text(data: Uint8Array, at: number): string {
  const value = ((data[at] << 24) | (data[at + 1] << 16) | (data[at + 2] << 8) | data[at + 3]) >>> 0;
  let text = ipv4TextCache.get(value);
  if (text === undefined) {
    if (ipv4TextCache.size >= IPV4_TEXT_CACHE_ENTRIES) ipv4TextCache.clear();
    text = `${data[at]}.${data[at + 1]}.${data[at + 2]}.${data[at + 3]}`;
    ipv4TextCache.set(value, text);
  }
  return text;
}

/** RFC 5952: lower-case hex, no leading zeros, the longest run of two or more zero groups as `::`. */
export function ipv6Text(data: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((data[at + 2 * i] << 8) | data[at + 2 * i + 1]);
  // RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) return `::ffff:${ipv4Text(data, at + 12)}`;
  return formatIpv6(groups);
}

export function macText(data: Uint8Array, at: number): string {
  let text = '';
  for (let i = 0; i < 6; i++) text += (i ? ':' : '') + (data[at + i] < 16 ? '0' : '') + data[at + i].toString(16);
  return text;
}
