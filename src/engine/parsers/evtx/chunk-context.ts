import { InputError } from '../../errors';
import type { Template } from './template-cache';

/**
 * Everything a chunk's records share: its bytes (offsets inside BinXML are relative to the chunk start), and the
 * names and templates already read, each parsed once per chunk and reused by every record that points at it.
 */
export class ChunkContext {
  readonly view: DataView;
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, Template>();

  constructor(
    readonly bytes: Uint8Array,
    /** File offset of the chunk's first byte, to report positions as file offsets. */
    readonly fileOffset: number,
    readonly file: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** An input error at chunk-relative offset `at`. */
  error(at: number, reason: string, structure: string): InputError {
    return new InputError(this.file, this.fileOffset + at, reason, structure);
  }
}
