import { lowerText } from './fields';
import type { MatchContext } from './types';

/**
 * Case-insensitive substring search for many literals at once (Aho-Corasick, compiled to a DFA over the literals' own
 * characters). Rules test dozens of `contains` values on the same field (CommandLine, ScriptBlockText); scanning the
 * field once per event and looking up each literal's result replaces one `includes` per value and rule.
 */

/** Transition cells (states x alphabet) one field's automaton may take; a larger literal set stays on `includes`. */
export const MAX_AUTOMATON_CELLS = 4_000_000;

/** Stamps restart below this, so the per-literal marks never overflow an Int32. */
const MAX_STAMP = 0x3fffffff;

/**
 * The DFA over the literals' characters. Literals are lower-case; the text is scanned as it is, each character mapped
 * to the class of its lower-case form, so the field need not be lower-cased first. `delta` holds the next state's row
 * offset (state x width), bit-inverted when that state completes literals.
 */
class Automaton {
  private readonly asciiClass = new Uint16Array(128);
  private readonly otherClass = new Map<number, number>();
  private readonly width: number;
  private readonly delta: Int32Array;
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;

  constructor(literals: readonly string[]) {
    let classes = 1;
    for (const literal of literals) {
      for (let i = 0; i < literal.length; i++) {
        const code = literal.charCodeAt(i);
        if (code < 128) {
          if (this.asciiClass[code] === 0) this.asciiClass[code] = classes++;
        } else if (!this.otherClass.has(code)) this.otherClass.set(code, classes++);
      }
    }
    for (let code = 65; code <= 90; code++) this.asciiClass[code] = this.asciiClass[code + 32];
    this.width = classes;
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    literals.forEach((literal, id) => {
      let node = 0;
      for (let i = 0; i < literal.length; i++) {
        const symbol = this.classOf(literal.charCodeAt(i));
        let next = children[node].get(symbol);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          own.push([]);
          children[node].set(symbol, next);
        }
        node = next;
      }
      own[node].push(id);
    });
    const states = children.length;
    const next = new Int32Array(states * classes);
    const fail = new Int32Array(states);
    const output: number[][] = own.map((ids) => [...ids]);
    const queue: number[] = [];
    for (const [symbol, child] of children[0]) {
      next[symbol] = child;
      queue.push(child);
    }
    // Breadth-first, so a state's failure target is complete before the state: the classic DFA construction.
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      const fallback = fail[node];
      if (output[fallback].length) output[node].push(...output[fallback]);
      for (let symbol = 1; symbol < classes; symbol++) {
        const child = children[node].get(symbol);
        if (child === undefined) next[node * classes + symbol] = next[fallback * classes + symbol];
        else {
          next[node * classes + symbol] = child;
          fail[child] = node === 0 ? 0 : next[fallback * classes + symbol];
          queue.push(child);
        }
      }
    }
    this.delta = new Int32Array(states * classes);
    for (let cell = 0; cell < next.length; cell++) {
      const target = next[cell];
      this.delta[cell] = output[target].length ? ~(target * classes) : target * classes;
    }
    this.outputStart = new Int32Array(states + 1);
    let total = 0;
    for (let node = 0; node < states; node++) {
      this.outputStart[node] = total;
      total += output[node].length;
    }
    this.outputStart[states] = total;
    this.outputs = new Int32Array(total);
    output.forEach((ids, node) => this.outputs.set(ids, this.outputStart[node]));
  }

  static cells(literals: readonly string[]): number {
    const symbols = new Set<number>();
    let characters = 0;
    for (const literal of literals) {
      characters += literal.length;
      for (let i = 0; i < literal.length; i++) symbols.add(literal.charCodeAt(i));
    }
    return (characters + 1) * (symbols.size + 1);
  }

  private classOf(code: number): number {
    return code < 128 ? this.asciiClass[code] : (this.otherClass.get(code) ?? 0);
  }

  /** Non-ASCII text characters: the class of their lower-case form (one code unit), else none. */
  private foldedClass(code: number): number {
    const direct = this.otherClass.get(code);
    if (direct !== undefined) return direct;
    const lower = String.fromCharCode(code).toLowerCase();
    return lower.length === 1 ? (this.otherClass.get(lower.charCodeAt(0)) ?? 0) : 0;
  }

  /** Marks every literal that occurs in `text` with `stamp` and lists each once in `found`. */
  scan(text: string, marks: Int32Array, stamp: number, found: number[]): void {
    const { delta, width, outputStart, outputs, asciiClass } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      row = delta[row + (code < 128 ? asciiClass[code] : this.foldedClass(code))];
      if (row < 0) {
        row = ~row;
        const node = row / width;
        for (let out = outputStart[node]; out < outputStart[node + 1]; out++) {
          const id = outputs[out];
          if (marks[id] !== stamp) {
            marks[id] = stamp;
            found.push(id);
          }
        }
      }
    }
  }
}

/**
 * A long text and few literals (a 700-character CallTrace searched for three DLL names): the engine's native substring
 * search once per literal beats stepping the automaton through every character (Sysmon 10 events: 3.3 to 3.1 us each),
 * when the text is at least this many characters per literal.
 */
export const NATIVE_SEARCH_MIN_CHARS_PER_LITERAL = 16;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The automaton's result by one `includes` per literal. Only for ASCII text: it lower-cases character by character,
 * exactly as the automaton folds each character, so both find the same literals.
 */
function searchEach(field: FieldLiterals, lower: string, stamp: number): void {
  const { literals, marks, found } = field;
  for (let id = 0; id < literals.length; id++) {
    if (lower.includes(literals[id])) {
      marks[id] = stamp;
      found.push(id);
    }
  }
}

/** Per field: the literals registered for it, then their automaton and the marks of the current event. */
interface FieldLiterals {
  literals: string[];
  ids: Map<string, number>;
  automaton: Automaton | null;
  marks: Int32Array;
  scannedStamp: number;
  /** Whether every literal is its own lower case (rules lower-case them), so `searchEach` may stand for the scan. */
  lowerLiterals: boolean;
  /** Literals found by the last scan, each once; callers do not depend on their order. */
  found: number[];
}

/** A handle a compiled test keeps to ask whether its literal occurs in the field of the current event. */
export interface LiteralRef {
  readonly field: FieldLiterals;
  readonly id: number;
}

export class LiteralIndex {
  private readonly fields = new Map<string, FieldLiterals>();
  private stamp = 0;

  register(fieldName: string, literal: string): LiteralRef {
    let field = this.fields.get(fieldName);
    if (!field) this.fields.set(fieldName, (field = { literals: [], ids: new Map(), automaton: null, marks: new Int32Array(0), scannedStamp: 0, lowerLiterals: false, found: [] }));
    let id = field.ids.get(literal);
    if (id === undefined) {
      id = field.literals.length;
      field.literals.push(literal);
      field.ids.set(literal, id);
    }
    return { field, id };
  }

  /** Builds the automata once every rule is compiled; fields whose automaton would be too large keep `includes`. */
  build(): void {
    for (const field of this.fields.values()) {
      if (Automaton.cells(field.literals) > MAX_AUTOMATON_CELLS) continue;
      field.automaton = new Automaton(field.literals);
      field.marks = new Int32Array(field.literals.length);
      field.lowerLiterals = field.literals.every((literal) => literal === literal.toLowerCase());
    }
  }

  /** A new stamp per event, unique across engines sharing the rule set (a push runs start to end without yielding). */
  nextStamp(): number {
    if (++this.stamp > MAX_STAMP) {
      this.stamp = 1;
      for (const field of this.fields.values()) {
        field.marks.fill(0);
        field.scannedStamp = 0;
      }
    }
    return this.stamp;
  }

  private scanned(field: FieldLiterals, automaton: Automaton, text: string, stamp: number): void {
    if (field.scannedStamp === stamp) return;
    field.found.length = 0;
    if (field.lowerLiterals && text.length >= field.literals.length * NATIVE_SEARCH_MIN_CHARS_PER_LITERAL && !NON_ASCII.test(text)) {
      searchEach(field, text.toLowerCase(), stamp);
    } else automaton.scan(text, field.marks, stamp, field.found);
    field.scannedStamp = stamp;
  }

  /** Whether the literal occurs in `text`, the value of `fieldName` in the context's event, in any case. */
  contains(ref: LiteralRef, ctx: MatchContext, fieldName: string, text: string): boolean {
    const field = ref.field;
    const automaton = field.automaton;
    if (!automaton) return lowerText(ctx, fieldName, text).includes(field.literals[ref.id]);
    this.scanned(field, automaton, text, ctx.stamp);
    return field.marks[ref.id] === ctx.stamp;
  }

  /** The id of a registered literal, when its field has an automaton (else rules cannot be looked up by it). */
  literalId(fieldName: string, literal: string): number | undefined {
    const field = this.fields.get(fieldName);
    return field?.automaton ? field.ids.get(literal) : undefined;
  }

  /** Ids of the field's literals that occur in `text` (any case); only for fields with an automaton. */
  foundIds(fieldName: string, text: string, stamp: number): readonly number[] {
    const field = this.fields.get(fieldName);
    if (!field?.automaton) return [];
    this.scanned(field, field.automaton, text, stamp);
    return field.found;
  }
}
