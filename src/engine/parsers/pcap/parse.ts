import type { NormalizedEvent } from '../../events';
import { readHead, readSlices } from '../../io/blob-reader';
import { concatBytes } from '../../io/line-reader';
import { EVENTS_PER_BATCH, READ_SLICE_BYTES } from '../../limits';
import type { ParseBatch, ParseContext } from '../types';
import type { CaptureReader } from './capture';
import { ClassicPcapReader } from './classic-reader';
import { CaptureDecoder } from './decoder';
import { PcapngReader } from './pcapng-reader';
import type { AppDissector } from './segment';
import { captureFormat } from './sniff';
import { IssueCap } from '../issue-cap';

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
    const window = carry.length > 0 ? concatBytes([carry, bytes], carry.length + bytes.length) : bytes;
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

