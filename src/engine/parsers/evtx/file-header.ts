import { InputError } from '../../errors';
import { crc32 } from './crc32';

/**
 * The EVTX file header (libyal "Windows XML Event Log (EVTX)" section 2): the first 4096 bytes, of which the first
 * 128 are used. Chunks follow at `FILE_HEADER_BYTES + n * CHUNK_BYTES`.
 */

export const FILE_HEADER_BYTES = 4096;
/** "ElfFile\0" */
export const FILE_SIGNATURE = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00];
/** Bytes covered by the header checksum, stored right after them at offset 124. */
const CHECKSUMMED_BYTES = 120;
const USED_BYTES = 128;

/** File flags (offset 120): 0x1 dirty, 0x2 full; only "dirty" changes how the file is read. */
export const FILE_FLAG_DIRTY = 0x1;

export interface FileHeader {
  firstChunkNumber: number;
  lastChunkNumber: number;
  nextRecordId: number;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  headerBlockSize: number;
  /** As the header says; a dirty file often holds more (libyal 5.3 "Dirty file with invalid number of chunks"). */
  chunkCount: number;
  flags: number;
  checksumValid: boolean;
}

export function hasFileSignature(bytes: Uint8Array): boolean {
  if (bytes.length < FILE_SIGNATURE.length) return false;
  for (let i = 0; i < FILE_SIGNATURE.length; i++) if (bytes[i] !== FILE_SIGNATURE[i]) return false;
  return true;
}

/** Reads the header from the file's first bytes; throws an `InputError` when it is too short or not EVTX. */
export function parseFileHeader(head: Uint8Array, file: string): FileHeader {
  if (head.length < USED_BYTES) {
    throw new InputError(file, 0, `file is ${head.length} bytes, shorter than the ${USED_BYTES}-byte header`, 'file header');
  }
  if (!hasFileSignature(head)) throw new InputError(file, 0, 'missing the "ElfFile" signature', 'file header');
  const view = new DataView(head.buffer, head.byteOffset, USED_BYTES);
  return {
    firstChunkNumber: readU64(view, 8),
    lastChunkNumber: readU64(view, 16),
    nextRecordId: readU64(view, 24),
    headerSize: view.getUint32(32, true),
    minorVersion: view.getUint16(36, true),
    majorVersion: view.getUint16(38, true),
    headerBlockSize: view.getUint16(40, true),
    chunkCount: view.getUint16(42, true),
    flags: view.getUint32(120, true),
    checksumValid: crc32(head, 0, CHECKSUMMED_BYTES) === view.getUint32(124, true),
  };
}

/** 64-bit counters as numbers: exact below 2^53, which record numbers and identifiers never reach in practice. */
export function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset + 4, true) * 0x100000000 + view.getUint32(offset, true);
}
