import { MAX_BUFFERED_STREAM_BYTES, MAX_OUT_OF_ORDER_BYTES, MAX_OUT_OF_ORDER_SEGMENTS } from './limits';

/** Signed distance from b to a in 32-bit sequence space (RFC 9293 section 3.4: comparisons are modulo 2^32). */
function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

const seqAdd = (a: number, n: number): number => (a + n) >>> 0;

interface BufferedSegment<Packet> {
  seq: number;
  bytes: Uint8Array;
  /** Declared length: more than `bytes.length` when the capture cut the segment. */
  length: number;
  packet: Packet;
}

/** Bytes buffered out of order across every stream of a file (MAX_BUFFERED_STREAM_BYTES). */
export class StreamBudget {
  held = 0;
}

/** Receives a stream's in-order bytes; `owner` and `fromInitiator` say whose (kept as fields, not a closure per stream). */
export interface StreamSink<Packet> {
  streamBytes(owner: object, fromInitiator: boolean, payload: Uint8Array, packet: Packet, gap: boolean): void;
}

/**
 * One direction of a TCP conversation, turned into in-order bytes: retransmitted and overlapping bytes are dropped,
 * segments ahead of the next expected byte wait (up to MAX_OUT_OF_ORDER_BYTES / _SEGMENTS and the file-wide
 * budget), and bytes that will not come (the peer acknowledged past them, a limit was hit, the conversation ended)
 * are skipped with `gap` set on the next delivery.
 */
export class TcpStreamDirection<Packet> {
  /** Next expected sequence number, once known (from the SYN, or the first segment seen midstream). */
  private next: number | undefined;
  private buffered: BufferedSegment<Packet>[] = [];
  private bufferedBytes = 0;
  private gapPending = false;
  /** Unique payload bytes delivered or skipped over: what Zeek's orig_bytes/resp_bytes count. */
  payloadBytes = 0;
  retransmissions = 0;
  gaps = 0;

  constructor(
    private readonly budget: StreamBudget,
    private readonly sink: StreamSink<Packet>,
    private readonly owner: object,
    private readonly fromInitiator: boolean,
  ) {}

  /** Returns false when the segment carried only data already seen (a retransmission, as Zeek counts `T`). */
  segment(seq: number, syn: boolean, payload: Uint8Array, length: number, packet: Packet): boolean {
    if (syn) {
      const start = seqAdd(seq, 1);
      if (this.next === undefined) this.next = start;
      else if (seqDiff(start, this.next) !== 0 && this.payloadBytes === 0 && this.buffered.length === 0) this.next = start;
      seq = start;
    }
    if (this.next === undefined) {
      // Picked up midstream: whatever came before is missing.
      this.next = seq;
      this.gapPending = true;
    }
    if (length === 0) return true;
    const ahead = seqDiff(seq, this.next);
    if (ahead + length <= 0) {
      this.retransmissions++;
      return false;
    }
    if (ahead < 0) {
      this.take(payload.subarray(-ahead), length + ahead, packet);
    } else if (ahead === 0) {
      this.take(payload, length, packet);
    } else {
      this.hold(seq, payload, length, packet);
      return true;
    }
    this.drain();
    return true;
  }

  /** The peer acknowledged up to `ack`: bytes below it that are still missing were lost to the capture. */
  acknowledged(ack: number): void {
    while (this.buffered.length > 0 && this.next !== undefined && seqDiff(ack, this.next) > 0 && seqDiff(this.buffered[0].seq, this.next) > 0 && seqDiff(ack, this.buffered[0].seq) >= 0) {
      this.skipTo(this.buffered[0].seq);
      this.drain();
    }
  }

  /** The conversation is over: deliver what waits, across the holes. */
  flush(): void {
    while (this.buffered.length > 0 && this.next !== undefined) {
      if (seqDiff(this.buffered[0].seq, this.next) > 0) this.skipTo(this.buffered[0].seq);
      this.drain();
    }
  }

  private take(payload: Uint8Array, length: number, packet: Packet): void {
    const next = this.next as number;
    if (payload.length > 0) {
      this.sink.streamBytes(this.owner, this.fromInitiator, payload.slice(0, Math.min(payload.length, length)), packet, this.gapPending);
      this.gapPending = false;
    }
    // Declared bytes the capture did not keep are a hole in the stream.
    if (payload.length < length) {
      this.gapPending = true;
      this.gaps++;
    }
    this.next = seqAdd(next, length);
    this.payloadBytes += length;
  }

  private skipTo(seq: number): void {
    const next = this.next as number;
    this.payloadBytes += Math.max(0, seqDiff(seq, next));
    this.next = seq;
    this.gapPending = true;
    this.gaps++;
  }

  private hold(seq: number, payload: Uint8Array, length: number, packet: Packet): void {
    const bytes = payload.slice(0, Math.min(payload.length, length));
    let index = this.buffered.length;
    while (index > 0 && seqDiff(this.buffered[index - 1].seq, seq) > 0) index--;
    this.buffered.splice(index, 0, { seq, bytes, length, packet });
    this.bufferedBytes += bytes.length;
    this.budget.held += bytes.length;
    // Over a limit the oldest hole is given up: waiting longer would cost memory a hostile capture chooses.
    while (
      this.buffered.length > 0 &&
      (this.bufferedBytes > MAX_OUT_OF_ORDER_BYTES || this.buffered.length > MAX_OUT_OF_ORDER_SEGMENTS || this.budget.held > MAX_BUFFERED_STREAM_BYTES)
    ) {
      if (seqDiff(this.buffered[0].seq, this.next as number) > 0) this.skipTo(this.buffered[0].seq);
      this.drain();
    }
  }

  /** Delivers buffered segments that now start at or before the next expected byte. */
  private drain(): void {
    while (this.buffered.length > 0) {
      const first = this.buffered[0];
      const ahead = seqDiff(first.seq, this.next as number);
      if (ahead > 0) return;
      this.buffered.shift();
      this.bufferedBytes -= first.bytes.length;
      this.budget.held -= first.bytes.length;
      if (ahead + first.length <= 0) {
        this.retransmissions++;
        continue;
      }
      this.take(first.bytes.subarray(Math.min(-ahead, first.bytes.length)), first.length + ahead, first.packet);
    }
  }
}
