import type { ParseIssue } from '../../errors';
import type { NormalizedEvent } from '../../events';
import { readHead, readSlices } from '../../io/blob-reader';
import { EVENTS_PER_BATCH, MAX_LISTED_ISSUES, READ_SLICE_BYTES } from '../../limits';
import type { ParseBatch, ParseContext } from '../types';
import type { CaptureReader } from './capture';
import { ClassicPcapReader } from './classic-reader';
import { CaptureDecoder } from './decoder';
import { PcapngReader } from './pcapng-reader';
import type { AppDissector } from './segment';
import { captureFormat } from './sniff';

/** Bytes of the head read to tell the format. */
const FORMAT_PROBE_BYTES = 12;

export interface CaptureParseOptions {
  /** A fresh application dissector for this file. */
  dissector: AppDissector;
  /** Bytes per read (READ_SLICE_BYTES unless a test makes records straddle reads). */
  sliceBytes?: number;
  maxFlows?: number;
}

/**
 * Streams a capture: reads it slice by slice, carries a partial record over to the next slice, and yields the
 * events of each slice in file order (by origin offset). Issues past MAX_LISTED_ISSUES are only counted.
 */
export async function* parseCapture(input: Blob, ctx: ParseContext, options: CaptureParseOptions): AsyncGenerator<ParseBatch> {
  const decoder = new CaptureDecoder({ fileName: ctx.fileName, fileIndex: ctx.fileIndex, dissector: options.dissector, maxFlows: options.maxFlows });
  const format = captureFormat(await readHead(input, FORMAT_PROBE_BYTES));
  if (!format) {
    const reason = 'no pcap or pcapng magic number at the start of the file; not read as a capture';
    yield { events: [], issues: [{ file: ctx.fileName, offset: 0, structure: 'file header', reason, severity: 'error' }], bytesDone: input.size };
    return;
  }
  const reader: CaptureReader = format === 'pcap' ? new ClassicPcapReader(decoder) : new PcapngReader(decoder, input.size);
  const issues = new IssueCap(ctx.fileName);
  let carry = new Uint8Array(0);
  let bytesDone = 0;
  for await (const { bytes, offset } of readSlices(input, options.sliceBytes ?? READ_SLICE_BYTES, ctx.signal)) {
    const window = carry.length > 0 ? joined(carry, bytes) : bytes;
    const start = offset - carry.length;
    const atEnd = offset + bytes.length >= input.size;
    const used = reader.consume(window, start, atEnd);
    // Copied so the slice just read is not kept alive by a few leftover bytes.
    carry = atEnd ? new Uint8Array(0) : window.slice(used);
    bytesDone = start + used;
    yield* batches(decoder, issues, bytesDone);
    if (ctx.signal?.aborted) return;
  }
  decoder.finish();
  yield* batches(decoder, issues, input.size, true);
}

function joined(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

function* batches(decoder: CaptureDecoder, issues: IssueCap, bytesDone: number, last = false): Generator<ParseBatch> {
  const events: NormalizedEvent[] = decoder.events;
  decoder.events = [];
  const listed = issues.take(decoder.issues, last);
  decoder.issues = [];
  if (events.length === 0) {
    if (listed.length > 0) yield { events, issues: listed, bytesDone };
    return;
  }
  // Flow events are emitted when their conversation ends, so they arrive after later packets' records.
  events.sort((a, b) => a.origin.offset - b.origin.offset);
  for (let from = 0; from < events.length; from += EVENTS_PER_BATCH) {
    yield { events: events.slice(from, from + EVENTS_PER_BATCH), issues: from === 0 ? listed : [], bytesDone };
  }
}

/** Lists the first MAX_LISTED_ISSUES issues of a file and counts the rest, reported once at the end. */
class IssueCap {
  private listed = 0;
  private unlisted = 0;

  constructor(private readonly file: string) {}

  take(issues: ParseIssue[], last: boolean): ParseIssue[] {
    const room = Math.max(0, MAX_LISTED_ISSUES - this.listed);
    const kept = issues.length > room ? issues.slice(0, room) : issues;
    this.listed += kept.length;
    this.unlisted += issues.length - kept.length;
    if (last && this.unlisted > 0) {
      kept.push({ file: this.file, offset: 0, reason: `${this.unlisted} more problems not listed (only the first ${MAX_LISTED_ISSUES} are)`, severity: 'error' });
    }
    return kept;
  }
}
