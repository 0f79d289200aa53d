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

/**
 * `bytes` is the chunk (64 KiB, less where the file ends, or where the next chunk starts when `cut`); `fileOffset` is
 * where it starts in the file.
 */
export function decodeChunk(bytes: Uint8Array, fileOffset: number, file: string, cut = false): DecodedChunk {
  const records: DecodedRecord[] = [];
  const issues = new ChunkIssues();
  if (cut && bytes.length < CHUNK_HEADER_BYTES) {
    const reason = `only ${bytes.length} bytes before the next chunk starts, less than a chunk header: bytes were inserted or removed`;
    issues.add(new InputError(file, fileOffset, reason, 'chunk header').toIssue());
    return { records, issues: issues.list };
  }
  let header;
  try {
    header = parseChunkHeader(bytes, fileOffset, file);
  } catch (error) {
    issues.add(issueFromThrown(error, file, fileOffset));
    return { records, issues: issues.list };
  }
  const warn = (at: number, reason: string, structure: string): void => {
    issues.add({ file, offset: fileOffset + at, reason, structure, severity: 'warning' });
  };
  if (!chunkHeaderChecksumValid(bytes, header)) warn(0, 'chunk header checksum mismatch', 'chunk header');
  // A free space offset outside the chunk is damage; the records then end where valid ones stop.
  const freeSpaceValid = header.freeSpaceOffset >= CHUNK_HEADER_BYTES && header.freeSpaceOffset <= CHUNK_BYTES;
  if (!freeSpaceValid) warn(48, `free space offset ${header.freeSpaceOffset} is outside the chunk`, 'chunk header');
  else if (header.freeSpaceOffset <= bytes.length && !recordsChecksumValid(bytes, header)) {
    warn(52, 'event records checksum mismatch', 'chunk header');
  }
  const limit = freeSpaceValid ? Math.min(header.freeSpaceOffset, bytes.length) : bytes.length;

  const chunk = new ChunkContext(bytes, fileOffset, file);
  /** Chunk-relative offset of each record decoded, by record identifier. */
  const recordIds = new Map<number, number>();
  let at = CHUNK_HEADER_BYTES;
  while (at < limit) {
    const problem = recordHeaderProblem(chunk, at, limit);
    if (problem !== null) {
      const next = findNextRecord(chunk, at + 1, limit);
      const end = next < 0 ? limit : next;
      if (!allZero(bytes, at, end)) {
        const skipped = next < 0 ? 'the rest of the chunk' : `${next - at} bytes`;
        issues.add(new InputError(file, fileOffset + at, `${problem}; skipped ${skipped}`, 'record').toIssue());
      }
      if (next < 0) break;
      at = next;
      continue;
    }
    const recordHeader = readRecordHeader(chunk, at);
    const first = recordIds.get(recordHeader.recordId);
    if (first !== undefined) {
      // Windows numbers a chunk's records consecutively; a repeat is a copy of bytes already read (a repeated slice).
      const reason = `record ${recordHeader.recordId} repeats the one at ${fileOffset + first}; skipped`;
      issues.add(new InputError(file, fileOffset + at, reason, 'record').toIssue('warning'));
    } else {
      try {
        records.push({ offset: fileOffset + at, recordId: recordHeader.recordId, record: decodeRecord(chunk, recordHeader) });
        recordIds.set(recordHeader.recordId, at);
      } catch (error) {
        issues.add(issueFromThrown(error, file, fileOffset + at));
      }
    }
    at += recordHeader.size;
  }
  const recordsCut = freeSpaceValid && header.freeSpaceOffset > bytes.length;
  if (cut) {
    // The next chunk starting inside this one is the only trace of bytes inserted before it or removed from this one.
    const lost = recordsCut ? `; this one's records ran on to chunk offset ${header.freeSpaceOffset}, the rest are lost` : '';
    const reason = `the next chunk starts here, ${bytes.length} bytes into this one and off the 64 KiB grid: bytes were inserted or removed${lost}`;
    issues.add(new InputError(file, fileOffset + bytes.length, reason, 'chunk').toIssue(recordsCut ? 'error' : 'warning'));
  } else if (recordsCut) {
    const reason = `the file ends ${bytes.length} bytes into the chunk; its records run on to chunk offset ${header.freeSpaceOffset}`;
    issues.add(new InputError(file, fileOffset + bytes.length, reason, 'chunk').toIssue());
  }
  return { records, issues: issues.list };
}

/**
 * A chunk's issues, each listed once: a broken template or name is met again by every record that points at it,
 * always at the same offset with the same reason.
 */
class ChunkIssues {
  readonly list: ParseIssue[] = [];
  private readonly seen = new Set<string>();

  add(issue: ParseIssue): void {
    const key = `${issue.offset} ${issue.structure ?? ''} ${issue.reason}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(issue);
  }
}

/** Zero bytes after the last record are unused space, not damage. */
function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}
