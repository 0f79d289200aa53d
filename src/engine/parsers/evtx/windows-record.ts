import { MAX_NESTING_DEPTH } from '../../limits';
import type { WindowsRecord } from '../windows/record';
import { nestedFragment } from './binxml';
import { Substitution, TemplateInstance, XmlElement, type Content, type TextPart } from './binxml-tree';
import type { TemplateValues } from './values';

/**
 * Builds the shared Windows record from a record's BinXML tree and its substitution values, following the event
 * schema (MS-EVEN6 / event.xsd): `System` children become `Tag` and `Tag_Attribute` values, `EventData` children
 * become data items (a `<Data>` under its Name attribute, any other child such as `<Binary>` under its element
 * name), and `UserData` is flattened to its leaf elements. Rendering follows libyal "Windows XML Event Log (EVTX)"
 * 4.1.8: an optional substitution whose value is NULL removes its element or attribute, and an array value repeats
 * its element once per item.
 */

/** Per-record walk state, passed to module-level visitors so a record allocates no closures. */
interface Builder {
  record: WindowsRecord;
  seenRoot: boolean;
  /** Elements visited so far under UserData: unchanged across a subtree means the element was a leaf. */
  userDataElements: number;
}

type ElementVisitor = (builder: Builder, element: XmlElement, values: TemplateValues | null, depth: number) => void;

export function buildWindowsRecord(content: Content[], values: TemplateValues | null): WindowsRecord {
  const builder: Builder = { record: { system: {}, data: [], dataRoot: null }, seenRoot: false, userDataElements: 0 };
  forEachElement(builder, content, values, 0, visitEvent);
  return builder.record;
}

const visitEvent: ElementVisitor = (builder, event, values, depth) => {
  if (builder.seenRoot) return;
  builder.seenRoot = true;
  forEachElement(builder, event.content, values, depth + 1, visitSection);
};

const visitSection: ElementVisitor = (builder, section, values, depth) => {
  const record = builder.record;
  if (section.name === 'System') {
    forEachElement(builder, section.content, values, depth + 1, visitSystemField);
  } else if (section.name === 'EventData' && record.dataRoot === null) {
    record.dataRoot = 'EventData';
    forEachElement(builder, section.content, values, depth + 1, visitEventData);
  } else if (section.name === 'UserData' && record.dataRoot === null) {
    record.dataRoot = 'UserData';
    forEachElement(builder, section.content, values, depth + 1, visitUserDataRoot);
  }
};

const visitSystemField: ElementVisitor = (builder, field, values) => addSystemField(builder.record, field, values);

const visitEventData: ElementVisitor = (builder, item, values) => addEventData(builder.record, item, values);

/** The first element under UserData names the event's payload; its leaves are the data items. */
const visitUserDataRoot: ElementVisitor = (builder, root, values, depth) => {
  const record = builder.record;
  if (record.userDataRoot !== undefined) return;
  record.userDataRoot = root.name;
  const before = builder.userDataElements;
  forEachElement(builder, root.content, values, depth + 1, visitUserDataElement);
  if (builder.userDataElements === before) record.data.push([root.name, elementText(root, values)]);
};

/** Pushes leaf elements in document order, stepping into elements that have children. */
const visitUserDataElement: ElementVisitor = (builder, element, values, depth) => {
  const before = ++builder.userDataElements;
  forEachElement(builder, element.content, values, depth + 1, visitUserDataElement);
  if (builder.userDataElements === before) builder.record.data.push([element.name, elementText(element, values)]);
};

/**
 * Calls `visit` for each element of `content`, stepping into template instances and BinXML-typed values so the
 * caller sees the elements as the rendered XML would have them. Dropped elements are skipped; an element holding an
 * array value is visited once per item with that item as its text.
 */
function forEachElement(builder: Builder, content: Content[], values: TemplateValues | null, depth: number, visit: ElementVisitor): void {
  if (depth > MAX_NESTING_DEPTH) return;
  for (let i = 0; i < content.length; i++) {
    const node = content[i];
    if (node instanceof XmlElement) {
      const substitutions = node.substitutions();
      if (isDropped(substitutions, values)) continue;
      const arrayIndex = arraySubstitution(substitutions, values);
      if (arrayIndex >= 0 && values !== null) {
        const items = values.items(arrayIndex);
        if (items.length === 0) items.push('');
        for (const item of items) visit(builder, withArrayItem(node, arrayIndex, item), values, depth);
      } else {
        visit(builder, node, values, depth);
      }
    } else if (node instanceof TemplateInstance) {
      forEachElement(builder, node.template.content, node.values, depth + 1, visit);
    } else if (node instanceof Substitution && values !== null && values.isBinXml(node.index)) {
      forEachElement(builder, nestedFragment(values, node.index, depth), null, depth + 1, visit);
    }
  }
}

function addSystemField(record: WindowsRecord, field: XmlElement, values: TemplateValues | null): void {
  if (field.hasText()) record.system[field.name] = elementText(field, values);
  for (const attribute of field.attributes) {
    if (isDropped(attribute.value, values)) continue;
    record.system[attribute.qualifiedName] = partsText(attribute.value, values);
  }
}

function addEventData(record: WindowsRecord, item: XmlElement, values: TemplateValues | null): void {
  let name: string | null = item.name;
  if (item.name === 'Data') {
    name = null;
    for (const attribute of item.attributes) {
      if (attribute.name === 'Name' && !isDropped(attribute.value, values)) name = partsText(attribute.value, values);
    }
  }
  record.data.push([name, elementText(item, values)]);
}

/** The element's text: its literal and substituted text parts, without child elements. */
function elementText(element: XmlElement, values: TemplateValues | null): string {
  return partsText(element.content, values);
}

function partsText(parts: Content[] | TextPart[], values: TemplateValues | null): string {
  if (parts.length === 1) return partText(parts[0], values);
  let text = '';
  for (const part of parts) text += partText(part, values);
  return text;
}

function partText(part: Content, values: TemplateValues | null): string {
  if (typeof part === 'string') return part;
  if (part instanceof Substitution) return values === null || values.isBinXml(part.index) ? '' : values.text(part.index);
  return '';
}

/** libyal 4.1.8: an optional substitution whose value is NULL means the element or attribute is not there. */
function isDropped(parts: Content[] | TextPart[], values: TemplateValues | null): boolean {
  for (const part of parts) {
    if (part instanceof Substitution && part.optional && (values === null || values.isNull(part.index))) return true;
  }
  return false;
}

function arraySubstitution(substitutions: Substitution[], values: TemplateValues | null): number {
  if (values === null) return -1;
  for (const substitution of substitutions) if (values.isArray(substitution.index)) return substitution.index;
  return -1;
}

/** A copy of `element` whose array substitution is replaced by one item of the array. */
function withArrayItem(element: XmlElement, index: number, item: string): XmlElement {
  const copy = new XmlElement(element.name);
  copy.attributes.push(...element.attributes);
  for (const part of element.content) copy.content.push(part instanceof Substitution && part.index === index ? item : part);
  return copy;
}
