import type { ChunkContext } from './chunk-context';
import type { Content } from './binxml-tree';

/**
 * Template definitions (libyal "Windows XML Event Log (EVTX)" 4.1.11; MS-EVEN6 3.1.4.7.5 "TemplateDefinition"):
 * u32 next-definition offset, 16-byte GUID, u32 data size, then a BinXML fragment of that size. A definition is
 * written inline in the first record that uses it; later records point back at its chunk-relative offset, so the
 * parsed tree is cached per chunk under that offset and shared by every record of the chunk.
 */

export const TEMPLATE_DEFINITION_HEADER_BYTES = 24;

export interface Template {
  /** Chunk-relative offset of the definition header. */
  offset: number;
  /** The fragment's content: normally one `Event` element. */
  content: Content[];
}

export interface TemplateDefinitionHeader {
  nextOffset: number;
  dataSize: number;
  /** Chunk-relative offset of the fragment. */
  dataOffset: number;
}

export function readTemplateDefinitionHeader(chunk: ChunkContext, offset: number): TemplateDefinitionHeader {
  if (offset < 0 || offset + TEMPLATE_DEFINITION_HEADER_BYTES > chunk.bytes.length) {
    throw chunk.error(offset, `template definition offset ${offset} is outside the chunk`, 'template definition');
  }
  const dataSize = chunk.view.getUint32(offset + 20, true);
  const dataOffset = offset + TEMPLATE_DEFINITION_HEADER_BYTES;
  if (dataOffset + dataSize > chunk.bytes.length) {
    throw chunk.error(offset, `template data of ${dataSize} bytes runs past the chunk end`, 'template definition');
  }
  return { nextOffset: chunk.view.getUint32(offset, true), dataSize, dataOffset };
}

export function cachedTemplate(chunk: ChunkContext, offset: number): Template | undefined {
  return chunk.templates.get(offset);
}

export function cacheTemplate(chunk: ChunkContext, template: Template): Template {
  chunk.templates.set(template.offset, template);
  return template;
}
