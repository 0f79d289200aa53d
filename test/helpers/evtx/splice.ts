/**
 * Byte-level damage of the kinds that move chunks off the 64 KiB grid: bytes inserted (a repeated slice, as
 * ../shared/tools/mutate-run.mjs makes, or new bytes) and bytes removed.
 */

/** `inserted` placed at `at`. */
export function insertBytes(file: Uint8Array, at: number, inserted: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(file.length + inserted.length);
  out.set(file.subarray(0, at));
  out.set(inserted, at);
  out.set(file.subarray(at), at + inserted.length);
  return out;
}

/** The `length` bytes from `at` repeated right after themselves. */
export function repeatSlice(file: Uint8Array, at: number, length: number): Uint8Array<ArrayBuffer> {
  return insertBytes(file, at, file.slice(at, at + length));
}

/** `length` bytes from `at` removed. */
export function removeBytes(file: Uint8Array, at: number, length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(file.length - length);
  out.set(file.subarray(0, at));
  out.set(file.subarray(at + length), at);
  return out;
}

/** Bytes that are neither zero nor a signature: a fixed pattern, so every run inserts the same. */
export function patternBytes(length: number): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length }, (_, i) => ((i * 131 + 7) % 251) + 1);
}
