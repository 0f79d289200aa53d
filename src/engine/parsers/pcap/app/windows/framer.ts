import { StorageCharge } from '../buffer-ledger';

/**
 * Cuts one direction of a byte stream into length-prefixed messages (NetBIOS session frames, DCE/RPC PDUs). The
 * stream arrives in arbitrary pieces; a message may span many of them, and a piece may hold many messages.
 *
 * Memory stays bounded by `maxKept` plus one incoming piece: a message longer than that (a multi-megabyte SMB2
 * WRITE) is delivered with its first `maxKept` bytes, which hold every header the dissectors read, and the rest is
 * skipped as it arrives. The storage draws on the file's buffer budget (`../buffer-ledger.ts`): a growth it refuses
 * drops what is buffered and loses the framing, as a gap would.
 */

export interface Frame {
  /** The message's first bytes: all of it unless `truncated`. */
  bytes: Uint8Array;
  /** The length its header declares. */
  declaredLength: number;
  truncated: boolean;
}

/**
 * Reads the total message length (header included) from a message's first `headerLength` bytes, or returns null
 * when the bytes cannot start a message: the framing is lost.
 */
export type LengthOf = (head: Uint8Array) => number | null;

/**
 * A stricter test that `headerLength` bytes start a message (magic numbers, versions), used to find the next message
 * after the framing is lost, as when a capture begins in the middle of a conversation. Without one, a framer whose
 * framing is lost ignores the stream until the next gap.
 */
export type StartsMessage = (probe: Uint8Array) => boolean;

/** Bytes shown to `StartsMessage`: enough for a NetBIOS header plus the SMB magic, or a whole DCE/RPC header. */
export const START_PROBE_BYTES = 16;

export class MessageFramer {
  private buffer = new Uint8Array(0);
  private used = 0;
  private skipRemaining = 0;
  private lost: boolean;
  /** The share of the file's buffer budget that `buffer` holds; touched only when the storage is replaced. */
  private readonly charge = new StorageCharge();

  /** With `startsMessage`, the stream must begin at a recognised message start, as a capture can begin mid-message. */
  constructor(
    private readonly headerLength: number,
    private readonly lengthOf: LengthOf,
    private readonly maxKept: number,
    private readonly startsMessage?: StartsMessage,
  ) {
    this.lost = startsMessage !== undefined;
  }

  /** True while bytes arrive that no message starts with; `reset` (a gap in the stream) clears it. */
  get framingLost(): boolean {
    return this.lost;
  }

  /**
   * Bytes before this point are missing: a partial message can never complete, and the next bytes need not start a
   * message, so a framer that can recognise a message start looks for one.
   */
  reset(): void {
    this.used = 0;
    this.skipRemaining = 0;
    this.lost = this.startsMessage !== undefined;
    if (this.buffer.length > this.maxKept) {
      this.buffer = new Uint8Array(0);
      this.charge.resize(0);
    }
  }

  push(chunk: Uint8Array): Frame[] {
    if (this.lost && !this.startsMessage) return [];
    let input = chunk;
    if (this.skipRemaining > 0) {
      const skipped = Math.min(this.skipRemaining, input.length);
      this.skipRemaining -= skipped;
      input = input.subarray(skipped);
    }
    this.append(input);
    return this.cut();
  }

  /** The first offset from `from` where a message starts, or -1 when none is buffered yet. */
  private resynchronize(from: number): number {
    const startsMessage = this.startsMessage as StartsMessage;
    const last = this.used - this.headerLength;
    for (let offset = from; offset <= last; offset++) {
      if (startsMessage(this.buffer.subarray(offset, Math.min(this.used, offset + START_PROBE_BYTES)))) return offset;
    }
    return -1;
  }

  private append(input: Uint8Array): void {
    if (input.length === 0) return;
    if (this.used + input.length > this.buffer.length) {
      const size = Math.max(this.used + input.length, this.buffer.length * 2, 256);
      if (!this.charge.resize(size)) {
        // The partial message is dropped with this piece; a framer that can find a message start looks for one.
        this.used = 0;
        this.skipRemaining = 0;
        this.lost = true;
        return;
      }
      const grown = new Uint8Array(size);
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(input, this.used);
    this.used += input.length;
  }

  /**
   * Cuts every whole message buffered. The buffer is compacted once, at the end: moving the rest of it down after
   * each message or each lost byte would make a piece full of short or broken messages cost quadratic time.
   */
  private cut(): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    // Each pass consumes at least one byte: a whole message, or the byte where framing failed.
    for (;;) {
      if (this.lost) {
        const found = this.resynchronize(start);
        if (found < 0) {
          // Keep the bytes that could still begin a header once more arrive.
          start = Math.max(start, this.used - (START_PROBE_BYTES - 1));
          break;
        }
        start = found;
        this.lost = false;
      }
      if (this.used - start < this.headerLength) break;
      const declared = this.lengthOf(this.buffer.subarray(start, start + this.headerLength));
      if (declared === null || declared < this.headerLength) {
        this.lost = true;
        if (!this.startsMessage) {
          this.used = 0;
          return frames;
        }
        // Skip the byte that failed and look for the next message start.
        start++;
        continue;
      }
      const available = this.used - start;
      if (declared <= available) {
        frames.push({ bytes: this.buffer.slice(start, start + declared), declaredLength: declared, truncated: false });
        start += declared;
        continue;
      }
      if (declared > this.maxKept && available >= this.maxKept) {
        frames.push({ bytes: this.buffer.slice(start, start + this.maxKept), declaredLength: declared, truncated: true });
        this.skipRemaining = declared - available;
        start = this.used;
      }
      break;
    }
    this.buffer.copyWithin(0, start, this.used);
    this.used -= start;
    return frames;
  }
}
