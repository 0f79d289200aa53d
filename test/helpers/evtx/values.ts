/** Typed BinXML substitution values for fixtures (MS-EVEN6 2.2.12 value types). */
import type { Value } from './writer';

const bytesOf = (length: number, fill: (view: DataView) => void): Uint8Array => {
  const bytes = new Uint8Array(length);
  fill(new DataView(bytes.buffer));
  return bytes;
};

const utf16 = (text: string): Uint8Array => bytesOf(text.length * 2, (view) => {
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
});

export const v = {
  null: (): Value => ({ type: 0x00, bytes: new Uint8Array(0) }),
  string: (text: string): Value => ({ type: 0x01, bytes: utf16(text) }),
  ansi: (text: string): Value => ({ type: 0x02, bytes: Uint8Array.from(text, (c) => c.charCodeAt(0)) }),
  int8: (n: number): Value => ({ type: 0x03, bytes: bytesOf(1, (d) => d.setInt8(0, n)) }),
  uint8: (n: number): Value => ({ type: 0x04, bytes: bytesOf(1, (d) => d.setUint8(0, n)) }),
  int16: (n: number): Value => ({ type: 0x05, bytes: bytesOf(2, (d) => d.setInt16(0, n, true)) }),
  uint16: (n: number): Value => ({ type: 0x06, bytes: bytesOf(2, (d) => d.setUint16(0, n, true)) }),
  int32: (n: number): Value => ({ type: 0x07, bytes: bytesOf(4, (d) => d.setInt32(0, n, true)) }),
  uint32: (n: number): Value => ({ type: 0x08, bytes: bytesOf(4, (d) => d.setUint32(0, n, true)) }),
  int64: (n: bigint): Value => ({ type: 0x09, bytes: bytesOf(8, (d) => d.setBigInt64(0, n, true)) }),
  uint64: (n: bigint): Value => ({ type: 0x0a, bytes: bytesOf(8, (d) => d.setBigUint64(0, n, true)) }),
  real32: (n: number): Value => ({ type: 0x0b, bytes: bytesOf(4, (d) => d.setFloat32(0, n, true)) }),
  real64: (n: number): Value => ({ type: 0x0c, bytes: bytesOf(8, (d) => d.setFloat64(0, n, true)) }),
  bool: (b: boolean): Value => ({ type: 0x0d, bytes: bytesOf(4, (d) => d.setUint32(0, b ? 1 : 0, true)) }),
  binary: (bytes: number[]): Value => ({ type: 0x0e, bytes: Uint8Array.from(bytes) }),
  /** `{...}` text to its little-endian bytes (Data1-3 little-endian, Data4 as written). */
  guid: (text: string): Value => {
    const hex = text.replace(/[{}-]/g, '');
    const raw = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
    const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
    return { type: 0x0f, bytes: Uint8Array.from(order, (i) => raw[i]) };
  },
  sizeT64: (n: bigint): Value => ({ type: 0x10, bytes: bytesOf(8, (d) => d.setBigUint64(0, n, true)) }),
  sizeT32: (n: number): Value => ({ type: 0x10, bytes: bytesOf(4, (d) => d.setUint32(0, n, true)) }),
  fileTime: (ticks: bigint): Value => ({ type: 0x11, bytes: bytesOf(8, (d) => d.setBigUint64(0, ticks, true)) }),
  systemTime: (fields: [number, number, number, number, number, number, number, number]): Value => ({
    type: 0x12,
    bytes: bytesOf(16, (d) => fields.forEach((field, i) => d.setUint16(i * 2, field, true))),
  }),
  /** `S-1-5-21-...` text to its binary form (MS-DTYP 2.4.2.2). */
  sid: (text: string): Value => {
    const [, revision, authority, ...subs] = text.split('-');
    return {
      type: 0x13,
      bytes: bytesOf(8 + subs.length * 4, (d) => {
        d.setUint8(0, Number(revision));
        d.setUint8(1, subs.length);
        d.setUint16(2, 0, false);
        d.setUint32(4, Number(authority), false);
        subs.forEach((sub, i) => d.setUint32(8 + i * 4, Number(sub), true));
      }),
    };
  },
  hex32: (n: number): Value => ({ type: 0x14, bytes: bytesOf(4, (d) => d.setUint32(0, n, true)) }),
  hex64: (n: bigint): Value => ({ type: 0x15, bytes: bytesOf(8, (d) => d.setBigUint64(0, n, true)) }),
  stringArray: (items: string[]): Value => ({ type: 0x81, bytes: utf16(items.map((item) => item + '\0').join('')) }),
  uint16Array: (items: number[]): Value => ({
    type: 0x86,
    bytes: bytesOf(items.length * 2, (d) => items.forEach((item, i) => d.setUint16(i * 2, item, true))),
  }),
  /** Raw bytes under any type, for values whose size does not fit their type. */
  raw: (type: number, bytes: number[]): Value => ({ type, bytes: Uint8Array.from(bytes) }),
  binXml: (bytes: Uint8Array): Value => ({ type: 0x21, bytes }),
};

/** FILETIME ticks for an ISO time with up to 7 fractional digits. */
export function fileTimeTicks(iso: string): bigint {
  const match = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!match) throw new Error(`not an ISO UTC time: ${iso}`);
  const seconds = BigInt(Date.parse(match[1] + 'Z') / 1000) + 11644473600n;
  return seconds * 10_000_000n + BigInt((match[2] ?? '').padEnd(7, '0'));
}
