import { crc32 } from '../../../src/engine/parsers/evtx/crc32';

/**
 * A small EVTX writer for fixtures: builds chunks of records whose BinXML uses inline names and templates on first
 * use and back-references after, as Windows writes them (libyal "Windows XML Event Log (EVTX)"; MS-EVEN6 3.1.4.7).
 * Checksums are computed, so damage is added on purpose by the tests, not by accident.
 */

export const CHUNK_BYTES = 65536;
export const FILE_HEADER_BYTES = 4096;
const CHUNK_HEADER_BYTES = 512;

/** A substitution placeholder in a template. */
export interface Sub {
  sub: number;
  optional?: boolean;
  /** The type the template declares; the record's value type is what counts when rendering. */
  declaredType?: number;
}
export type Part = string | Sub | { charRef: number } | { entity: string } | { cdata: string };
export interface XmlNode {
  element: string;
  attrs?: Array<[name: string, value: Part | Part[]]>;
  children?: Array<XmlNode | Part | { pi: string; data: string }>;
}

/** A typed substitution value: the BinXML value type and its bytes. */
export interface Value {
  type: number;
  bytes: Uint8Array;
}

const isNode = (part: unknown): part is XmlNode => typeof part === 'object' && part !== null && 'element' in part;

class ByteSink {
  bytes = new Uint8Array(CHUNK_BYTES);
  length = 0;

  u8(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value & 0xff;
  }
  u16(value: number): void {
    this.u8(value);
    this.u8(value >>> 8);
  }
  u32(value: number): void {
    this.u16(value & 0xffff);
    this.u16(value >>> 16);
  }
  u64(value: number): void {
    this.u32(value % 0x100000000);
    this.u32(Math.floor(value / 0x100000000));
  }
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }
  utf16(text: string): void {
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i));
  }
  patch32(at: number, value: number): void {
    new DataView(this.bytes.buffer).setUint32(at, value >>> 0, true);
  }
  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes);
    this.bytes = grown;
  }
}

export interface TemplateSpec {
  /** Identity of the template within the writer: the same key reuses the definition written first. */
  key: string;
  root: XmlNode;
}

/**
 * Writes one chunk. Offsets in BinXML are chunk-relative, so the writer appends to the chunk buffer directly and
 * remembers where each name and template definition went.
 */
export class ChunkWriter {
  private readonly out = new ByteSink();
  private readonly names = new Map<string, number>();
  private readonly templates = new Map<string, number>();
  private firstRecordId = 0;
  private lastRecordId = 0;
  private lastRecordOffset = 0;

  constructor() {
    this.out.length = CHUNK_HEADER_BYTES;
  }

  /** A record whose event is a template instance. */
  templateRecord(recordId: number, template: TemplateSpec, values: Value[], written = 0x01d4c3f0_00000000): this {
    return this.record(recordId, written, () => {
      this.fragmentHeader();
      this.templateInstance(template, values);
      this.out.u8(0x00);
    });
  }

  /** A record whose event is written as plain elements, without a template. */
  elementRecord(recordId: number, root: XmlNode, written = 0x01d4c3f0_00000000): this {
    return this.record(recordId, written, () => {
      this.fragmentHeader();
      this.element(root, false);
      this.out.u8(0x00);
    });
  }

  /** A record with arbitrary BinXML bytes (for damage); `body(at)` gets the chunk offset it is written at. */
  rawRecord(recordId: number, body: (at: number) => Uint8Array, written = 0x01d4c3f0_00000000): this {
    return this.record(recordId, written, () => this.out.raw(body(this.out.length)));
  }

  /** Bytes that are not a record, between records. */
  garbage(bytes: Uint8Array): this {
    this.out.raw(bytes);
    return this;
  }

  /**
   * The BinXML of a template instance, to nest as a BinXML-typed value (0x21). The template must already be defined
   * in this chunk, so the bytes only point back at it and do not depend on where they end up.
   */
  nestedInstance(template: TemplateSpec, values: Value[]): Uint8Array {
    if (!this.templates.has(template.key)) throw new Error(`template ${template.key} is not defined in this chunk yet`);
    const start = this.out.length;
    this.fragmentHeader();
    this.templateInstance(template, values);
    this.out.u8(0x00);
    const bytes = this.out.bytes.slice(start, this.out.length);
    this.out.length = start;
    return bytes;
  }

  /** The chunk's current write position (chunk-relative). */
  get position(): number {
    return this.out.length;
  }

  finish(): Uint8Array<ArrayBuffer> {
    const chunk = new Uint8Array(CHUNK_BYTES);
    chunk.set(this.out.bytes.subarray(0, Math.min(this.out.length, CHUNK_BYTES)));
    const view = new DataView(chunk.buffer);
    chunk.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]);
    view.setBigUint64(8, BigInt(this.firstRecordId), true);
    view.setBigUint64(16, BigInt(this.lastRecordId), true);
    view.setBigUint64(24, BigInt(this.firstRecordId), true);
    view.setBigUint64(32, BigInt(this.lastRecordId), true);
    view.setUint32(40, 128, true);
    view.setUint32(44, this.lastRecordOffset, true);
    view.setUint32(48, this.out.length, true);
    view.setUint32(52, crc32(chunk, CHUNK_HEADER_BYTES, this.out.length), true);
    view.setUint32(124, crc32(chunk, 128, CHUNK_HEADER_BYTES, crc32(chunk, 0, 120)), true);
    return chunk;
  }

  private record(recordId: number, written: number, body: () => void): this {
    const at = this.out.length;
    if (this.firstRecordId === 0) this.firstRecordId = recordId;
    this.lastRecordId = recordId;
    this.lastRecordOffset = at;
    this.out.raw(new Uint8Array([0x2a, 0x2a, 0x00, 0x00]));
    this.out.u32(0);
    this.out.u64(recordId);
    this.out.u64(written);
    body();
    const size = this.out.length + 4 - at;
    this.out.u32(size);
    this.out.patch32(at + 4, size);
    return this;
  }

  private fragmentHeader(): void {
    this.out.raw(new Uint8Array([0x0f, 0x01, 0x01, 0x00]));
  }

  private templateInstance(template: TemplateSpec, values: Value[]): void {
    this.out.u8(0x0c);
    this.out.u8(0x01);
    this.out.u32(0x1234);
    const known = this.templates.get(template.key);
    if (known !== undefined) {
      this.out.u32(known);
    } else {
      const definitionAt = this.out.length + 4;
      this.templates.set(template.key, definitionAt);
      this.out.u32(definitionAt);
      this.out.u32(0);
      this.out.raw(new Uint8Array(16).fill(0xab));
      const sizeAt = this.out.length;
      this.out.u32(0);
      const dataStart = this.out.length;
      this.fragmentHeader();
      this.element(template.root, true);
      this.out.u8(0x00);
      this.out.patch32(sizeAt, this.out.length - dataStart);
    }
    this.out.u32(values.length);
    for (const value of values) {
      this.out.u16(value.bytes.length);
      this.out.u8(value.type);
      this.out.u8(0);
    }
    for (const value of values) this.out.raw(value.bytes);
  }

  private element(node: XmlNode, inTemplate: boolean): void {
    const attrs = node.attrs ?? [];
    this.out.u8(attrs.length > 0 ? 0x41 : 0x01);
    if (inTemplate) this.out.u16(0xffff);
    const sizeAt = this.out.length;
    this.out.u32(0);
    this.name(node.element);
    if (attrs.length > 0) {
      const listAt = this.out.length;
      this.out.u32(0);
      attrs.forEach(([name, value], index) => {
        this.out.u8(index < attrs.length - 1 ? 0x46 : 0x06);
        this.name(name);
        for (const part of Array.isArray(value) ? value : [value]) this.part(part);
      });
      this.out.patch32(listAt, this.out.length - listAt - 4);
    }
    const children = node.children ?? [];
    if (children.length === 0) {
      this.out.u8(0x03);
    } else {
      this.out.u8(0x02);
      for (const child of children) {
        if (isNode(child)) this.element(child, inTemplate);
        else if (typeof child === 'object' && 'pi' in child) {
          this.out.u8(0x0a);
          this.name(child.pi);
          this.out.u8(0x0b);
          this.out.u16(child.data.length);
          this.out.utf16(child.data);
        } else this.part(child);
      }
      this.out.u8(0x04);
    }
    this.out.patch32(sizeAt, this.out.length - sizeAt - 4);
  }

  private part(part: Part): void {
    if (typeof part === 'string') {
      this.out.u8(0x05);
      this.out.u8(0x01);
      this.out.u16(part.length);
      this.out.utf16(part);
    } else if ('sub' in part) {
      this.out.u8(part.optional ? 0x0e : 0x0d);
      this.out.u16(part.sub);
      this.out.u8(part.declaredType ?? 0x01);
    } else if ('charRef' in part) {
      this.out.u8(0x08);
      this.out.u16(part.charRef);
    } else if ('entity' in part) {
      this.out.u8(0x09);
      this.name(part.entity);
    } else {
      this.out.u8(0x07);
      this.out.u16(part.cdata.length);
      this.out.utf16(part.cdata);
    }
  }

  /** A name reference: inline on first use in the chunk, a back-reference after (MS-EVEN6 3.1.4.7.2). */
  private name(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      this.out.u32(known);
      return;
    }
    const at = this.out.length + 4;
    this.names.set(name, at);
    this.out.u32(at);
    this.out.u32(0);
    this.out.u16(0);
    this.out.u16(name.length);
    this.out.utf16(name);
    this.out.u16(0);
  }
}

/**
 * A valid file header (libyal EVTX section 2, checksum included) for `chunkCount` chunks: alone, so a large file can be
 * a Blob of the header and chunk buffers without copying them into one array.
 */
export function evtxFileHeader(chunkCount: number, dirty = false): Uint8Array<ArrayBuffer> {
  const header = new Uint8Array(FILE_HEADER_BYTES);
  const view = new DataView(header.buffer);
  header.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]);
  view.setBigUint64(16, BigInt(Math.max(0, chunkCount - 1)), true);
  view.setUint32(32, 128, true);
  view.setUint16(36, 1, true);
  view.setUint16(38, 3, true);
  view.setUint16(40, FILE_HEADER_BYTES, true);
  view.setUint16(42, chunkCount, true);
  view.setUint32(120, dirty ? 1 : 0, true);
  view.setUint32(124, crc32(header, 0, 120), true);
  return header;
}

/** A file header and the chunks after it; `chunkCount` defaults to the number of chunks given. */
export function evtxFile(chunks: Uint8Array[], options: { chunkCount?: number; dirty?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const file = new Uint8Array(FILE_HEADER_BYTES + chunks.length * CHUNK_BYTES);
  file.set(evtxFileHeader(options.chunkCount ?? chunks.length, options.dirty));
  chunks.forEach((chunk, index) => file.set(chunk, FILE_HEADER_BYTES + index * CHUNK_BYTES));
  return file;
}
