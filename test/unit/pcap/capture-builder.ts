/**
 * Builds captures byte by byte for the pcap tests: classic pcap and pcapng containers, and the link, network and
 * transport headers inside them. Checksums are left zero: the decoder, like tshark by default, does not verify them.
 */

import { concatBytes } from '../../../src/engine/io/line-reader';

export type Bytes = Uint8Array<ArrayBuffer>;

export function concat(...parts: (Bytes | number[])[]): Bytes {
  return concatAll(parts);
}

/** `concat` for many parts (a spread of a long list would overflow the call stack). */
export function concatAll(parts: (Bytes | number[])[]): Bytes {
  const arrays = parts.map((part) => (part instanceof Uint8Array ? part : Uint8Array.from(part)));
  return concatBytes(arrays, arrays.reduce((sum, part) => sum + part.length, 0));
}

export const ascii = (text: string): Bytes => new TextEncoder().encode(text);
export const be16 = (value: number): number[] => [(value >> 8) & 0xff, value & 0xff];
export const be32 = (value: number): number[] => [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

function word(value: number, littleEndian: boolean, bytes: 2 | 4): number[] {
  const big = bytes === 2 ? be16(value) : be32(value);
  return littleEndian ? big.reverse() : big;
}

export const le16 = (value: number): number[] => word(value, true, 2);
export const le32 = (value: number): number[] => word(value, true, 4);

/** A pcapng timestamp: the 64-bit count of resolution units as its high and low 32-bit words. */
const timestampWords = (units: bigint, le: boolean): number[] => [...word(Number(units >> 32n), le, 4), ...word(Number(units & 0xffffffffn), le, 4)];

export function mac(text: string): number[] {
  return text.split(':').map((part) => parseInt(part, 16));
}

export function ipv4(text: string): number[] {
  return text.split('.').map(Number);
}

/** Full (uncompressed) IPv6 text such as `2001:db8:0:0:0:0:0:1`. */
export function ipv6(text: string): number[] {
  return text.split(':').flatMap((group) => be16(parseInt(group, 16)));
}

// ---------------------------------------------------------------- containers

export interface ClassicRecord {
  seconds: number;
  fraction: number;
  data: Bytes;
  originalLength?: number;
  /** Overrides the captured-length field (to build damaged records). */
  caplen?: number;
}

export function classicPcap(records: ClassicRecord[], options: { littleEndian?: boolean; nanosecond?: boolean; linkType?: number; snaplen?: number } = {}): Bytes {
  const le = options.littleEndian ?? true;
  const magic = options.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4;
  const header = concat(word(magic, le, 4), word(2, le, 2), word(4, le, 2), word(0, le, 4), word(0, le, 4), word(options.snaplen ?? 65535, le, 4), word(options.linkType ?? 1, le, 4));
  return concatAll([
    header,
    ...records.map((record) =>
      concat(word(record.seconds, le, 4), word(record.fraction, le, 4), word(record.caplen ?? record.data.length, le, 4), word(record.originalLength ?? record.data.length, le, 4), record.data),
    ),
  ]);
}

const pad4 = (bytes: Bytes): Bytes => concat(bytes, new Array((4 - (bytes.length % 4)) % 4).fill(0));

/** One pcapng block with both length fields. */
export function block(type: number, body: Bytes, le = true, trailerOverride?: number): Bytes {
  const padded = pad4(body);
  const length = padded.length + 12;
  return concat(word(type, le, 4), word(length, le, 4), padded, word(trailerOverride ?? length, le, 4));
}

export function option(code: number, value: Bytes | number[], le = true): Bytes {
  const bytes = value instanceof Uint8Array ? value : Uint8Array.from(value);
  return concat(word(code, le, 2), word(bytes.length, le, 2), pad4(bytes));
}

export function shb(le = true): Bytes {
  // Byte-order magic, version 1.0, section length -1 (unknown).
  return block(0x0a0d0d0a, concat(word(0x1a2b3c4d, le, 4), word(1, le, 2), word(0, le, 2), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), le);
}

export function idb(linkType: number, options: { snaplen?: number; tsresol?: number; tsoffset?: bigint; le?: boolean } = {}): Bytes {
  const le = options.le ?? true;
  const opts: Bytes[] = [];
  if (options.tsresol !== undefined) opts.push(option(9, [options.tsresol], le));
  if (options.tsoffset !== undefined) {
    const value = new Uint8Array(8);
    new DataView(value.buffer).setBigInt64(0, options.tsoffset, le);
    opts.push(option(14, value, le));
  }
  if (opts.length) opts.push(option(0, [], le));
  return block(1, concat(word(linkType, le, 2), [0, 0], word(options.snaplen ?? 0, le, 4), ...opts), le);
}

/** An Enhanced Packet Block; `units` is the 64-bit timestamp in the interface's resolution. */
export function epb(interfaceId: number, units: bigint, data: Bytes, options: { originalLength?: number; caplen?: number; le?: boolean } = {}): Bytes {
  const le = options.le ?? true;
  return block(6, concat(word(interfaceId, le, 4), timestampWords(units, le), word(options.caplen ?? data.length, le, 4), word(options.originalLength ?? data.length, le, 4), data), le);
}

export function spb(data: Bytes, originalLength = data.length, le = true): Bytes {
  return block(3, concat(word(originalLength, le, 4), data), le);
}

/** The obsolete Packet Block (pcapng appendix A). */
export function obsoletePacketBlock(interfaceId: number, units: bigint, data: Bytes, le = true): Bytes {
  return block(2, concat(word(interfaceId, le, 2), [0, 0], timestampWords(units, le), word(data.length, le, 4), word(data.length, le, 4), data), le);
}

// ---------------------------------------------------------------- packets

export const MAC_A = '00:11:22:33:44:55';
export const MAC_B = '66:77:88:99:aa:bb';

export function ethernet(type: number, payload: Bytes, options: { src?: string; dst?: string; vlans?: { tpid: number; id: number }[] } = {}): Bytes {
  const tags = (options.vlans ?? []).flatMap((tag) => [...be16(tag.tpid), ...be16(tag.id)]);
  return concat(mac(options.dst ?? MAC_B), mac(options.src ?? MAC_A), tags, be16(type), payload);
}

export interface Ipv4Options {
  id?: number;
  moreFragments?: boolean;
  fragmentOffset?: number;
  options?: number[];
  totalLength?: number;
  ttl?: number;
}

export function ipv4Packet(src: string, dst: string, protocol: number, payload: Bytes, options: Ipv4Options = {}): Bytes {
  const ipOptions = options.options ?? [];
  const headerLength = 20 + ipOptions.length;
  const flags = (options.moreFragments ? 0x2000 : 0) | ((options.fragmentOffset ?? 0) / 8);
  return concat(
    [0x40 | (headerLength / 4), 0],
    be16(options.totalLength ?? headerLength + payload.length),
    be16(options.id ?? 1),
    be16(flags),
    [options.ttl ?? 64, protocol, 0, 0],
    ipv4(src),
    ipv4(dst),
    ipOptions,
    payload,
  );
}

/** `extensions`: [next header of the following, body] pairs written in the generic 8-byte-unit form. */
export function ipv6Packet(src: string, dst: string, nextHeader: number, payload: Bytes, extensions: { type: number; body?: number[] }[] = []): Bytes {
  let upper = payload;
  let next = nextHeader;
  for (let i = extensions.length - 1; i >= 0; i--) {
    const body = extensions[i].body ?? [0, 0, 0, 0, 0, 0];
    const length = (body.length + 2) / 8 - 1;
    upper = concat([next, length], body, upper);
    next = extensions[i].type;
  }
  return concat([0x60, 0, 0, 0], be16(upper.length), [next, 64], ipv6(src), ipv6(dst), upper);
}

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export function tcpSegment(srcPort: number, dstPort: number, seq: number, ack: number, flags: number, payload: Bytes = new Uint8Array(0), window = 8192): Bytes {
  return concat(be16(srcPort), be16(dstPort), be32(seq), be32(ack), [0x50, flags], be16(window), [0, 0, 0, 0], payload);
}

export function udpDatagram(srcPort: number, dstPort: number, payload: Bytes): Bytes {
  return concat(be16(srcPort), be16(dstPort), be16(8 + payload.length), [0, 0], payload);
}

export function icmpMessage(type: number, code: number, body: Bytes): Bytes {
  return concat([type, code, 0, 0, 0, 0, 0, 0], body);
}

export function arpPacket(operation: number, senderMac: string, senderIp: string, targetMac: string, targetIp: string): Bytes {
  return concat(be16(1), be16(0x0800), [6, 4], be16(operation), mac(senderMac), ipv4(senderIp), mac(targetMac), ipv4(targetIp));
}

export const ipv4OverEthernet = (packet: Bytes, options: { src?: string; dst?: string } = {}): Bytes => ethernet(0x0800, packet, options);
