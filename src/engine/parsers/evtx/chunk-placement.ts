import { InputError, type ParseIssue } from '../../errors';
import { CHUNK_BYTES } from './chunk-header';

/**
 * Reports where chunks were found against where they belong: on the 64 KiB grid from the first chunk (libyal
 * "Windows XML Event Log (EVTX)" section 3), the grid continuing from each chunk found. One issue per defect, at the
 * offset where it starts:
 * - bytes without a chunk (consecutive gaps merged, however many reads they spanned): inside the chunks the header
 *   lists, or before another chunk, they are damage and records are lost (an error); past them at the end, slack
 *   space after the log's last chunk (a warning); all-zero bytes are unused space and not reported, unless they push
 *   the next chunk off the grid;
 * - a chunk off the grid after a gap: bytes were inserted before it. One that starts inside the chunk before is
 *   reported by the decoder of that chunk, which knows whether records were lost.
 */
export class ChunkPlacement {
  /** Chunks found, cut ones included. */
  chunks = 0;
  /** Grid slots passed: chunks, and whole slots of gaps. */
  private slots = 0;
  private gap: { start: number; end: number; zero: boolean } | null = null;

  constructor(
    private readonly file: string,
    /** Chunks the file header lists, when it has one. */
    private readonly listedChunks: number | null,
    private readonly report: (issue: ParseIssue) => void,
  ) {}

  /** Gaps and chunks come in file order and contiguous, so a gap after a gap continues it. */
  addGap(start: number, end: number, zero: boolean): void {
    if (this.gap === null) this.gap = { start, end, zero };
    else {
      this.gap.end = end;
      this.gap.zero &&= zero;
    }
  }

  /** A chunk starting inside the one before (off the grid) is reported by that chunk's decoder. */
  addChunk(): void {
    this.flushGap(true);
    this.chunks++;
    this.slots++;
  }

  /** At the end of the file. */
  finish(): void {
    this.flushGap(false);
  }

  private flushGap(beforeChunk: boolean): void {
    const gap = this.gap;
    if (gap === null) return;
    this.gap = null;
    const length = gap.end - gap.start;
    const offGrid = beforeChunk ? length % CHUNK_BYTES : 0;
    // Slack space only follows the log's last chunk: a gap before a chunk is damage even past the listed chunks (a
    // dirty file's header often lists too few).
    const listedEnd =
      this.listedChunks === null || beforeChunk ? Infinity : gap.start + Math.max(0, this.listedChunks - this.slots) * CHUNK_BYTES;
    this.slots += Math.floor(length / CHUNK_BYTES);
    const shifted = offGrid === 0 ? '' : `; the next chunk starts at ${gap.end}, ${offGrid} bytes off the 64 KiB grid: bytes were inserted before it`;
    if (gap.zero) {
      if (offGrid !== 0) this.report(new InputError(this.file, gap.start, `${length} zero bytes where a chunk belongs${shifted}`, 'chunk header').toIssue('warning'));
      return;
    }
    if (gap.start < listedEnd) {
      const end = Math.min(gap.end, listedEnd);
      const reason = `${withoutSignature(end - gap.start)}; skipped${end === gap.end ? shifted : ''}`;
      this.report(new InputError(this.file, gap.start, reason, 'chunk header').toIssue('error'));
    }
    if (listedEnd < gap.end) {
      const start = Math.max(gap.start, listedEnd);
      const reason = `${withoutSignature(gap.end - start)} after the chunks the header lists; skipped as slack space${shifted}`;
      this.report(new InputError(this.file, start, reason, 'chunk header').toIssue('warning'));
    }
  }
}

function withoutSignature(length: number): string {
  if (length === CHUNK_BYTES) return 'chunk slot has no "ElfChnk" signature';
  if (length % CHUNK_BYTES === 0) return `${length / CHUNK_BYTES} chunk slots in a row have no "ElfChnk" signature`;
  return `${length} bytes without an "ElfChnk" signature`;
}
