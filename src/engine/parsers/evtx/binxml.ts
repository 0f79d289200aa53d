import { MAX_NESTING_DEPTH } from '../../limits';
import type { ChunkContext } from './chunk-context';
import { Substitution, TemplateInstance, XmlAttribute, XmlElement, type Content, type TextPart } from './binxml-tree';
import { nameAt, nameByteLength } from './string-table';
import { cacheTemplate, cachedTemplate, readTemplateDefinitionHeader, type Template } from './template-cache';
import { decodeUtf16, xmlText } from './text';
import { TemplateValues } from './values';
import { ValueType } from './value-types';

/**
 * BinXML tokens (MS-EVEN6 3.1.4.7 "BinXml"; libyal "Windows XML Event Log (EVTX)" 4.1): reads a token stream into
 * the tree of `binxml-tree.ts`. Every read is bounds-checked against the stream's end and every failure is an
 * `InputError` naming the chunk offset; element nesting, template nesting and BinXML values nested in values all
 * count against MAX_NESTING_DEPTH, so a self-referencing template cannot recurse without end.
 */

const Token = {
  EndOfFragment: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CDataSection: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const;

/** Set on element starts with attributes, and on value-like tokens followed by more of the same content. */
const MORE_FLAG = 0x40;

const STRUCTURE = 'BinXML token';

/** The five entities XML predefines; BinXML entity references name one of them (libyal 4.1.9). */
const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Reads the BinXML at chunk-relative `[start, end)` up to its end-of-fragment token. Template definitions write a
 * 2-byte dependency identifier in every element start; records and BinXML-typed values normally do not (libyal
 * 4.1.3 note), so `inTemplate` sets the expectation and each element start is checked against it.
 */
export function readFragment(chunk: ChunkContext, start: number, end: number, inTemplate: boolean, depth: number): Content[] {
  return new BinXmlReader(chunk, start, Math.min(end, chunk.bytes.length), inTemplate, depth).readAll();
}

/** The template whose definition starts at chunk-relative `offset`, parsed on first use. */
export function templateAt(chunk: ChunkContext, offset: number, depth: number): Template {
  const cached = cachedTemplate(chunk, offset);
  if (cached) return cached;
  if (depth > MAX_NESTING_DEPTH) throw chunk.error(offset, `templates nested deeper than ${MAX_NESTING_DEPTH}`, 'template definition');
  const header = readTemplateDefinitionHeader(chunk, offset);
  const content = readFragment(chunk, header.dataOffset, header.dataOffset + header.dataSize, true, depth + 1);
  return cacheTemplate(chunk, { offset, content });
}

/** The tree inside a BinXML-typed substitution value (MS-EVEN6 2.2.12 BinXmlType). */
export function nestedFragment(values: TemplateValues, index: number, depth: number): Content[] {
  if (depth > MAX_NESTING_DEPTH) throw values.chunk.error(values.offsets[index], `BinXML values nested deeper than ${MAX_NESTING_DEPTH}`, STRUCTURE);
  return values.nestedContent(index, (start, end) => readFragment(values.chunk, start, end, false, depth + 1));
}

class BinXmlReader {
  private pos: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(
    private readonly chunk: ChunkContext,
    start: number,
    private readonly end: number,
    private readonly inTemplate: boolean,
    private readonly depth: number,
  ) {
    this.pos = start;
    this.bytes = chunk.bytes;
    this.view = chunk.view;
  }

  readAll(): Content[] {
    const top: Content[] = [];
    const stack: XmlElement[] = [];
    let content = top;
    while (this.pos < this.end) {
      const at = this.pos;
      const token = this.bytes[at];
      switch (token & ~MORE_FLAG) {
        case Token.EndOfFragment:
          this.pos++;
          if (stack.length > 0) throw this.error(at, `fragment ends inside <${stack[stack.length - 1].name}>`);
          return top;
        case Token.OpenStartElement: {
          if (this.depth + stack.length >= MAX_NESTING_DEPTH) throw this.error(at, `elements nested deeper than ${MAX_NESTING_DEPTH}`);
          const element = this.readElementStart(token);
          content.push(element);
          const close = this.u8();
          if (close === Token.CloseStartElement) {
            stack.push(element);
            content = element.content;
          } else if (close !== Token.CloseEmptyElement) {
            throw this.error(this.pos - 1, `expected the end of the <${element.name}> start tag, found 0x${close.toString(16)}`);
          }
          break;
        }
        case Token.EndElement: {
          this.pos++;
          if (stack.length === 0) throw this.error(at, 'end tag without an open element');
          stack.pop();
          content = stack.length > 0 ? stack[stack.length - 1].content : top;
          break;
        }
        case Token.Value:
        case Token.CDataSection:
        case Token.CharRef:
        case Token.EntityRef:
        case Token.NormalSubstitution:
        case Token.OptionalSubstitution:
          pushPart(content, this.readTextPart());
          break;
        case Token.PITarget:
          this.pos++;
          this.readNameRef();
          break;
        case Token.PIData:
          this.pos++;
          this.readCountedUtf16();
          break;
        case Token.TemplateInstance:
          content.push(this.readTemplateInstance(stack.length));
          break;
        case Token.FragmentHeader:
          this.need(4);
          this.pos += 4;
          break;
        default:
          throw this.error(at, `unknown token 0x${token.toString(16)}`);
      }
    }
    if (stack.length > 0) throw this.error(this.pos, `data ends inside <${stack[stack.length - 1].name}>`);
    return top;
  }

  /** Element start (libyal 4.1.3): [u16 dependency id], u32 data size, u32 name offset, [u32 attribute list size]. */
  private readElementStart(token: number): XmlElement {
    const at = this.pos;
    const withDependencyId = this.hasDependencyId(at);
    this.pos += withDependencyId ? 7 : 5;
    const element = new XmlElement(this.readNameRef());
    if (token & MORE_FLAG) {
      this.need(4);
      this.pos += 4;
      while (this.pos < this.end && (this.bytes[this.pos] & ~MORE_FLAG) === Token.Attribute) {
        this.pos++;
        const name = this.readNameRef();
        const value: TextPart[] = [];
        while (this.pos < this.end && isTextToken(this.bytes[this.pos])) pushPart(value, this.readTextPart());
        element.attributes.push(new XmlAttribute(name, value, `${element.name}_${name}`));
      }
    }
    return element;
  }

  /**
   * Whether the element start at `at` carries a dependency identifier. The name that follows is either stored inline
   * (its offset then equals the position right after the offset field) or earlier in the chunk, so the layout whose
   * name offset fits is the one used; the stream kind decides only when both or neither fit.
   */
  private hasDependencyId(at: number): boolean {
    this.need(11);
    const withId = this.view.getUint32(at + 7, true);
    const withoutId = this.view.getUint32(at + 5, true);
    if (withId === at + 11) return true;
    if (withoutId === at + 9) return false;
    const withIdFits = withId < at;
    const withoutIdFits = withoutId < at;
    if (withIdFits !== withoutIdFits) return withIdFits;
    return this.inTemplate;
  }

  /** Reads a name offset; a name stored inline right after it is skipped. */
  private readNameRef(): string {
    this.need(4);
    const offset = this.view.getUint32(this.pos, true);
    this.pos += 4;
    if (offset === this.pos) {
      const length = nameByteLength(this.chunk, offset);
      this.need(length);
      this.pos += length;
    }
    return nameAt(this.chunk, offset);
  }

  /** One piece of text content or attribute value: a literal, a character or entity reference, or a substitution. */
  private readTextPart(): TextPart {
    const at = this.pos;
    const token = this.bytes[at] & ~MORE_FLAG;
    this.pos++;
    switch (token) {
      case Token.Value: {
        const type = this.u8();
        if (type !== ValueType.String) throw this.error(at, `value token of type 0x${type.toString(16)}, expected a string`);
        return xmlText(this.readCountedUtf16());
      }
      case Token.CDataSection:
        return xmlText(this.readCountedUtf16());
      case Token.CharRef:
        this.need(2);
        this.pos += 2;
        return String.fromCharCode(this.view.getUint16(at + 1, true));
      case Token.EntityRef: {
        const name = this.readNameRef();
        return PREDEFINED_ENTITIES[name] ?? `&${name};`;
      }
      default: {
        // Normal (0x0d) or optional (0x0e) substitution: u16 value index, u8 declared type.
        this.need(3);
        const index = this.view.getUint16(this.pos, true);
        this.pos += 3;
        return new Substitution(index, token === Token.OptionalSubstitution);
      }
    }
  }

  /** u16 character count, then that many UTF-16 code units (libyal 4.1.13 "Unicode text string"). */
  private readCountedUtf16(): string {
    this.need(2);
    const units = this.view.getUint16(this.pos, true);
    this.pos += 2;
    this.need(units * 2);
    const text = decodeUtf16(this.bytes, this.pos, this.pos + units * 2);
    this.pos += units * 2;
    return text;
  }

  /**
   * Template instance (libyal 4.1.10-4.1.12): u8 unknown, u32 template id, u32 definition offset; the definition
   * itself follows when this is its first use in the chunk; then the instance's values.
   */
  private readTemplateInstance(openElements: number): TemplateInstance {
    const at = this.pos;
    this.need(10);
    const definitionOffset = this.view.getUint32(at + 6, true);
    this.pos += 10;
    if (definitionOffset === this.pos) {
      const header = readTemplateDefinitionHeader(this.chunk, definitionOffset);
      this.pos = header.dataOffset + header.dataSize;
      if (this.pos > this.end) throw this.error(at, 'inline template definition runs past the data');
    }
    const template = templateAt(this.chunk, definitionOffset, this.depth + openElements + 1);
    this.need(4);
    const count = this.view.getUint32(this.pos, true);
    this.pos += 4;
    if (count * 4 > this.end - this.pos) throw this.error(this.pos - 4, `${count} template values do not fit in the data`);
    const values = new TemplateValues(this.chunk, count);
    let valueAt = this.pos + count * 4;
    for (let i = 0; i < count; i++) {
      const size = this.view.getUint16(this.pos, true);
      values.sizes[i] = size;
      values.types[i] = this.bytes[this.pos + 2];
      values.offsets[i] = valueAt;
      valueAt += size;
      this.pos += 4;
    }
    if (valueAt > this.end) throw this.error(at, 'template values run past the data');
    this.pos = valueAt;
    return new TemplateInstance(template, values);
  }

  private u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  private need(length: number): void {
    if (this.pos + length > this.end) throw this.error(this.pos, `needs ${length} more bytes, the data ends first`);
  }

  private error(at: number, reason: string): Error {
    return this.chunk.error(at, reason, STRUCTURE);
  }
}

function isTextToken(token: number): boolean {
  const base = token & ~MORE_FLAG;
  return (
    base === Token.Value ||
    base === Token.CharRef ||
    base === Token.EntityRef ||
    base === Token.NormalSubstitution ||
    base === Token.OptionalSubstitution
  );
}

/** Appends a part, merging adjacent literals so each run of text is one string. */
function pushPart(parts: Content[] | TextPart[], part: TextPart): void {
  const last = parts.length - 1;
  if (typeof part === 'string' && last >= 0 && typeof parts[last] === 'string') parts[last] = (parts[last] as string) + part;
  else parts.push(part);
}
