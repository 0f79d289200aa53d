import type { ChunkContext } from './chunk-context';
import { decodeUtf16 } from './text';

/**
 * Names of elements, attributes, entity references and PI targets (libyal "Windows XML Event Log (EVTX)" 4.1.5
 * "Name"; MS-EVEN6 3.1.4.7.2 "Name"): u32 next-name offset, u16 hash, u16 character count, the UTF-16 characters
 * and a NUL. A token refers to a name by chunk-relative offset; the first use stores the name inline right there,
 * later uses point back at it, which is why names are cached per chunk by offset.
 */

const NAME_HEADER_BYTES = 8;
const NAME_TERMINATOR_BYTES = 2;

/** Total bytes of the name structure at `offset` (what an inline name occupies in the token stream). */
export function nameByteLength(chunk: ChunkContext, offset: number): number {
  if (offset + NAME_HEADER_BYTES > chunk.bytes.length) throw chunk.error(offset, 'name header past the chunk end', 'name');
  return NAME_HEADER_BYTES + chunk.view.getUint16(offset + 6, true) * 2 + NAME_TERMINATOR_BYTES;
}

/** The name stored at chunk-relative `offset`. */
export function nameAt(chunk: ChunkContext, offset: number): string {
  const cached = chunk.names.get(offset);
  if (cached !== undefined) return cached;
  const length = nameByteLength(chunk, offset);
  const end = offset + length - NAME_TERMINATOR_BYTES;
  if (offset + length > chunk.bytes.length) throw chunk.error(offset, 'name runs past the chunk end', 'name');
  const name = decodeUtf16(chunk.bytes, offset + NAME_HEADER_BYTES, end);
  chunk.names.set(offset, name);
  return name;
}
