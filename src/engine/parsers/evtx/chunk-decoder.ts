import { InputError, issueFromThrown, type ParseIssue } from '../../errors';
import type { WindowsRecord } from '../windows/record';
import { ChunkContext } from './chunk-context';
import { CHUNK_BYTES, CHUNK_HEADER_BYTES, chunkHeaderChecksumValid, parseChunkHeader, recordsChecksumValid } from './chunk-header';
import { decodeRecord, findNextRecord, readRecordHeader, recordHeaderProblem } from './record';

/**
 * Decodes one chunk on its own: chunks share nothing (names and templates are chunk-relative), which is what lets
 * them be decoded on any thread in any order. Damage never stops the chunk: a bad checksum is a warning, a bad
 * record is an error and the scan resumes at the next valid record signature (libyal 5.3-5.4).
 */

export interface DecodedRecord {
  /** File offset of the record's first byte. */
  offset: number;
  recordId: number;
  record: WindowsRecord;
}

export interface DecodedChunk {
  records: DecodedRecord[];
  issues: ParseIssue[];
}

/** `bytes` is the chunk (64 KiB, less when the file is cut short); `fileOffset` is where it starts in the file. */
export function decodeChunk(bytes: Uint8Array, fileOffset: number, file: string): DecodedChunk {
  const records: DecodedRecord[] = [];
  const issues: ParseIssue[] = [];
  let header;
  try {
    header = parseChunkHeader(bytes, fileOffset, file);
  } catch (error) {
    issues.push(issueFromThrown(error, file, fileOffset));
    return { records, issues };
  }
  const warn = (at: number, reason: string, structure: string): void => {
    issues.push({ file, offset: fileOffset + at, reason, structure, severity: 'warning' });
  };
  if (!chunkHeaderChecksumValid(bytes, header)) warn(0, 'chunk header checksum mismatch', 'chunk header');
  // A free space offset outside the chunk is damage; the records then end where valid ones stop.
  const freeSpaceValid = header.freeSpaceOffset >= CHUNK_HEADER_BYTES && header.freeSpaceOffset <= CHUNK_BYTES;
  if (!freeSpaceValid) warn(48, `free space offset ${header.freeSpaceOffset} is outside the chunk`, 'chunk header');
  else if (header.freeSpaceOffset <= bytes.length && !recordsChecksumValid(bytes, header)) {
    warn(52, 'event records checksum mismatch', 'chunk header');
  }
  const limit = freeSpaceValid ? Math.min(header.freeSpaceOffset, bytes.length) : bytes.length;
  if (freeSpaceValid && header.freeSpaceOffset > bytes.length) {
    issues.push(new InputError(file, fileOffset + bytes.length, 'file ends inside the chunk records', 'chunk').toIssue());
  }

  const chunk = new ChunkContext(bytes, fileOffset, file);
  let at = CHUNK_HEADER_BYTES;
  while (at < limit) {
    const problem = recordHeaderProblem(chunk, at, limit);
    if (problem !== null) {
      const next = findNextRecord(chunk, at + 1, limit);
      const end = next < 0 ? limit : next;
      if (!allZero(bytes, at, end)) {
        const skipped = next < 0 ? 'the rest of the chunk' : `${next - at} bytes`;
        issues.push(new InputError(file, fileOffset + at, `${problem}; skipped ${skipped}`, 'record').toIssue());
      }
      if (next < 0) break;
      at = next;
      continue;
    }
    const recordHeader = readRecordHeader(chunk, at);
    try {
      records.push({ offset: fileOffset + at, recordId: recordHeader.recordId, record: decodeRecord(chunk, recordHeader) });
    } catch (error) {
      issues.push(issueFromThrown(error, file, fileOffset + at));
    }
    at += recordHeader.size;
  }
  return { records, issues };
}

/** Zero bytes after the last record are unused space, not damage. */
function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}
