/**
 * Case-insensitive substring search for many literals at once (Aho-Corasick, compiled to a DFA over the literals' own
 * characters). Rules test dozens of `contains` values on the same field (CommandLine, ScriptBlockText); scanning the
 * field's text once and looking up each literal's result replaces one `includes` per value and rule.
 */

/** Transition cells (states x alphabet) one field's automaton may take; a larger literal set stays on `includes`. */
export const MAX_AUTOMATON_CELLS = 4_000_000;

/** Scan generations restart below this, so the per-literal marks never overflow an Int32. */
const MAX_GENERATION = 0x3fffffff;

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

  /** Marks every literal that occurs in `text` with `generation` and lists each once in `found`. */
  scan(text: string, marks: Int32Array, generation: number, found: number[]): void {
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
          if (marks[id] !== generation) {
            marks[id] = generation;
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
 * Search results a field keeps. Logs interleave a few processes, so a value often comes back a few events later: in
 * the corpus, CallTrace (700 characters) equals the previous event's in 3% of events and one of the last eight in 76%.
 */
export const RECENT_SEARCHES = 4;

const NO_LITERALS: readonly number[] = Object.freeze([]);

/**
 * The literals one field's values are searched for, and the results of the last `RECENT_SEARCHES` searches. A result
 * is kept for as long as its text is among the recent ones, whichever event carries it: consecutive events of one
 * process repeat Image, ParentImage and often CommandLine, so most searches are a string comparison.
 */
export class FieldLiterals {
  readonly literals: string[] = [];
  private readonly ids = new Map<string, number>();
  private automaton: Automaton | null = null;
  /** Whether every literal is its own lower case (rules lower-case them), so one `includes` each may stand for the scan. */
  private lowerLiterals = false;
  /** Recent texts and, per text, the literals found in it, each once (callers do not depend on their order). */
  private readonly recentTexts: (string | undefined)[] = new Array<string | undefined>(RECENT_SEARCHES).fill(undefined);
  private readonly recentFound: number[][] = Array.from({ length: RECENT_SEARCHES }, () => []);
  /** The recent text `marks` describe; the slot the next new text takes (round robin). */
  private current = 0;
  private nextSlot = 0;
  /** `marks[id] === generation`: the literal occurs in the current text. */
  private marks = new Int32Array(0);
  private generation = 0;

  register(literal: string): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.literals.length;
      this.literals.push(literal);
      this.ids.set(literal, id);
    }
    return id;
  }

  /** Builds the automaton once every rule is compiled; a literal set whose automaton would be too large keeps `includes`. */
  build(): void {
    if (Automaton.cells(this.literals) > MAX_AUTOMATON_CELLS) return;
    this.automaton = new Automaton(this.literals);
    this.marks = new Int32Array(this.literals.length);
    this.recentTexts.fill(undefined);
    this.lowerLiterals = this.literals.every((literal) => literal === literal.toLowerCase());
  }

  get searchable(): boolean {
    return this.automaton !== null;
  }

  /** The id of a registered literal when the field has an automaton (else rules cannot be looked up by it). */
  idOf(literal: string): number | undefined {
    return this.automaton ? this.ids.get(literal) : undefined;
  }

  /** Ids of the literals that occur in `text` (any case); empty without an automaton. Valid until the next search. */
  search(text: string): readonly number[] {
    const automaton = this.automaton;
    if (automaton === null) return NO_LITERALS;
    if (text === this.recentTexts[this.current]) return this.recentFound[this.current];
    for (let slot = 0; slot < RECENT_SEARCHES; slot++) {
      if (slot !== this.current && text === this.recentTexts[slot]) {
        this.current = slot;
        const found = this.recentFound[slot];
        const generation = this.nextGeneration();
        for (let i = 0; i < found.length; i++) this.marks[found[i]] = generation;
        return found;
      }
    }
    const slot = this.nextSlot;
    this.nextSlot = (slot + 1) % RECENT_SEARCHES;
    const found = this.recentFound[slot];
    found.length = 0;
    const generation = this.nextGeneration();
    if (this.lowerLiterals && text.length >= this.literals.length * NATIVE_SEARCH_MIN_CHARS_PER_LITERAL && !NON_ASCII.test(text)) {
      this.searchEach(text.toLowerCase(), generation, found);
    } else automaton.scan(text, this.marks, generation, found);
    this.recentTexts[slot] = text;
    this.current = slot;
    return found;
  }

  private nextGeneration(): number {
    if (++this.generation > MAX_GENERATION) {
      this.generation = 1;
      this.marks.fill(0);
    }
    return this.generation;
  }

  /** Whether literal `id` occurs in `text`; only for fields with an automaton (`searchable`). */
  occursIn(id: number, text: string): boolean {
    this.search(text);
    return this.marks[id] === this.generation;
  }

  /**
   * The automaton's result by one `includes` per literal. Only for ASCII text: it lower-cases character by character,
   * exactly as the automaton folds each character, so both find the same literals.
   */
  private searchEach(lower: string, generation: number, found: number[]): void {
    const { literals, marks } = this;
    for (let id = 0; id < literals.length; id++) {
      if (lower.includes(literals[id])) {
        marks[id] = generation;
        found.push(id);
      }
    }
  }
}
