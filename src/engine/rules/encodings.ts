/**
 * Encoding modifiers (Sigma appendix "modifiers", String section). Encoded values are byte strings: one JS character
 * per byte (0-255), the form `btoa` takes.
 */

export function utf8Bytes(text: string): string {
  let bytes = '';
  for (const byte of new TextEncoder().encode(text)) bytes += String.fromCharCode(byte);
  return bytes;
}

/** `utf16le` / `wide`: each UTF-16 code unit as low byte then high byte. */
export function utf16leBytes(text: string): string {
  let bytes = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += String.fromCharCode(unit & 0xff, unit >> 8);
  }
  return bytes;
}

export function utf16beBytes(text: string): string {
  let bytes = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += String.fromCharCode(unit >> 8, unit & 0xff);
  }
  return bytes;
}

/** `utf16`: little-endian with the byte-order mark FF FE in front. */
export function utf16Bytes(text: string): string {
  return '\xff\xfe' + utf16leBytes(text);
}

export function base64(bytes: string): string {
  return btoa(bytes);
}

const OFFSET_START = [0, 2, 3];
const OFFSET_END_DROP = [0, 3, 2];

/**
 * `base64offset`, pySigma's algorithm: for shifts 0, 1 and 2 encode the value behind that many filler bytes, then cut
 * the characters that depend on the unknown neighbouring bytes (first 0/2/3; last 0/3/2 by (length + shift) mod 3).
 */
export function base64OffsetVariants(bytes: string): string[] {
  const variants: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = btoa(' '.repeat(shift) + bytes);
    const drop = OFFSET_END_DROP[(bytes.length + shift) % 3];
    variants.push(encoded.slice(OFFSET_START[shift], encoded.length - drop));
  }
  return variants;
}
