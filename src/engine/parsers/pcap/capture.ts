import type { IssueSeverity } from '../../errors';
import type { CaptureTime } from './timestamp';

/** One packet record as read from the file, before any protocol is decoded. */
export interface CaptureFrame {
  /** 1-based, counting every packet record read, as Wireshark numbers frames. */
  frame: number;
  /** Byte offset of the record (pcap record header, pcapng block) in the file. */
  offset: number;
  /** LINKTYPE_* value of the interface the packet was captured on. */
  linkType: number;
  /** The interface within the file: 0 for classic pcap, the IDB index within the section for pcapng. */
  interfaceId: number;
  time: CaptureTime | null;
  /** The captured bytes (maybe fewer than the packet had: snaplen). */
  data: Uint8Array;
  /** Length of the packet on the wire, which tshark counts as `frame.len`. */
  originalLength: number;
}

/** Where readers deliver packets and problems. */
export interface CaptureSink {
  frame(frame: CaptureFrame): void;
  issue(offset: number, structure: string, reason: string, severity?: IssueSeverity): void;
}

/** A reader of one capture format, fed the file window by window. */
export interface CaptureReader {
  /**
   * Reads every whole record in `window` (the file's bytes from offset `start`) and returns how many bytes it used;
   * the rest is handed back with the next window. `atEnd` says no more bytes follow.
   */
  consume(window: Uint8Array, start: number, atEnd: boolean): number;
}

/** Byte order aware reads of the unsigned fields every capture structure is made of. */
export function u16(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian ? bytes[at] | (bytes[at + 1] << 8) : (bytes[at] << 8) | bytes[at + 1];
}

export function u32(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  return littleEndian
    ? (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0
    : ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}
