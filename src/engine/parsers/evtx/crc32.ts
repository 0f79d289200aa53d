/**
 * CRC-32 as EVTX uses it for the file header, chunk header and record data (RFC 1952 polynomial, initial value 0;
 * libyal "Windows XML Event Log (EVTX)" sections 2 and 3.1). Slicing-by-8: the record checksum covers nearly every
 * byte of the file, so a byte-at-a-time loop would cost as much as decoding the records.
 */

const POLYNOMIAL = 0xedb88320;
const TABLES = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) {
      const previous = tables[(t - 1) * 256 + n];
      tables[t * 256 + n] = (tables[previous & 0xff] ^ (previous >>> 8)) >>> 0;
    }
  }
  return tables;
}

/** Whether 32-bit words read through a Uint32Array come out little-endian, as the CRC's byte order needs. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** CRC-32 of `bytes[start, end)`, continuing from `seed` (the CRC of the bytes before, 0 for none). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  const t = TABLES;
  let crc = ~seed;
  let i = start;
  const fastEnd = end - 8;
  if (LITTLE_ENDIAN && (bytes.byteOffset + i) % 4 === 0 && fastEnd >= i) {
    // Aligned input: read whole words rather than assembling them from bytes.
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >> 2);
    let w = 0;
    for (; i <= fastEnd; i += 8, w += 2) {
      const lo = (crc ^ words[w]) >>> 0;
      const hi = words[w + 1];
      crc =
        t[1792 + (lo & 0xff)] ^
        t[1536 + ((lo >>> 8) & 0xff)] ^
        t[1280 + ((lo >>> 16) & 0xff)] ^
        t[1024 + (lo >>> 24)] ^
        t[768 + (hi & 0xff)] ^
        t[512 + ((hi >>> 8) & 0xff)] ^
        t[256 + ((hi >>> 16) & 0xff)] ^
        t[hi >>> 24];
    }
  }
  while (i <= fastEnd) {
    const lo = (crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))) >>> 0;
    crc =
      t[1792 + (lo & 0xff)] ^
      t[1536 + ((lo >>> 8) & 0xff)] ^
      t[1280 + ((lo >>> 16) & 0xff)] ^
      t[1024 + (lo >>> 24)] ^
      t[768 + bytes[i + 4]] ^
      t[512 + bytes[i + 5]] ^
      t[256 + bytes[i + 6]] ^
      t[bytes[i + 7]];
    i += 8;
  }
  while (i < end) crc = t[(crc ^ bytes[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
