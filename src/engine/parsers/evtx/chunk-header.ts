import { InputError } from '../../errors';
import { crc32 } from './crc32';
import { readU64 } from './file-header';

/** The chunk header (libyal "Windows XML Event Log (EVTX)" section 3.1): 512 bytes at the start of every chunk. */

export const CHUNK_BYTES = 65536;
export const CHUNK_HEADER_BYTES = 512;
/** "ElfChnk\0" */
const CHUNK_SIGNATURE = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00];
export const CHUNK_SIGNATURE_BYTES = CHUNK_SIGNATURE.length;
/** The header checksum covers bytes 0-119 and 128-511, skipping the checksum fields themselves. */
const HEADER_CHECKSUM_GAP_START = 120;
const HEADER_CHECKSUM_GAP_END = 128;

export interface ChunkHeader {
  firstRecordNumber: number;
  lastRecordNumber: number;
  firstRecordId: number;
  lastRecordId: number;
  headerSize: number;
  /** Chunk-relative offset of the last record. */
  lastRecordOffset: number;
  /** Chunk-relative offset where the records end; some archived files point it at the chunk end (libyal 3.1). */
  freeSpaceOffset: number;
  recordsChecksum: number;
  headerChecksum: number;
  flags: number;
}

export function hasChunkSignature(bytes: Uint8Array, at = 0): boolean {
  if (bytes.length < at + CHUNK_SIGNATURE.length) return false;
  for (let i = 0; i < CHUNK_SIGNATURE.length; i++) if (bytes[at + i] !== CHUNK_SIGNATURE[i]) return false;
  return true;
}

/** Reads the header of the chunk starting at `chunk[0]`; `fileOffset` only names the place in errors. */
export function parseChunkHeader(chunk: Uint8Array, fileOffset: number, file: string): ChunkHeader {
  if (chunk.length < CHUNK_HEADER_BYTES) {
    throw new InputError(file, fileOffset, `only ${chunk.length} bytes left, less than a chunk header`, 'chunk header');
  }
  if (!hasChunkSignature(chunk)) throw new InputError(file, fileOffset, 'missing the "ElfChnk" signature', 'chunk header');
  const view = new DataView(chunk.buffer, chunk.byteOffset, CHUNK_HEADER_BYTES);
  return {
    firstRecordNumber: readU64(view, 8),
    lastRecordNumber: readU64(view, 16),
    firstRecordId: readU64(view, 24),
    lastRecordId: readU64(view, 32),
    headerSize: view.getUint32(40, true),
    lastRecordOffset: view.getUint32(44, true),
    freeSpaceOffset: view.getUint32(48, true),
    recordsChecksum: view.getUint32(52, true),
    flags: view.getUint32(120, true),
    headerChecksum: view.getUint32(124, true),
  };
}

export function chunkHeaderChecksumValid(chunk: Uint8Array, header: ChunkHeader): boolean {
  const head = crc32(chunk, 0, HEADER_CHECKSUM_GAP_START);
  return crc32(chunk, HEADER_CHECKSUM_GAP_END, CHUNK_HEADER_BYTES, head) === header.headerChecksum;
}

/** The records checksum covers the record area up to the free space offset. */
export function recordsChecksumValid(chunk: Uint8Array, header: ChunkHeader): boolean {
  const end = Math.min(header.freeSpaceOffset, chunk.length);
  if (end < CHUNK_HEADER_BYTES) return false;
  return crc32(chunk, CHUNK_HEADER_BYTES, end) === header.recordsChecksum;
}
