import { StorageCharge } from './buffer-ledger';

/** Storage an empty buffer keeps for the next message; larger storage is released when the buffer empties. */
export const KEPT_STORAGE_BYTES = 4096;

/**
 * The bytes of one direction of a conversation that a dissector has received but not yet consumed. Bounded: an
 * append past `limit`, or one whose growth the file's buffer budget refuses (buffer-ledger.ts), marks the buffer
 * overflowed (and drops the data) instead of growing it.
 */
export class StreamBuffer {
  private bytes = new Uint8Array(0);
  private start = 0;
  private end = 0;
  /** The share of the file's budget that `bytes` holds; touched only when the storage is replaced. */
  private readonly charge = new StorageCharge();
  overflowed = false;

  constructor(private readonly limit: number) {}

  get length(): number {
    return this.end - this.start;
  }

  /** The unconsumed bytes; valid until the next append or consume. */
  view(): Uint8Array {
    return this.bytes.subarray(this.start, this.end);
  }

  append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.limit) {
      this.refuse();
      return;
    }
    if (this.end + chunk.length > this.bytes.length) {
      const kept = this.view();
      const size = Math.min(this.limit, Math.max(kept.length + chunk.length, this.bytes.length * 2, 256));
      if (!this.charge.resize(size)) {
        this.refuse();
        return;
      }
      const grown = new Uint8Array(size);
      grown.set(kept);
      this.bytes = grown;
      this.start = 0;
      this.end = kept.length;
    }
    this.bytes.set(chunk, this.end);
    this.end += chunk.length;
  }

  consume(count: number): void {
    this.start = Math.min(this.end, this.start + count);
    if (this.start === this.end) this.reset();
  }

  clear(): void {
    this.reset();
    this.overflowed = false;
  }

  /** Empty for good: the storage goes too, whatever its size (a reader that is done with its direction). */
  release(): void {
    this.clear();
    this.bytes = new Uint8Array(0);
    this.charge.resize(0);
  }

  /** The partial message is dropped, as every module already handles: none is ever half-kept. */
  private refuse(): void {
    this.clear();
    this.overflowed = true;
  }

  /**
   * Empty again; a storage that grew past KEPT_STORAGE_BYTES is let go, so idle conversations hold little, and so is
   * any storage while the file's buffer budget is tight.
   */
  private reset(): void {
    this.start = this.end = 0;
    if (this.bytes.length > KEPT_STORAGE_BYTES || (this.bytes.length > 0 && this.charge.budgetTight)) {
      this.bytes = new Uint8Array(0);
      this.charge.resize(0);
    }
  }
}

/** Bytes as text, one character per byte: protocol lines are ASCII and a stray high byte must not throw. */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let text = '';
  const stop = Math.min(end, bytes.length);
  for (let i = start; i < stop; i += 4096) text += String.fromCharCode(...bytes.subarray(i, Math.min(stop, i + 4096)));
  return text;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function utf8Text(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Cuts a text field to `max` characters so one hostile value cannot bloat every event downstream. */
export function capped(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}
