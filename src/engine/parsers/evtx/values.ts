import type { ChunkContext } from './chunk-context';
import type { Content } from './binxml-tree';
import { ARRAY_FLAG, ValueType, renderArray, renderValue } from './value-types';

/**
 * The values of one template instance (MS-EVEN6 3.1.4.7.6 "TemplateInstanceData"; libyal 4.1.12): a count, then a
 * (u16 size, u8 type, u8 unused) descriptor per value, then the value bytes back to back. Values are rendered on
 * first use and kept, since a template may use one value in several places.
 */
export class TemplateValues {
  readonly types: number[];
  readonly sizes: number[];
  /** Chunk-relative offsets of each value's bytes. */
  readonly offsets: number[];
  private readonly texts: Array<string | undefined>;
  private readonly nested: Array<Content[] | undefined> = [];

  constructor(
    readonly chunk: ChunkContext,
    readonly count: number,
  ) {
    this.types = new Array<number>(count);
    this.sizes = new Array<number>(count);
    this.offsets = new Array<number>(count);
    this.texts = new Array<string | undefined>(count);
  }

  /** Missing values (an index past the count) read as NULL, as a template with fewer values renders them empty. */
  isNull(index: number): boolean {
    return index >= this.count || this.types[index] === ValueType.Null;
  }

  isArray(index: number): boolean {
    return index < this.count && (this.types[index] & ARRAY_FLAG) !== 0;
  }

  isBinXml(index: number): boolean {
    return index < this.count && this.types[index] === ValueType.BinXml;
  }

  text(index: number): string {
    if (index >= this.count) return '';
    let text = this.texts[index];
    if (text === undefined) {
      const type = this.types[index];
      text =
        type & ARRAY_FLAG
          ? renderArray(this.chunk, type & ~ARRAY_FLAG, this.offsets[index], this.sizes[index]).join(', ')
          : renderValue(this.chunk, type, this.offsets[index], this.sizes[index]);
      this.texts[index] = text;
    }
    return text;
  }

  items(index: number): string[] {
    if (index >= this.count) return [];
    return renderArray(this.chunk, this.types[index] & ~ARRAY_FLAG, this.offsets[index], this.sizes[index]);
  }

  /** The parsed tree of a BinXML-typed value, cached by the caller's parse function. */
  nestedContent(index: number, parse: (start: number, end: number) => Content[]): Content[] {
    let content = this.nested[index];
    if (content === undefined) {
      content = parse(this.offsets[index], this.offsets[index] + this.sizes[index]);
      this.nested[index] = content;
    }
    return content;
  }
}
