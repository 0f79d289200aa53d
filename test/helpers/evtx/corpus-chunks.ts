import { readFileSync } from 'node:fs';
import { CHUNK_BYTES, hasChunkSignature } from '../../../src/engine/parsers/evtx/chunk-header';
import { FILE_HEADER_BYTES } from '../../../src/engine/parsers/evtx/file-header';
import { filesUnder } from '../files';

/** Every 64 KiB slot with a chunk signature, from every `.evtx` file under `dir`, in file-name order. */
export function corpusChunks(dir: string): Uint8Array<ArrayBuffer>[] {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for (const file of filesUnder(dir, (name) => name.endsWith('.evtx')).sort()) {
    const bytes = new Uint8Array(readFileSync(file));
    for (let at = FILE_HEADER_BYTES; at + CHUNK_BYTES <= bytes.length; at += CHUNK_BYTES) {
      if (hasChunkSignature(bytes, at)) chunks.push(bytes.subarray(at, at + CHUNK_BYTES));
    }
  }
  return chunks;
}
