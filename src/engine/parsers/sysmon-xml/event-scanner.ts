import { InputError } from '../../errors';
import { MAX_NESTING_DEPTH } from '../../limits';
import type { WindowsRecord } from '../windows/record';
import { decodeXmlText } from './entities';

/**
 * A scanner for the fixed shape of one Windows event (event.xsd, "EventType": System, then EventData or UserData,
 * then optional RenderingInfo), written for speed: one pass with indexOf, no DOM and no generic object tree. It
 * checks what it relies on (one Event root, tags closed in order, quoted attributes, bounded depth) and rejects the
 * rest with an InputError so a damaged event never turns into a half-right record.
 */

const SECTION_SYSTEM = 1;
const SECTION_EVENT_DATA = 2;
const SECTION_USER_DATA = 3;
const SECTION_OTHER = 4;
const SECTIONS: ReadonlyMap<string, number> = new Map([
  ['System', SECTION_SYSTEM],
  ['EventData', SECTION_EVENT_DATA],
  ['UserData', SECTION_USER_DATA],
]);

interface OpenElement {
  name: string;
  /** The Name attribute of an EventData item. */
  dataName: string | null;
  hasChildElement: boolean;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

interface StartTag {
  name: string;
  attributes: Array<[string, string]>;
  selfClosing: boolean;
  /** Index just past the closing `>`. */
  end: number;
}

export class EventXmlScanner {
  private xml = '';
  private file = '';
  private offset = 0;

  /**
   * Parses one `<Event>...</Event>` string. `file` and `offset` (the event's byte offset) go into the InputError
   * thrown for a malformed event; the reason gives the character position inside the event.
   */
  scan(xml: string, file: string, offset: number): WindowsRecord {
    this.xml = xml;
    this.file = file;
    this.offset = offset;
    const record: WindowsRecord = { system: {}, data: [], dataRoot: null };
    const stack: OpenElement[] = [];
    let section = 0;
    let text = '';
    let pos = 0;
    let rootClosed = false;

    while (pos < xml.length) {
      const lt = xml.indexOf('<', pos);
      const textEnd = lt === -1 ? xml.length : lt;
      if (textEnd > pos) {
        const raw = xml.slice(pos, textEnd);
        if (stack.length === 0) {
          if (raw.trim() !== '') this.fail(pos, 'text outside the Event element');
        } else {
          text += decodeXmlText(raw);
        }
      }
      if (lt === -1) break;
      const next = xml.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */) {
        if (xml.startsWith('<![CDATA[', lt)) {
          const close = xml.indexOf(']]>', lt + 9);
          if (close === -1) this.fail(lt, 'unterminated CDATA section');
          text += xml.slice(lt + 9, close);
          pos = close + 3;
        } else if (xml.startsWith('<!--', lt)) {
          const close = xml.indexOf('-->', lt + 4);
          if (close === -1) this.fail(lt, 'unterminated comment');
          pos = close + 3;
        } else {
          this.fail(lt, 'unexpected markup declaration');
        }
        continue;
      }
      if (next === 0x3f /* ? */) {
        const close = xml.indexOf('?>', lt + 2);
        if (close === -1) this.fail(lt, 'unterminated processing instruction');
        pos = close + 2;
        continue;
      }
      if (next === 0x2f /* / */) {
        const close = xml.indexOf('>', lt + 2);
        if (close === -1) this.fail(lt, 'unterminated end tag');
        const name = localName(xml.slice(lt + 2, close).trimEnd());
        const open = stack.pop();
        if (!open || open.name !== name) this.fail(lt, `end tag </${name}> does not match <${open?.name ?? ''}>`);
        this.closeElement(record, open, stack.length, section, text);
        text = '';
        if (stack.length === 1) section = 0;
        if (stack.length === 0) rootClosed = true;
        pos = close + 1;
        continue;
      }
      if (rootClosed) this.fail(lt, 'content after the end of the Event element');
      const tag = this.readStartTag(lt);
      const name = localName(tag.name);
      const depth = stack.length;
      if (depth === 0 && name !== 'Event') this.fail(lt, `root element is <${name}>, not <Event>`);
      if (depth >= MAX_NESTING_DEPTH) this.fail(lt, `nesting deeper than ${MAX_NESTING_DEPTH}`);
      if (depth > 0) stack[depth - 1].hasChildElement = true;
      if (depth === 1) {
        section = SECTIONS.get(name) ?? SECTION_OTHER;
        if (section === SECTION_EVENT_DATA) record.dataRoot = 'EventData';
        if (section === SECTION_USER_DATA) record.dataRoot = 'UserData';
      } else if (depth === 2) {
        if (section === SECTION_SYSTEM) {
          for (const [attribute, value] of tag.attributes) record.system[`${name}_${localName(attribute)}`] = value;
        } else if (section === SECTION_USER_DATA && record.userDataRoot === undefined) {
          record.userDataRoot = name;
        }
      }
      // A value is the text of its own element: System and EventData children at depth 2, UserData at any depth.
      if (depth === 2 || section === SECTION_USER_DATA) text = '';
      const open: OpenElement = { name, dataName: null, hasChildElement: false };
      if (depth === 2 && section === SECTION_EVENT_DATA) {
        for (const [attribute, value] of tag.attributes) if (localName(attribute) === 'Name') open.dataName = value;
      }
      pos = tag.end;
      if (tag.selfClosing) {
        this.closeElement(record, open, depth, section, '');
        if (depth === 0) rootClosed = true;
        if (depth === 1) section = 0;
      } else {
        stack.push(open);
      }
    }
    if (stack.length > 0) this.fail(xml.length, `<${stack[stack.length - 1].name}> is not closed`);
    if (!rootClosed) this.fail(0, 'no Event element');
    return record;
  }

  private fail(at: number, reason: string): never {
    throw new InputError(this.file, this.offset, `${reason} (character ${at} of the event)`, 'Event XML');
  }

  private closeElement(record: WindowsRecord, open: OpenElement, depth: number, section: number, text: string): void {
    if (section === SECTION_SYSTEM && depth === 2) {
      // Values are Windows-rendered tokens; the pretty-printing of "Save as XML" may only add whitespace around them.
      // Empty elements (<Correlation/>) carry their values in attributes, already stored as Tag_Attribute.
      const value = text.trim();
      if (value !== '') record.system[open.name] = value;
    } else if (section === SECTION_EVENT_DATA && depth === 2) {
      if (open.name === 'Data') record.data.push([open.dataName, text]);
      else record.data.push([open.name, text]);
    } else if (section === SECTION_USER_DATA && depth >= 2 && !open.hasChildElement) {
      // Leaves under the UserData root; a root with no children is its own leaf (as the EVTX reader does).
      record.data.push([open.name, text]);
    }
  }

  /** Reads `<name attr="v" ...>` or `<name .../>` starting at `lt`; `>` inside quoted values is allowed (XML 1.0 §3.1). */
  private readStartTag(lt: number): StartTag {
    const xml = this.xml;
    let pos = lt + 1;
    while (pos < xml.length) {
      const code = xml.charCodeAt(pos);
      if (isXmlSpace(code) || code === 0x3e || code === 0x2f) break;
      pos++;
    }
    const name = xml.slice(lt + 1, pos);
    if (name === '') this.fail(lt, 'element without a name');
    const attributes: Array<[string, string]> = [];
    for (;;) {
      while (pos < xml.length && isXmlSpace(xml.charCodeAt(pos))) pos++;
      if (pos >= xml.length) this.fail(lt, `unterminated start tag <${name}`);
      const code = xml.charCodeAt(pos);
      if (code === 0x3e) return { name, attributes, selfClosing: false, end: pos + 1 };
      if (code === 0x2f) {
        if (xml.charCodeAt(pos + 1) !== 0x3e) this.fail(pos, `stray / in <${name}>`);
        return { name, attributes, selfClosing: true, end: pos + 2 };
      }
      const equals = xml.indexOf('=', pos);
      if (equals === -1) this.fail(pos, `attribute without a value in <${name}>`);
      const attribute = xml.slice(pos, equals).trim();
      if (attribute === '' || /[\s<>"']/.test(attribute)) this.fail(pos, `bad attribute name in <${name}>`);
      pos = equals + 1;
      while (pos < xml.length && isXmlSpace(xml.charCodeAt(pos))) pos++;
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") this.fail(pos, `unquoted attribute ${attribute} in <${name}>`);
      const close = xml.indexOf(quote, pos + 1);
      if (close === -1) this.fail(pos, `unterminated attribute ${attribute} in <${name}>`);
      const rawValue = xml.slice(pos + 1, close);
      if (rawValue.indexOf('<') !== -1) this.fail(pos, `< inside attribute ${attribute} of <${name}>`);
      attributes.push([attribute, decodeXmlText(rawValue)]);
      pos = close + 1;
    }
  }
}
