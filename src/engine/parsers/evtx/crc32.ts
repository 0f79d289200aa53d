/**
 * CRC-32 as EVTX uses it for the file header, chunk header and record data (RFC 1952 polynomial, initial value 0;
 * libyal "Windows XML Event Log (EVTX)" sections 2 and 3.1). Slicing-by-16: the record checksum covers nearly every
 * byte of the file, so a byte-at-a-time loop would cost as much as decoding the records, and 16 bytes per step run
 * about a third faster than 8 here.
 */

const POLYNOMIAL = 0xedb88320;
/** Bytes consumed per step; table `k` gives the CRC contribution of a byte followed by `k` more. */
const SLICES = 16;
const TABLES = buildTables();

function buildTables(): Uint32Array {
  const tables = new Uint32Array(SLICES * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < SLICES; t++) {
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
  const fastEnd = end - SLICES;
  if (LITTLE_ENDIAN && (bytes.byteOffset + i) % 4 === 0 && fastEnd >= i) {
    // Aligned input: read whole words rather than assembling them from bytes.
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >> 2);
    let w = 0;
    for (; i <= fastEnd; i += SLICES, w += 4) {
      crc = step(t, (crc ^ words[w]) >>> 0, words[w + 1], words[w + 2], words[w + 3]);
    }
  }
  for (; i <= fastEnd; i += SLICES) {
    crc = step(t, (crc ^ wordAt(bytes, i)) >>> 0, wordAt(bytes, i + 4), wordAt(bytes, i + 8), wordAt(bytes, i + 12));
  }
  while (i < end) crc = t[(crc ^ bytes[i++]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

function wordAt(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/** One 16-byte step: four little-endian words, the first already combined with the running CRC. */
function step(t: Uint32Array, a: number, b: number, c: number, d: number): number {
  return (
    t[3840 + (a & 0xff)] ^ t[3584 + ((a >>> 8) & 0xff)] ^ t[3328 + ((a >>> 16) & 0xff)] ^ t[3072 + (a >>> 24)] ^
    t[2816 + (b & 0xff)] ^ t[2560 + ((b >>> 8) & 0xff)] ^ t[2304 + ((b >>> 16) & 0xff)] ^ t[2048 + (b >>> 24)] ^
    t[1792 + (c & 0xff)] ^ t[1536 + ((c >>> 8) & 0xff)] ^ t[1280 + ((c >>> 16) & 0xff)] ^ t[1024 + (c >>> 24)] ^
    t[768 + (d & 0xff)] ^ t[512 + ((d >>> 8) & 0xff)] ^ t[256 + ((d >>> 16) & 0xff)] ^ t[d >>> 24]
  );
}
