import type { ChunkContext } from './chunk-context';
import { decodeAnsiValue, decodeUtf16Value } from './text';

/**
 * BinXML value types (MS-EVEN6 2.2.12 / 3.1.4.7.3; libyal "Windows XML Event Log (EVTX)" 4.2 "Value types") and their
 * text form as Windows renders event XML: integers in decimal, HexInt32/64 and size_t as `0x` + lower-case hex
 * without padding, GUIDs upper-case in braces, binary as upper-case hex, booleans `true`/`false`, SIDs `S-1-...`,
 * floats in `%e` form, FILETIME and SYSTEMTIME as ISO-8601 UTC with 7 fractional digits (FILETIME counts 100 ns).
 */

export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
} as const;

/** The high bit marks an array of the base type (MS-EVEN6 2.2.12 "Array types"). */
export const ARRAY_FLAG = 0x80;

/** Item size of fixed-size types; 0 for variable-size ones. */
const FIXED_SIZE: Record<number, number> = {
  [ValueType.Int8]: 1,
  [ValueType.UInt8]: 1,
  [ValueType.Int16]: 2,
  [ValueType.UInt16]: 2,
  [ValueType.Int32]: 4,
  [ValueType.UInt32]: 4,
  [ValueType.Int64]: 8,
  [ValueType.UInt64]: 8,
  [ValueType.Real32]: 4,
  [ValueType.Real64]: 8,
  [ValueType.Bool]: 4,
  [ValueType.Guid]: 16,
  [ValueType.FileTime]: 8,
  [ValueType.SystemTime]: 16,
  [ValueType.HexInt32]: 4,
  [ValueType.HexInt64]: 8,
};

const HEX_UPPER: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** Seconds from 1601-01-01 (FILETIME epoch) to 1970-01-01. */
const FILETIME_EPOCH_SECONDS = 11644473600;
const TICKS_PER_SECOND = 10_000_000;
/** Below this high word, `high * 2^32 + low` stays exact in a double after splitting (see `fileTimeText`). */
const FILETIME_FAST_HIGH_LIMIT = 0x40000000;

/** Renders one value of `type` stored at chunk-relative `[start, start + size)`. */
export function renderValue(chunk: ChunkContext, type: number, start: number, size: number): string {
  const bytes = chunk.bytes;
  const view = chunk.view;
  const fixed = FIXED_SIZE[type];
  if (fixed !== undefined && size !== fixed) {
    // A size that does not fit the type (dirty or hostile data): the bytes themselves are the most honest text.
    return binaryText(bytes, start, start + size);
  }
  switch (type) {
    case ValueType.Null:
      return '';
    case ValueType.String:
      return decodeUtf16Value(bytes, start, start + size);
    case ValueType.AnsiString:
      return decodeAnsiValue(bytes, start, start + size);
    case ValueType.Int8:
      return String(view.getInt8(start));
    case ValueType.UInt8:
      return String(bytes[start]);
    case ValueType.Int16:
      return String(view.getInt16(start, true));
    case ValueType.UInt16:
      return String(view.getUint16(start, true));
    case ValueType.Int32:
      return String(view.getInt32(start, true));
    case ValueType.UInt32:
      return String(view.getUint32(start, true));
    case ValueType.Int64:
      return int64Text(view, start, true);
    case ValueType.UInt64:
      return int64Text(view, start, false);
    case ValueType.Real32:
      return realText(view.getFloat32(start, true));
    case ValueType.Real64:
      return realText(view.getFloat64(start, true));
    case ValueType.Bool:
      return view.getUint32(start, true) !== 0 ? 'true' : 'false';
    case ValueType.Binary:
      return binaryText(bytes, start, start + size);
    case ValueType.Guid:
      return guidText(bytes, start);
    case ValueType.SizeT:
    case ValueType.EvtHandle:
      if (size === 4) return '0x' + view.getUint32(start, true).toString(16);
      if (size === 8) return hex64Text(view, start);
      return binaryText(bytes, start, start + size);
    case ValueType.FileTime:
      return fileTimeText(view.getUint32(start + 4, true), view.getUint32(start, true));
    case ValueType.SystemTime:
      return systemTimeText(view, start);
    case ValueType.Sid:
      return sidText(bytes, view, start, size) ?? binaryText(bytes, start, start + size);
    case ValueType.HexInt32:
      return '0x' + view.getUint32(start, true).toString(16);
    case ValueType.HexInt64:
      return hex64Text(view, start);
    case ValueType.EvtXml:
      return decodeUtf16Value(bytes, start, start + size);
    default:
      return binaryText(bytes, start, start + size);
  }
}

/** Renders an array value (`type` without ARRAY_FLAG) as its items. */
export function renderArray(chunk: ChunkContext, type: number, start: number, size: number): string[] {
  const bytes = chunk.bytes;
  const end = start + size;
  const items: string[] = [];
  if (type === ValueType.String) {
    // Items are NUL-terminated UTF-16 strings (libyal 4.2, array types).
    let from = start;
    for (let at = start; at + 1 < end; at += 2) {
      if (bytes[at] === 0 && bytes[at + 1] === 0) {
        items.push(decodeUtf16Value(bytes, from, at));
        from = at + 2;
      }
    }
    if (from + 1 < end) items.push(decodeUtf16Value(bytes, from, end - ((end - from) & 1)));
    return items;
  }
  if (type === ValueType.AnsiString) {
    let from = start;
    for (let at = start; at < end; at++) {
      if (bytes[at] === 0) {
        items.push(decodeAnsiValue(bytes, from, at));
        from = at + 1;
      }
    }
    if (from < end) items.push(decodeAnsiValue(bytes, from, end));
    return items;
  }
  if (type === ValueType.Sid) {
    let at = start;
    while (at + 8 <= end) {
      const length = 8 + bytes[at + 1] * 4;
      if (at + length > end) break;
      items.push(renderValue(chunk, type, at, length));
      at += length;
    }
    return items;
  }
  const itemSize = type === ValueType.SizeT || type === ValueType.EvtHandle ? (size % 8 === 0 ? 8 : 4) : FIXED_SIZE[type];
  if (itemSize === undefined) return [binaryText(bytes, start, end)];
  for (let at = start; at + itemSize <= end; at += itemSize) items.push(renderValue(chunk, type, at, itemSize));
  return items;
}

export function binaryText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += HEX_UPPER[bytes[i]];
  return text;
}

function int64Text(view: DataView, start: number, signed: boolean): string {
  const high = view.getUint32(start + 4, true);
  const low = view.getUint32(start, true);
  // Exact as a double while the value stays below 2^53.
  if (high < 0x200000) return String(high * 0x100000000 + low);
  return signed ? view.getBigInt64(start, true).toString() : view.getBigUint64(start, true).toString();
}

function hex64Text(view: DataView, start: number): string {
  const high = view.getUint32(start + 4, true);
  const low = view.getUint32(start, true);
  if (high === 0) return '0x' + low.toString(16);
  return '0x' + high.toString(16) + low.toString(16).padStart(8, '0');
}

/**
 * Floats as the Microsoft C runtime's `%e` prints them, which is what Windows and evtxexport show: six fraction
 * digits and a three-digit exponent (`1.000000e-001`); infinities and NaN in its `1.#INF` / `-1.#IND` forms
 * (libyal 4.2 "Floating point").
 */
function realText(value: number): string {
  if (Number.isNaN(value)) return '-1.#IND';
  if (value === Infinity) return '1.#INF';
  if (value === -Infinity) return '-1.#INF';
  const [mantissa, exponent] = value.toExponential(6).split('e');
  const sign = exponent[0] === '-' ? '-' : '+';
  return `${mantissa}e${sign}${exponent.slice(1).padStart(3, '0')}`;
}

/** Character codes of the upper-case hex digits. */
const HEX_DIGIT_CODES: number[] = Array.from('0123456789ABCDEF', (digit) => digit.charCodeAt(0));
/**
 * The GUID's bytes in text order (MS-DTYP 2.3.4.2: Data1, Data2 and Data3 little-endian, Data4 as stored); -1 is a
 * dash.
 */
const GUID_TEXT_BYTES = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
/** Braces, 32 digits and 4 dashes. */
const GUID_TEXT_LENGTH = 38;
const guidCodeUnits = new Array<number>(GUID_TEXT_LENGTH).fill(0);

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, made as one string rather than by 37 concatenations. */
function guidText(bytes: Uint8Array, at: number): string {
  const units = guidCodeUnits;
  let u = 0;
  units[u++] = 0x7b;
  for (const index of GUID_TEXT_BYTES) {
    if (index < 0) {
      units[u++] = 0x2d;
    } else {
      const byte = bytes[at + index];
      units[u++] = HEX_DIGIT_CODES[byte >> 4];
      units[u++] = HEX_DIGIT_CODES[byte & 15];
    }
  }
  units[u] = 0x7d;
  return String.fromCharCode.apply(null, units);
}

/** SID (MS-DTYP 2.4.2.2): revision, sub-authority count, 48-bit big-endian authority, u32 sub-authorities. */
function sidText(bytes: Uint8Array, view: DataView, start: number, size: number): string | null {
  if (size < 8) return null;
  const count = bytes[start + 1];
  if (8 + count * 4 > size) return null;
  const authorityHigh = (bytes[start + 2] << 8) | bytes[start + 3];
  const authorityLow = view.getUint32(start + 4, false);
  // MS-DTYP 2.4.2.1: authorities of 2^32 and above are written in hex.
  const authority =
    authorityHigh === 0 ? String(authorityLow) : '0x' + HEX_UPPER[bytes[start + 2]] + HEX_UPPER[bytes[start + 3]] +
      authorityLow.toString(16).toUpperCase().padStart(8, '0');
  let text = 'S-' + bytes[start] + '-' + authority;
  for (let i = 0; i < count; i++) text += '-' + view.getUint32(start + 8 + i * 4, true);
  return text;
}

let lastFileTimeSecond = -1;
let lastFileTimePrefix = '';

/** FILETIME (100 ns ticks since 1601) as `YYYY-MM-DDTHH:MM:SS.fffffffZ`, exact to the tick. */
export function fileTimeText(high: number, low: number): string {
  let seconds: number;
  let ticks: number;
  if (high < FILETIME_FAST_HIGH_LIMIT) {
    // high * 2^32 = high * 429 * 10^7 + high * 4967296: both parts and the sum stay below 2^53.
    const rest = high * 4967296 + low;
    seconds = high * 429 + Math.floor(rest / TICKS_PER_SECOND);
    ticks = rest % TICKS_PER_SECOND;
  } else {
    const total = (BigInt(high) << 32n) | BigInt(low);
    seconds = Number(total / 10_000_000n);
    ticks = Number(total % 10_000_000n);
  }
  if (seconds !== lastFileTimeSecond) {
    lastFileTimeSecond = seconds;
    lastFileTimePrefix = isoSecondPrefix(seconds - FILETIME_EPOCH_SECONDS);
  }
  return lastFileTimePrefix + String(ticks).padStart(7, '0') + 'Z';
}

const SECONDS_PER_DAY = 86400;
/** Years Date renders with 4 digits; outside them its extended `+YYYYYY` form is used. */
const FOUR_DIGIT_YEARS_END = 10000;

/**
 * `YYYY-MM-DDTHH:MM:SS.` for Unix seconds, by the days-to-civil conversion (H. Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms"): one event in every record, so this avoids a Date object and its formatting per record.
 */
function isoSecondPrefix(unixSeconds: number): string {
  const days = Math.floor(unixSeconds / SECONDS_PER_DAY);
  const secondOfDay = unixSeconds - days * SECONDS_PER_DAY;
  const shifted = days + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year >= FOUR_DIGIT_YEARS_END) return new Date(unixSeconds * 1000).toISOString().slice(0, -4);
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.`;
}

function two(value: number): string {
  return value < 10 ? '0' + value : String(value);
}

/** SYSTEMTIME (MS-DTYP 2.3.13): eight u16 fields; milliseconds become the first three of seven digits. */
function systemTimeText(view: DataView, start: number): string {
  const field = (index: number, width: number): string => String(view.getUint16(start + index * 2, true)).padStart(width, '0');
  return (
    `${field(0, 4)}-${field(1, 2)}-${field(3, 2)}T${field(4, 2)}:${field(5, 2)}:${field(6, 2)}.` +
    `${field(7, 3)}0000Z`
  );
}
