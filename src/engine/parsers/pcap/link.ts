import { u16, u32 } from './capture';
import { decodeIeee80211, decodeRadiotap, type WifiBody } from './wifi';

/** EtherTypes the decoder follows (IEEE registry). */
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;
const ETHERTYPE_QINQ_OLD = 0x9100;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
const ETHERTYPE_MPLS = 0x8847;
const ETHERTYPE_MPLS_MULTICAST = 0x8848;
/** At or below this an Ethernet type field is an 802.3 length (IEEE 802.3 clause 3.2.6). */
const MAX_8023_LENGTH = 1500;
/** Stacked VLAN tags or MPLS labels followed before giving up: real stacks are 2 or 3 deep. */
const MAX_STACKED_TAGS = 8;

/** LINKTYPE_* values (tcpdump.org link-layer header types). */
export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OLD_BSD: 12,
  RAW_OLD_OPENBSD: 14,
  RAW: 101,
  IEEE802_11: 105,
  LOOP: 108,
  LINUX_SLL: 113,
  IEEE802_11_RADIOTAP: 127,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
  PPP: 9,
  PPP_HDLC: 50,
  C_HDLC: 104,
  PFLOG: 117,
  PPI: 192,
  NFLOG: 239,
} as const;

/** What the link layer carries: the network protocol by EtherType, where it starts, and the MAC addresses. */
export interface LinkPayload {
  /** 0 when the frame carries nothing the decoder follows (802.11 management, encrypted data, unknown types). */
  etherType: number;
  offset: number;
  /** Offsets of the 6-byte source and destination MAC addresses within the frame, -1 when the link has none. */
  srcMacAt: number;
  dstMacAt: number;
  /** Where the network layer's bytes end when the link has a trailer (an 802.11 FCS); absent: the captured end. */
  end?: number;
}

const NOTHING: LinkPayload = { etherType: 0, offset: 0, srcMacAt: -1, dstMacAt: -1 };

/** The network layer at `offset` of a link without MAC addresses. */
const withoutMacs = (etherType: number, offset: number): LinkPayload => ({ etherType, offset, srcMacAt: -1, dstMacAt: -1 });

const KNOWN_LINK_TYPES: ReadonlySet<number> = new Set(Object.values(LINKTYPE));

export function isKnownLinkType(linkType: number): boolean {
  return KNOWN_LINK_TYPES.has(linkType);
}

/** `depth` counts link headers wrapping this one (PPI), which may not nest further. */
export function decodeLink(linkType: number, data: Uint8Array, depth = 0): LinkPayload {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (data.length < 14) return NOTHING;
      return followEtherType(data, u16(data, 12, false), 14, 6, 0, true);
    case LINKTYPE.NULL:
      return nullLink(data, u32(data, 0, true));
    case LINKTYPE.LOOP:
      return nullLink(data, u32(data, 0, false));
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OLD_BSD:
    case LINKTYPE.RAW_OLD_OPENBSD:
      return byIpVersion(data, 0, -1, -1);
    case LINKTYPE.IPV4:
      return withoutMacs(ETHERTYPE_IPV4, 0);
    case LINKTYPE.IPV6:
      return withoutMacs(ETHERTYPE_IPV6, 0);
    case LINKTYPE.LINUX_SLL:
      // Linux "cooked" header v1: packet type, ARPHRD type, address length, 8 address bytes, protocol.
      if (data.length < 16) return NOTHING;
      return followEtherType(data, u16(data, 14, false), 16, u16(data, 4, false) === 6 ? 6 : -1, -1, false);
    case LINKTYPE.LINUX_SLL2:
      // v2: protocol first, then interface index, ARPHRD type, packet type, address length and 8 address bytes.
      if (data.length < 20) return NOTHING;
      return followEtherType(data, u16(data, 0, false), 20, data[11] === 6 ? 12 : -1, -1, false);
    case LINKTYPE.IEEE802_11:
      return llcPayload(data, decodeIeee80211(data, 0, data.length));
    case LINKTYPE.IEEE802_11_RADIOTAP:
      return llcPayload(data, decodeRadiotap(data));
    case LINKTYPE.PPP:
    case LINKTYPE.PPP_HDLC:
      return pppLink(data);
    case LINKTYPE.C_HDLC:
      // Cisco HDLC: address, control, then an EtherType.
      if (data.length < 4) return NOTHING;
      return followEtherType(data, u16(data, 2, false), 4, -1, -1, false);
    case LINKTYPE.PFLOG:
      return pflogLink(data);
    case LINKTYPE.NFLOG:
      return nflogLink(data);
    case LINKTYPE.PPI:
      return ppiLink(data, depth);
    default:
      return NOTHING;
  }
}

/** RFC 1661/1662: optional FF 03 address and control, then a 1- or 2-byte protocol (odd low byte ends it). */
function pppLink(data: Uint8Array): LinkPayload {
  let at = data.length >= 2 && data[0] === 0xff && data[1] === 0x03 ? 2 : 0;
  if (data.length <= at) return NOTHING;
  let protocol = data[at];
  if ((protocol & 1) === 0) {
    if (data.length <= at + 1) return NOTHING;
    protocol = (protocol << 8) | data[at + 1];
    at++;
  }
  at++;
  const etherType = pppEtherType(protocol);
  return etherType ? withoutMacs(etherType, at) : NOTHING;
}

/** The EtherType of the PPP protocols the decoder follows: 0x0021 IPv4 (RFC 1332), 0x0057 IPv6 (RFC 5072); else 0. */
function pppEtherType(protocol: number): number {
  if (protocol === 0x0021) return ETHERTYPE_IPV4;
  return protocol === 0x0057 ? ETHERTYPE_IPV6 : 0;
}

/** OpenBSD pflog: the header's own length (word-aligned) and the address family of the packet after it. */
function pflogLink(data: Uint8Array): LinkPayload {
  if (data.length < 2) return NOTHING;
  const headerLength = (data[0] + 3) & ~3;
  const family = familyEtherType(data[1]);
  return family && headerLength >= 4 && headerLength <= data.length ? withoutMacs(family, headerLength) : NOTHING;
}

/** Linux NFLOG: family, version, resource id, then TLVs (host byte order, 4-byte aligned); type 9 is the packet. */
function nflogLink(data: Uint8Array): LinkPayload {
  if (data.length < 4) return NOTHING;
  const family = familyEtherType(data[0]);
  if (!family) return NOTHING;
  for (const littleEndian of [true, false]) {
    for (let at = 4; at + 4 <= data.length; ) {
      const length = u16(data, at, littleEndian);
      if (length < 4 || at + length > data.length) break;
      if (u16(data, at + 2, littleEndian) === NFLOG_PAYLOAD) return { etherType: family, offset: at + 4, srcMacAt: -1, dstMacAt: -1, end: at + length };
      at += (length + 3) & ~3;
    }
  }
  return NOTHING;
}

const NFLOG_PAYLOAD = 9;

function familyEtherType(family: number): number {
  if (family === 2) return ETHERTYPE_IPV4;
  return family === 10 || family === 24 || family === 28 || family === 30 ? ETHERTYPE_IPV6 : 0;
}

/** Per-Packet Information: a little-endian header naming the link type of the frame that follows. */
function ppiLink(data: Uint8Array, depth: number): LinkPayload {
  if (data.length < 8 || data[0] !== 0 || depth > 0) return NOTHING;
  const headerLength = u16(data, 2, true);
  if (headerLength < 8 || headerLength > data.length) return NOTHING;
  const inner = decodeLink(u32(data, 4, true), data.subarray(headerLength), depth + 1);
  if (inner.etherType === 0) return NOTHING;
  const shift = (at: number): number => (at < 0 ? at : at + headerLength);
  return { etherType: inner.etherType, offset: inner.offset + headerLength, srcMacAt: shift(inner.srcMacAt), dstMacAt: shift(inner.dstMacAt), end: inner.end === undefined ? undefined : inner.end + headerLength };
}

/**
 * BSD loopback: the address family in the capturing host's byte order (NULL) or network order (LOOP). AF_INET is 2
 * everywhere; AF_INET6 is 10, 24, 28 or 30 depending on the OS. A value with high bits set was byte-swapped.
 */
function nullLink(data: Uint8Array, family: number): LinkPayload {
  if (data.length < 4) return NOTHING;
  const value = family & 0xffff0000 ? ((family >>> 24) | ((family >>> 8) & 0xff00)) : family;
  const etherType = value < 256 ? familyEtherType(value) : 0;
  return etherType ? withoutMacs(etherType, 4) : NOTHING;
}

function byIpVersion(data: Uint8Array, offset: number, srcMacAt: number, dstMacAt: number): LinkPayload {
  if (data.length <= offset) return NOTHING;
  const version = data[offset] >> 4;
  if (version === 4) return { etherType: ETHERTYPE_IPV4, offset, srcMacAt, dstMacAt };
  if (version === 6) return { etherType: ETHERTYPE_IPV6, offset, srcMacAt, dstMacAt };
  return NOTHING;
}

/** Linux cooked captures put this in the protocol field for frames that carry an 802.2 LLC header (if_ether.h). */
const SLL_PROTOCOL_802_2 = 0x0004;

/**
 * Follows VLAN tags (802.1Q, 802.1ad), LLC/SNAP, PPPoE sessions and MPLS labels to the network layer. On Ethernet a
 * type field up to 1500 is an 802.3 length followed by LLC (`lengthMeansLlc`).
 */
function followEtherType(data: Uint8Array, firstType: number, firstOffset: number, srcMacAt: number, dstMacAt: number, lengthMeansLlc: boolean): LinkPayload {
  let type = firstType;
  let offset = firstOffset;
  for (let depth = 0; depth < MAX_STACKED_TAGS; depth++) {
    if (type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD) {
      if (data.length < offset + 4) return NOTHING;
      type = u16(data, offset + 2, false);
      offset += 4;
    } else if ((lengthMeansLlc && type <= MAX_8023_LENGTH) || type === SLL_PROTOCOL_802_2) {
      const snap = snapEtherType(data, offset);
      if (snap < 0) return NOTHING;
      type = snap;
      offset += 8;
    } else if (type === ETHERTYPE_PPPOE_SESSION) {
      // RFC 2516 section 4: 6-byte PPPoE header, then the 2-byte PPP protocol.
      if (data.length < offset + 8) return NOTHING;
      type = pppEtherType(u16(data, offset + 6, false));
      offset += 8;
      if (!type) return NOTHING;
    } else if (type === ETHERTYPE_MPLS || type === ETHERTYPE_MPLS_MULTICAST) {
      // RFC 3032: 4-byte labels until the bottom-of-stack bit; the payload's version nibble tells IPv4 from IPv6.
      for (let label = 0; ; label++) {
        if (label >= MAX_STACKED_TAGS || data.length < offset + 4) return NOTHING;
        const bottom = (data[offset + 2] & 1) === 1;
        offset += 4;
        if (bottom) break;
      }
      return byIpVersion(data, offset, srcMacAt, dstMacAt);
    } else {
      break;
    }
  }
  return { etherType: type, offset, srcMacAt, dstMacAt };
}

/** The EtherType inside an 802.2 LLC header with SNAP (AA AA 03, then a 3-byte OUI and the type); -1 otherwise. */
function snapEtherType(data: Uint8Array, offset: number): number {
  if (data.length < offset + 8 || data[offset] !== 0xaa || data[offset + 1] !== 0xaa || data[offset + 2] !== 0x03) return -1;
  return u16(data, offset + 6, false);
}

/** An 802.11 data frame's body is LLC/SNAP (IEEE 802.11 clause 5.1.5); the FCS, when present, is not payload. */
function llcPayload(data: Uint8Array, frame: WifiBody | undefined): LinkPayload {
  if (!frame) return NOTHING;
  const body = data.subarray(0, frame.bodyEnd);
  const type = snapEtherType(body, frame.bodyAt);
  if (type < 0) return NOTHING;
  const found = followEtherType(body, type, frame.bodyAt + 8, frame.srcMacAt, frame.dstMacAt, false);
  return { ...found, end: frame.bodyEnd };
}
