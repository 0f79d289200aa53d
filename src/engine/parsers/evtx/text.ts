/**
 * Text decoding for EVTX: names, string values and CDATA are UTF-16 little-endian without a BOM; "ANSI" strings use
 * the writer's code page, read here as Windows-1252 (libyal "Windows XML Event Log (EVTX)" section 1).
 */

const utf16Decoder = new TextDecoder('utf-16le');
const ansiDecoder = new TextDecoder('windows-1252');

/**
 * Characters XML 1.0 (section 2.2) cannot carry, and line ends it reads as LF (section 2.11). Event text is XML
 * text: Windows hands it out as rendered XML and every XML reader drops or normalizes these, so values read from
 * EVTX and from exported XML compare equal.
 */
const NOT_XML_TEXT = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|\r\n?/g;
const HAS_NOT_XML_TEXT = /[\x00-\x08\x0b-\x1f\ufffe\uffff]/;

/**
 * Short strings (most names and values) decode faster by hand than through a TextDecoder call; above this many code
 * units the decoder wins.
 */
const HAND_DECODE_MAX_UNITS = 24;
/** One scratch array per length, so `fromCharCode.apply` gets an exact-length array without resizing one. */
const CODE_UNITS_BY_LENGTH: number[][] = Array.from({ length: HAND_DECODE_MAX_UNITS + 1 }, (_, length) => new Array<number>(length).fill(0));

/** Decodes `bytes[start, end)` as UTF-16LE; lone surrogates become U+FFFD either way, as TextDecoder does. */
export function decodeUtf16(bytes: Uint8Array, start: number, end: number): string {
  const units = (end - start) >> 1;
  if (units > HAND_DECODE_MAX_UNITS) return utf16Decoder.decode(bytes.subarray(start, start + units * 2));
  const codeUnits = CODE_UNITS_BY_LENGTH[units];
  for (let i = 0, at = start; i < units; i++, at += 2) {
    const unit = bytes[at] | (bytes[at + 1] << 8);
    if (unit >= 0xd800 && unit <= 0xdfff) return utf16Decoder.decode(bytes.subarray(start, start + units * 2));
    codeUnits[i] = unit;
  }
  return String.fromCharCode.apply(null, codeUnits);
}

/** Text as XML would carry it: LF line ends, no control characters other than tab and LF. */
export function xmlText(text: string): string {
  return HAS_NOT_XML_TEXT.test(text) ? text.replace(NOT_XML_TEXT, (found) => (found[0] === '\r' ? '\n' : '')) : text;
}

/**
 * Recently decoded values by a hash of their code units. Event logs repeat the same values (image paths, users,
 * integrity levels) in most records: finding the earlier string spares decoding and allocating a new one, and equal
 * values share one string object, which keeps a case's events smaller and lets the rule engine read them from cache.
 * Direct-mapped: a slot holds the last value that hashed to it, so the memory is bounded by the slot count.
 */
export const VALUE_CACHE_SLOTS = 8192;
/** Longer values (command lines, script blocks) rarely repeat exactly: hashing them would cost more than it saves. */
export const MAX_CACHED_VALUE_UNITS = 256;
const cachedValues: (string | undefined)[] = new Array<string | undefined>(VALUE_CACHE_SLOTS).fill(undefined);
const cachedHashes = new Int32Array(VALUE_CACHE_SLOTS);

/** FNV-1a over 16-bit code units, folded into a slot index. */
function unitsHash(bytes: Uint8Array, start: number, units: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0, at = start; i < units; i++, at += 2) hash = Math.imul(hash ^ (bytes[at] | (bytes[at + 1] << 8)), 16777619);
  return hash;
}

const slotOf = (hash: number): number => (hash ^ (hash >>> 13)) & (VALUE_CACHE_SLOTS - 1);

/** The cached string whose code units are exactly `bytes[start, start + 2 * units)`, if the slot holds it. */
function cachedValue(bytes: Uint8Array, start: number, units: number, hash: number): string | undefined {
  const slot = slotOf(hash);
  const text = cachedValues[slot];
  if (text === undefined || cachedHashes[slot] !== hash || text.length !== units) return undefined;
  for (let i = 0, at = start; i < units; i++, at += 2) if (text.charCodeAt(i) !== (bytes[at] | (bytes[at + 1] << 8))) return undefined;
  return text;
}

function rememberValue(text: string, hash: number): void {
  const slot = slotOf(hash);
  cachedValues[slot] = text;
  cachedHashes[slot] = hash;
}

/**
 * A string value: XML text, without the NUL terminators writers often include in the value size. Short values are
 * checked for characters to clean while they are decoded, sparing the common clean value a regular expression. Only
 * values that needed no cleaning are cached, so a cached string always has the value's exact code units.
 */
export function decodeUtf16Value(bytes: Uint8Array, start: number, end: number): string {
  let last = end;
  while (last - start >= 2 && bytes[last - 1] === 0 && bytes[last - 2] === 0) last -= 2;
  const units = (last - start) >> 1;
  if (units > MAX_CACHED_VALUE_UNITS) return xmlText(utf16Decoder.decode(bytes.subarray(start, start + units * 2)));
  const hash = unitsHash(bytes, start, units);
  const cached = cachedValue(bytes, start, units, hash);
  if (cached !== undefined) return cached;
  const text = decodeUncachedValue(bytes, start, units);
  if (text.length === units) rememberValue(text, hash);
  return text;
}

function decodeUncachedValue(bytes: Uint8Array, start: number, units: number): string {
  if (units > HAND_DECODE_MAX_UNITS) return xmlText(utf16Decoder.decode(bytes.subarray(start, start + units * 2)));
  const codeUnits = CODE_UNITS_BY_LENGTH[units];
  let needsCleaning = false;
  for (let i = 0, at = start; i < units; i++, at += 2) {
    const unit = bytes[at] | (bytes[at + 1] << 8);
    if (unit >= 0xd800) {
      if (unit <= 0xdfff) return xmlText(utf16Decoder.decode(bytes.subarray(start, start + units * 2)));
      if (unit >= 0xfffe) needsCleaning = true;
    } else if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a) {
      needsCleaning = true;
    }
    codeUnits[i] = unit;
  }
  const text = String.fromCharCode.apply(null, codeUnits);
  return needsCleaning ? xmlText(text) : text;
}

export function decodeAnsiValue(bytes: Uint8Array, start: number, end: number): string {
  let last = end;
  while (last > start && bytes[last - 1] === 0) last--;
  return xmlText(ansiDecoder.decode(bytes.subarray(start, last)));
}
