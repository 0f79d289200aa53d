import { u16, u32 } from './capture';

/** Where an 802.11 data frame's body (LLC) lies in the captured bytes, and the MAC addresses of its sender and receiver. */
export interface WifiBody {
  bodyAt: number;
  bodyEnd: number;
  srcMacAt: number;
  dstMacAt: number;
}

const FCS_BYTES = 4;
/** Radiotap "Flags" field bit: the frame ends with its FCS (radiotap.org, defined-fields/Flags). */
const RADIOTAP_FLAG_FCS = 0x10;
/** Present words are chained by bit 31; real headers use a handful, this bounds a hostile chain. */
const MAX_RADIOTAP_PRESENT_WORDS = 16;

/**
 * Radiotap (radiotap.org): version 0, a little-endian header length, then `present` bitmaps. Only the Flags field
 * matters here (bit 1, right after the 8-byte TSFT of bit 0), for whether a trailing FCS must be cut.
 */
export function decodeRadiotap(data: Uint8Array): WifiBody | undefined {
  if (data.length < 8 || data[0] !== 0) return undefined;
  const headerLength = u16(data, 2, true);
  if (headerLength < 8 || headerLength > data.length) return undefined;
  let fieldsAt = 4;
  for (let word = 0; ; word++) {
    if (word >= MAX_RADIOTAP_PRESENT_WORDS || fieldsAt + 4 > headerLength) return undefined;
    const more = (u32(data, fieldsAt, true) & 0x8000_0000) !== 0;
    fieldsAt += 4;
    if (!more) break;
  }
  const present = u32(data, 4, true);
  let flags = 0;
  if (present & 0b10) {
    // TSFT is 8-byte aligned relative to the header start.
    const flagsAt = present & 0b1 ? ((fieldsAt + 7) & ~7) + 8 : fieldsAt;
    if (flagsAt < headerLength) flags = data[flagsAt];
  }
  const end = flags & RADIOTAP_FLAG_FCS ? data.length - FCS_BYTES : data.length;
  return decodeIeee80211(data, headerLength, end);
}

/**
 * An 802.11 MAC frame (IEEE 802.11-2020 clause 9.2). Only data frames (type 2) with a body are followed; protected
 * ones are encrypted, so there is nothing to read. Which address is the source and which the destination depends on
 * the To DS / From DS bits (clause 9.3.2.1, table 9-30).
 */
export function decodeIeee80211(data: Uint8Array, at: number, end: number): WifiBody | undefined {
  if (end - at < 24) return undefined;
  const control = data[at];
  const flags = data[at + 1];
  const type = (control >> 2) & 0b11;
  const subtype = control >> 4;
  const protectedFrame = (flags & 0x40) !== 0;
  // Subtypes with bit 2 set (Null, QoS Null, CF-Ack/Poll without data) carry no body.
  if (type !== 2 || protectedFrame || subtype & 0b0100) return undefined;
  const toDs = (flags & 0x01) !== 0;
  const fromDs = (flags & 0x02) !== 0;
  let bodyAt = at + 24;
  if (toDs && fromDs) bodyAt += 6;
  const qos = (subtype & 0b1000) !== 0;
  if (qos) bodyAt += 2;
  // The +HTC/Order bit adds a 4-byte HT Control field to QoS data frames.
  if (qos && flags & 0x80) bodyAt += 4;
  if (bodyAt > end) return undefined;
  const address1 = at + 4;
  const address2 = at + 10;
  const address3 = at + 16;
  const address4 = at + 24;
  const dstMacAt = toDs ? address3 : address1;
  const srcMacAt = fromDs ? (toDs ? address4 : address3) : address2;
  return { bodyAt, bodyEnd: end, srcMacAt, dstMacAt };
}
