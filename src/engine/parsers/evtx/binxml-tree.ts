import type { Template } from './template-cache';
import type { TemplateValues } from './values';

/**
 * The XML tree BinXML describes, as far as building a Windows record needs it. Templates are parsed into this tree
 * once per chunk; records then only supply substitution values, so a record costs a walk over shared nodes rather
 * than a parse. Adjacent text is merged at parse time; comments, PIs and namespaces carry no event data and are
 * dropped.
 */

/** A placeholder for template value `index` (MS-EVEN6 3.1.4.7.4 "Substitution"). */
export class Substitution {
  constructor(
    readonly index: number,
    /** Optional substitutions drop their element or attribute when the value is NULL (libyal 4.1.8). */
    readonly optional: boolean,
  ) {}
}

export type TextPart = string | Substitution;

export class XmlAttribute {
  constructor(
    readonly name: string,
    readonly value: TextPart[],
    /** `Element_Attribute`, the key System values use; built once per template rather than once per record. */
    readonly qualifiedName: string,
  ) {}
}

export class XmlElement {
  readonly attributes: XmlAttribute[] = [];
  readonly content: Content[] = [];
  /**
   * The substitutions in `content` and whether it holds text, found on first use: the tree is complete by then and
   * walked once per record that uses it, so the search is made once per chunk rather than once per record.
   */
  private substitutionParts: Substitution[] | null = null;
  private textParts = false;

  constructor(readonly name: string) {}

  substitutions(): Substitution[] {
    if (this.substitutionParts === null) {
      const found: Substitution[] = [];
      for (const node of this.content) {
        if (node instanceof Substitution) found.push(node);
        if (typeof node === 'string' || node instanceof Substitution) this.textParts = true;
      }
      this.substitutionParts = found;
    }
    return this.substitutionParts;
  }

  /** Whether the content holds text (literal or substituted) rather than only child elements. */
  hasText(): boolean {
    this.substitutions();
    return this.textParts;
  }
}

/** A template used with its values: in a record, or nested in a BinXML-typed value. */
export class TemplateInstance {
  constructor(
    readonly template: Template,
    readonly values: TemplateValues,
  ) {}
}

export type Content = string | Substitution | XmlElement | TemplateInstance;
