import { latin1, malformed, need, u32, utf16, withoutNuls } from './bytes';

/**
 * The few NDR 2.0 constructs (C706 chapter 14) the request stubs we read are made of: 4-byte alignment, unique
 * pointers (a referent id, 0 for null), and conformant varying strings (MaximumCount, Offset, ActualCount, then the
 * characters). Every count is checked against the stub before anything is decoded, so a lying ActualCount cannot
 * read past the stub or allocate more than the stub holds.
 */

export interface NdrCursor {
  stub: Uint8Array;
  offset: number;
  littleEndian: boolean;
}

export function cursor(stub: Uint8Array, littleEndian: boolean): NdrCursor {
  return { stub, offset: 0, littleEndian };
}

export function align(at: NdrCursor, boundary: number): void {
  const misalignment = at.offset % boundary;
  if (misalignment) at.offset += boundary - misalignment;
}

export function skip(at: NdrCursor, bytes: number, structure: string): void {
  need(at.stub, at.offset, bytes, structure);
  at.offset += bytes;
}

export function readU32(at: NdrCursor, structure: string): number {
  align(at, 4);
  const value = u32(at.stub, at.offset, structure, at.littleEndian);
  at.offset += 4;
  return value;
}

/** C706 14.3.4.2 / 14.3.12.3: a conformant varying string of 2-byte (`wide`) or 1-byte characters. */
export function readString(at: NdrCursor, wide: boolean, structure: string): string {
  readU32(at, structure); // MaximumCount: the buffer size, which only the receiver needs
  const first = readU32(at, structure);
  const actual = readU32(at, structure);
  const unit = wide ? 2 : 1;
  if (first !== 0) throw malformed(structure, at.offset, `string offset ${first}, expected 0`);
  const bytes = actual * unit;
  need(at.stub, at.offset, bytes, structure);
  const text = wide ? utf16(at.stub, at.offset, bytes, structure) : latin1(at.stub, at.offset, bytes, structure);
  at.offset += bytes;
  return withoutNuls(text);
}

/** A `[unique, string]` pointer: null (referent id 0) or, in place for top-level parameters, the string. */
export function readUniqueString(at: NdrCursor, wide: boolean, structure: string): string | null {
  return readU32(at, structure) === 0 ? null : readString(at, wide, structure);
}

/** MS-DTYP 2.2.6 / MS-RRP 2.2.4: a counted UNICODE_STRING (Length, MaximumLength, unique Buffer) read in place. */
export function readCountedUnicodeString(at: NdrCursor, structure: string): string | null {
  align(at, 4);
  skip(at, 4, structure);
  return readUniqueString(at, true, structure);
}

/** An RPC context handle (MS-RPCE 2.2.4.9 / C706 NDR: 4-byte attributes + 16-byte GUID). */
export const CONTEXT_HANDLE_BYTES = 20;
