import { describe, expect, it } from 'vitest';
import { decodeUtf16Value, MAX_CACHED_VALUE_UNITS, VALUE_CACHE_SLOTS } from '../../../src/engine/parsers/evtx/text';

const utf16 = (text: string, terminators = 0): Uint8Array => {
  const bytes = new Uint8Array((text.length + terminators) * 2);
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff;
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return bytes;
};

const decode = (bytes: Uint8Array): string => decodeUtf16Value(bytes, 0, bytes.length);

/** Cheap deterministic strings, many of them, to push values through every cache slot. */
function values(count: number, seed: number): string[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    const length = state % 90;
    return Array.from({ length }, (_, i) => String.fromCharCode(0x20 + ((state >>> (i % 24)) + i * 7) % 0x5e)).join('');
  });
}

describe('EVTX string values decoded through the value cache', () => {
  it('gives back exactly what decoding gives, for values seen again, evicted and colliding', () => {
    const texts = values(VALUE_CACHE_SLOTS * 3, 7);
    for (const round of [0, 1]) {
      for (const text of texts) expect(decode(utf16(text, round))).toBe(text);
    }
  });

  it('never hands out a cleaned value for the raw bytes it was cleaned from, nor the reverse', () => {
    // A lone CR becomes LF and controls are dropped (XML text): the cached LF value must not answer for the CR bytes.
    expect(decode(utf16('line\nnext'))).toBe('line\nnext');
    expect(decode(utf16('line\rnext'))).toBe('line\nnext');
    expect(decode(utf16('line\nnext'))).toBe('line\nnext');
    expect(decode(utf16('a\u0001b'))).toBe('ab');
    expect(decode(utf16('ab'))).toBe('ab');
    expect(decode(utf16('a\u0001b'))).toBe('ab');
    // A lone surrogate decodes to U+FFFD; the U+FFFD value itself is a different string of bytes.
    expect(decode(utf16('x\ud800y'))).toBe('x\ufffdy');
    expect(decode(utf16('x\ufffdy'))).toBe('x\ufffdy');
    expect(decode(utf16('x\ud800y'))).toBe('x\ufffdy');
    // A valid surrogate pair is kept.
    expect(decode(utf16('smile \ud83d\ude00'))).toBe('smile \ud83d\ude00');
  });

  it('decodes values longer than the cached length and trailing NULs the same way', () => {
    const long = 'C:\\Windows\\System32\\'.repeat(Math.ceil((MAX_CACHED_VALUE_UNITS + 10) / 20));
    expect(decode(utf16(long, 1))).toBe(long);
    expect(decode(utf16(long))).toBe(long);
    expect(decode(utf16('short', 2))).toBe('short');
  });
});
