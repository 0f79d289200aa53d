import { READ_SLICE_BYTES, positiveLimit } from '../limits';

/**
 * Reads a Blob in slices so memory stays bounded whatever the file size. Works on browser `File`s and on Node's
 * `fs.openAsBlob` alike, which is what lets the engine run unchanged in both.
 */
export async function* readSlices(
  blob: Blob,
  sliceBytes = READ_SLICE_BYTES,
  signal?: AbortSignal,
): AsyncGenerator<{ bytes: Uint8Array; offset: number }> {
  const step = positiveLimit(sliceBytes, READ_SLICE_BYTES);
  for (let offset = 0; offset < blob.size; offset += step) {
    if (signal?.aborted) return;
    const bytes = new Uint8Array(await blob.slice(offset, Math.min(offset + step, blob.size)).arrayBuffer());
    yield { bytes, offset };
  }
}

/** Reads the first `length` bytes (fewer for a short file). */
export async function readHead(blob: Blob, length: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, Math.min(length, blob.size)).arrayBuffer());
}

/** Reads one range of bytes; shorter at the end of the file. */
export async function readRange(blob: Blob, offset: number, length: number): Promise<Uint8Array> {
  const end = Math.min(blob.size, offset + length);
  if (offset >= end) return new Uint8Array(0);
  return new Uint8Array(await blob.slice(offset, end).arrayBuffer());
}
