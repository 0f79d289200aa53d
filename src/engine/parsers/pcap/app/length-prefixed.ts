import type { AppEvent, StreamPayload } from '../segment';
import { StreamBuffer } from './stream-buffer';

/**
 * TCP conversations whose every message follows its length, as DNS (RFC 1035 section 4.2.2) and Kerberos (RFC 4120
 * section 7.2.2) frame theirs: each direction is buffered until a message is whole, then cut out. A direction drops
 * what it holds at a gap, at a length past `maxMessageBytes` and when its buffer refuses to grow, and reads on from
 * the next payload.
 */
export class LengthPrefixedMessages {
  private readonly buffers = new Map<string, StreamBuffer>();

  constructor(
    private readonly prefixBytes: number,
    /** The message length its first `prefixBytes` bytes declare (the prefix itself not counted). */
    private readonly lengthOf: (prefix: Uint8Array) => number,
    private readonly maxMessageBytes: number,
    /** Reads one whole message, prefix removed; `chunk` is the payload that completed it. */
    private readonly read: (chunk: StreamPayload, message: Uint8Array) => AppEvent[],
  ) {}

  /** Buffers one payload and reads every message it completes, in order. */
  cut(chunk: StreamPayload): AppEvent[] {
    const key = directionKey(chunk.flowKey, chunk.fromInitiator);
    let buffer = this.buffers.get(key);
    if (!buffer) {
      buffer = new StreamBuffer(this.maxMessageBytes + this.prefixBytes);
      this.buffers.set(key, buffer);
    }
    if (chunk.gap) buffer.clear();
    buffer.append(chunk.payload);
    const events: AppEvent[] = [];
    while (buffer.length >= this.prefixBytes) {
      const view = buffer.view();
      const length = this.lengthOf(view);
      if (length > this.maxMessageBytes) {
        buffer.clear();
        break;
      }
      if (view.length < this.prefixBytes + length) break;
      events.push(...this.read(chunk, view.subarray(this.prefixBytes, this.prefixBytes + length)));
      buffer.consume(this.prefixBytes + length);
    }
    return events;
  }

  close(flowKey: string): void {
    this.buffers.delete(directionKey(flowKey, true));
    this.buffers.delete(directionKey(flowKey, false));
  }

  clear(): void {
    this.buffers.clear();
  }
}

const directionKey = (flowKey: string, fromInitiator: boolean): string => `${flowKey}\u0000${fromInitiator ? 'i' : 'r'}`;
