// Writes the app icons (PNG, RGBA) next to this script: `node public/icons/make-icons.mjs`.
// Same drawing as favicon.svg, rasterized by hand so no image tool is needed: a rounded dark square with a shield
// and three bars. The maskable icon keeps the drawing inside the central 80% safe zone (W3C manifest, "purpose").
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BACKGROUND = [0x0f, 0x17, 0x2a, 255];
const SHIELD = [0x0e, 0xa5, 0xe9, 255];
const CLEAR = [0, 0, 0, 0];

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** PNG (ISO/IEC 15948): signature, IHDR (8-bit RGBA), IDAT (filter byte 0 per scanline, zlib), IEND. */
function encodePng(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The drawing in favicon.svg's 64-unit space: is point (u, v) on the shield, on a bar, or background? */
function shade(u, v) {
  const inShield = v >= 8 + (Math.abs(u - 32) / 20) * 8 && v <= 56 && Math.abs(u - 32) <= 20 &&
    (v <= 30 || Math.abs(u - 32) <= 20 * Math.sqrt(Math.max(0, 1 - ((v - 30) / 26) ** 2)));
  if (!inShield) return BACKGROUND;
  const bar = (y, x2) => Math.abs(v - y) <= 2 && u >= 20 && u <= x2 + 2;
  return bar(24, 42) || bar(32, 36) || bar(40, 30) ? BACKGROUND : SHIELD;
}

function icon(size, { maskable }) {
  const radius = maskable ? 0 : size * (12 / 64);
  const scale = maskable ? 0.8 : 1;
  return encodePng(size, (x, y) => {
    const cx = x + 0.5;
    const cy = y + 0.5;
    const dx = Math.max(radius - cx, cx - (size - radius), 0);
    const dy = Math.max(radius - cy, cy - (size - radius), 0);
    if (radius && dx * dx + dy * dy > radius * radius) return CLEAR;
    const u = ((cx / size - 0.5) / scale + 0.5) * 64;
    const v = ((cy / size - 0.5) / scale + 0.5) * 64;
    return u < 0 || u > 64 || v < 0 || v > 64 ? BACKGROUND : shade(u, v);
  });
}

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'icon-192.png'), icon(192, { maskable: false }));
writeFileSync(join(here, 'icon-512.png'), icon(512, { maskable: false }));
writeFileSync(join(here, 'icon-512-maskable.png'), icon(512, { maskable: true }));
