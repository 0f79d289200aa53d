import { InputError } from '../../../../errors';

/**
 * Bounds-checked little-endian reads for the Windows protocol dissectors. Every read names the structure it belongs
 * to, so a short or lying length field becomes an `InputError` (caught per message by the dissector that asked),
 * never an out-of-range read or an untyped exception.
 */

/** `InputError.file` for errors inside a reassembled stream: the dissectors know flows, not files. */
export const STREAM_ERROR_FILE = 'capture stream';

export function truncated(structure: string, offset: number, need: number, have: number): InputError {
  return new InputError(STREAM_ERROR_FILE, offset, `needs ${need} bytes, ${have} available`, structure);
}

export function malformed(structure: string, offset: number, reason: string): InputError {
  return new InputError(STREAM_ERROR_FILE, offset, reason, structure);
}

export function need(bytes: Uint8Array, offset: number, length: number, structure: string): void {
  if (!Number.isInteger(offset) || offset < 0 || length < 0 || offset + length > bytes.length) {
    throw truncated(structure, offset, length, Math.max(0, bytes.length - Math.max(0, offset)));
  }
}

export function u8(bytes: Uint8Array, offset: number, structure: string): number {
  need(bytes, offset, 1, structure);
  return bytes[offset];
}

export function u16(bytes: Uint8Array, offset: number, structure: string, littleEndian = true): number {
  need(bytes, offset, 2, structure);
  return littleEndian ? bytes[offset] | (bytes[offset + 1] << 8) : (bytes[offset] << 8) | bytes[offset + 1];
}

export function u32(bytes: Uint8Array, offset: number, structure: string, littleEndian = true): number {
  need(bytes, offset, 4, structure);
  const [a, b, c, d] = littleEndian
    ? [bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]]
    : [bytes[offset + 3], bytes[offset + 2], bytes[offset + 1], bytes[offset]];
  return (a | (b << 8) | (c << 16)) + d * 0x1000000;
}

/** A 64-bit count (file size, offset) as a number; exact up to 2^53, which no capture reaches. */
export function u64(bytes: Uint8Array, offset: number, structure: string): number {
  return u32(bytes, offset, structure) + u32(bytes, offset + 4, structure) * 0x100000000;
}

/** 64-bit identifiers (SMB2 MessageId, SessionId, FileId halves) as hex text, so no precision is lost. */
export function hex(bytes: Uint8Array, offset: number, length: number, structure: string): string {
  need(bytes, offset, length, structure);
  let text = '';
  for (let index = offset; index < offset + length; index++) text += bytes[index].toString(16).padStart(2, '0');
  return text;
}

/** A GUID in its mixed-endian wire form (MS-DTYP 2.3.4.2), rendered lower-case as `xxxxxxxx-xxxx-...`. */
export function guid(bytes: Uint8Array, offset: number, structure: string, littleEndian = true): string {
  need(bytes, offset, 16, structure);
  const data1 = u32(bytes, offset, structure, littleEndian).toString(16).padStart(8, '0');
  const data2 = u16(bytes, offset + 4, structure, littleEndian).toString(16).padStart(4, '0');
  const data3 = u16(bytes, offset + 6, structure, littleEndian).toString(16).padStart(4, '0');
  const tail = hex(bytes, offset + 8, 8, structure);
  return `${data1}-${data2}-${data3}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** A byte range of a message, clipped to what was captured (a truncated frame keeps only its head); never throws. */
export function clipped(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  const start = Math.min(offset, bytes.length);
  return bytes.subarray(start, Math.min(start + length, bytes.length));
}

/** Characters kept from any one decoded string: names and paths are short; a command line or task XML is cut here. */
export const MAX_DECODED_CHARS = 8192;

const utf16Decoder = new TextDecoder('utf-16le', { fatal: false });
const latin1Decoder = new TextDecoder('latin1');

/** UTF-16LE text, cut at `MAX_DECODED_CHARS`; an odd trailing byte is dropped. */
export function utf16(bytes: Uint8Array, offset: number, byteLength: number, structure: string): string {
  need(bytes, offset, byteLength, structure);
  const kept = Math.min(byteLength - (byteLength % 2), MAX_DECODED_CHARS * 2);
  return utf16Decoder.decode(bytes.subarray(offset, offset + kept));
}

/** Single-byte text (OEM strings, SMB1 non-Unicode names) read as Latin-1, cut at `MAX_DECODED_CHARS`. */
export function latin1(bytes: Uint8Array, offset: number, byteLength: number, structure: string): string {
  need(bytes, offset, byteLength, structure);
  return latin1Decoder.decode(bytes.subarray(offset, offset + Math.min(byteLength, MAX_DECODED_CHARS)));
}

/** Strips the terminating NULs Windows keeps inside counted strings. */
export function withoutNuls(text: string): string {
  const end = text.indexOf('\0');
  return end < 0 ? text : text.slice(0, end);
}

export function startsWith(bytes: Uint8Array, offset: number, prefix: readonly number[]): boolean {
  if (offset < 0 || offset + prefix.length > bytes.length) return false;
  return prefix.every((value, index) => bytes[offset + index] === value);
}
