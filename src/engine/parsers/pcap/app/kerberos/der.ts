import { MAX_DER_SEQUENCE_ITEMS } from '../limits';
import { latin1 } from '../stream-buffer';

/** A DER element (ITU-T X.690 section 8.1): identifier, definite length, contents at [start, end). */
export interface Tlv {
  tagClass: number;
  constructed: boolean;
  tag: number;
  start: number;
  end: number;
}

export const CLASS_UNIVERSAL = 0;
export const CLASS_APPLICATION = 1;
export const CLASS_CONTEXT = 2;

/** Malformed or truncated DER; the Kerberos reader turns it into "not a message". */
export class DerError extends Error {}

/**
 * Reads the element at `at`, which must end by `limit`. Kerberos uses DER, so an indefinite length (X.690 section
 * 8.1.3.6) or a tag number above 30 in more than four bytes is an error, not something to follow.
 */
export function readTlv(bytes: Uint8Array, at: number, limit = bytes.length): Tlv {
  if (at + 2 > limit) throw new DerError('truncated header');
  const identifier = bytes[at];
  let position = at + 1;
  let tag = identifier & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (i === 4 || position >= limit) throw new DerError('bad tag');
      const byte = bytes[position++];
      tag = tag * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
  }
  if (position >= limit) throw new DerError('truncated length');
  let length = bytes[position++];
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    if (position + count > limit) throw new DerError('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[position++];
  }
  if (position + length > limit) throw new DerError('truncated contents');
  return { tagClass: identifier >> 6, constructed: (identifier & 0x20) !== 0, tag, start: position, end: position + length };
}

/** The elements inside a constructed element, at most MAX_DER_SEQUENCE_ITEMS of them. */
export function childrenOf(bytes: Uint8Array, parent: Tlv): Tlv[] {
  if (!parent.constructed) throw new DerError('primitive where constructed expected');
  const children: Tlv[] = [];
  for (let at = parent.start; at < parent.end && children.length < MAX_DER_SEQUENCE_ITEMS; ) {
    const child = readTlv(bytes, at, parent.end);
    children.push(child);
    at = child.end;
  }
  return children;
}

/** The value inside an explicit context tag `[n]` of a SEQUENCE (RFC 4120 uses EXPLICIT TAGS throughout). */
export function contextField(bytes: Uint8Array, sequence: Tlv, n: number): Tlv | undefined {
  const tagged = childrenOf(bytes, sequence).find((child) => child.tagClass === CLASS_CONTEXT && child.tag === n);
  return tagged ? readTlv(bytes, tagged.start, tagged.end) : undefined;
}

export function integerOf(bytes: Uint8Array, tlv: Tlv): number {
  const length = tlv.end - tlv.start;
  if (length < 1 || length > 6) throw new DerError('integer size');
  let value = bytes[tlv.start] & 0x80 ? -1 : 0;
  for (let i = tlv.start; i < tlv.end; i++) value = value * 256 + bytes[i];
  return value;
}

export function stringOf(bytes: Uint8Array, tlv: Tlv): string {
  return latin1(bytes, tlv.start, tlv.end);
}

/** A BIT STRING's bits (X.690 section 8.6): the first content byte counts unused trailing bits. */
export function bitOf(bytes: Uint8Array, tlv: Tlv, bit: number): boolean {
  const byte = tlv.start + 1 + (bit >> 3);
  if (byte >= tlv.end) return false;
  return (bytes[byte] & (0x80 >> (bit & 7))) !== 0;
}
