import type { WindowsRecord } from '../windows/record';
import { readFragment } from './binxml';
import type { ChunkContext } from './chunk-context';
import { fileTimeText } from './value-types';
import { buildWindowsRecord } from './windows-record';

/**
 * Event records (libyal "Windows XML Event Log (EVTX)" 3.2): "**\0\0", u32 size, u64 record identifier, FILETIME
 * written, the event as BinXML, and a copy of the size as the last 4 bytes. The size and its copy agreeing is what
 * tells a record from garbage when recovering (libyal 5.3 "Corrupt event record").
 */

export const RECORD_HEADER_BYTES = 24;
const RECORD_TRAILER_BYTES = 4;
const RECORD_SIGNATURE = 0x00002a2a;
/** Header, trailer and at least an end-of-fragment token. */
export const MIN_RECORD_BYTES = RECORD_HEADER_BYTES + RECORD_TRAILER_BYTES + 1;

export interface RecordHeader {
  /** Chunk-relative offset of the record. */
  offset: number;
  size: number;
  recordId: number;
  writtenHigh: number;
  writtenLow: number;
}

/** Why no valid record starts at `at` (its bytes ending by `limit`), or null when one does. */
export function recordHeaderProblem(chunk: ChunkContext, at: number, limit: number): string | null {
  const view = chunk.view;
  if (at + RECORD_HEADER_BYTES > limit) return 'record header cut off';
  if (view.getUint32(at, true) !== RECORD_SIGNATURE) return 'missing the record signature';
  const size = view.getUint32(at + 4, true);
  if (size < MIN_RECORD_BYTES) return `record size ${size} is too small`;
  if (at + size > limit) return `record of ${size} bytes runs past the end of the chunk data`;
  const sizeCopy = view.getUint32(at + size - RECORD_TRAILER_BYTES, true);
  if (sizeCopy !== size) return `record size ${size} does not match its copy ${sizeCopy}`;
  return null;
}

/** Reads a header already checked by `recordHeaderProblem`. */
export function readRecordHeader(chunk: ChunkContext, at: number): RecordHeader {
  const view = chunk.view;
  return {
    offset: at,
    size: view.getUint32(at + 4, true),
    recordId: view.getUint32(at + 12, true) * 0x100000000 + view.getUint32(at + 8, true),
    writtenLow: view.getUint32(at + 16, true),
    writtenHigh: view.getUint32(at + 20, true),
  };
}

/** Offset of the next valid record in `[from, limit)`, or -1. */
export function findNextRecord(chunk: ChunkContext, from: number, limit: number): number {
  const bytes = chunk.bytes;
  for (let at = from; at + RECORD_HEADER_BYTES <= limit; at++) {
    if (bytes[at] === 0x2a && bytes[at + 1] === 0x2a && bytes[at + 2] === 0 && bytes[at + 3] === 0) {
      if (recordHeaderProblem(chunk, at, limit) === null) return at;
    }
  }
  return -1;
}

/**
 * Decodes the record's event. The record header's identifier and time stand in when the event lacks them (they
 * are the same values Windows writes into System).
 */
export function decodeRecord(chunk: ChunkContext, header: RecordHeader): WindowsRecord {
  const start = header.offset + RECORD_HEADER_BYTES;
  const content = readFragment(chunk, start, header.offset + header.size - RECORD_TRAILER_BYTES, false, 0);
  const record = buildWindowsRecord(content, null);
  record.system.EventRecordID ??= String(header.recordId);
  record.system.TimeCreated_SystemTime ??= fileTimeText(header.writtenHigh, header.writtenLow);
  return record;
}
