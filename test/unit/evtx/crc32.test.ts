import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/engine/parsers/evtx/crc32';

/** The bit-at-a-time definition (RFC 1952 section 8) the table-driven version must agree with. */
function referenceCrc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32', () => {
  it('gives the RFC 1952 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('agrees with the bitwise definition at every alignment, length and split point', () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + 7) & 0xff);
    for (const start of [0, 1, 2, 3, 4, 5, 8, 13]) {
      for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 500, 987 - start]) {
        const slice = data.subarray(start, start + length);
        expect(crc32(data, start, start + length)).toBe(referenceCrc32(slice));
        const half = start + (length >> 1);
        expect(crc32(data, half, start + length, crc32(data, start, half))).toBe(referenceCrc32(slice));
      }
    }
  });
});
