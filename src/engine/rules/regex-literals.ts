/**
 * Literals a regular expression cannot match without: a set of lower-case strings one of which occurs in every text
 * the expression matches, so a rule whose only test is a regex can still be looked up in the literal index instead of
 * being run on every event. The analysis is that of RE2's prefilter (and Russ Cox's trigram index): each node yields
 * the exact set of strings it matches when that set is small, else a set one of which occurs in its match. Anything
 * this reader does not fully understand yields no set, which only costs speed (the rule is tested on every event).
 *
 * The literals are checked case-insensitively by the index, a weaker test than the regex's own, so they are
 * necessary for both `re` and `re|i`. Only ASCII letters are folded: the regex runs without the `u` flag, where a
 * non-ASCII character never matches an ASCII one (ECMA-262 Canonicalize), and non-ASCII text gives up.
 */

/** Strings one node's exact set may hold before it is reduced to a necessary set. */
export const MAX_REGEX_EXACT_STRINGS = 16;
/** Literals shorter than this are in nearly every value, so a set holding one is no use for lookups. */
export const MIN_REGEX_LITERAL_CHARS = 3;
/** Pattern characters read; a longer pattern is left to the regex alone. */
export const MAX_REGEX_SOURCE_CHARS = 4096;
/** Groups nested deeper than this are left to the regex alone, so the reader's recursion stays shallow. */
export const MAX_REGEX_GROUP_DEPTH = 64;

interface Info {
  /** Every string the node matches (lower-cased), or null when unknown or too many. */
  exact: Set<string> | null;
  /** A set one of which occurs in every match, or null when nothing is known. */
  match: Set<string> | null;
}

const NOTHING: Info = { exact: null, match: null };
const EMPTY: Info = { exact: new Set(['']), match: null };

class Unsupported extends Error {}

/** Letters and digits after a backslash are classes, back-references or code escapes; the rest stand for themselves. */
const ESCAPED_LITERAL = /^[^A-Za-z0-9]$/;
const CONTROL_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v' };

function usable(set: Set<string> | null): Set<string> | null {
  if (!set || set.size === 0) return null;
  for (const text of set) if (text.length < MIN_REGEX_LITERAL_CHARS) return null;
  return set;
}

/** The better of two necessary sets: longer shortest literal, then fewer literals. */
function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  const left = usable(a);
  const right = usable(b);
  if (!left) return right;
  if (!right) return left;
  const shortest = (set: Set<string>) => Math.min(...[...set].map((text) => text.length));
  const difference = shortest(left) - shortest(right);
  if (difference !== 0) return difference > 0 ? left : right;
  return left.size <= right.size ? left : right;
}

function necessary(info: Info): Set<string> | null {
  return better(info.match, info.exact);
}

function concatenate(parts: Info[]): Info {
  let exact: Set<string> | null = new Set(['']);
  let allExact = true;
  let best: Set<string> | null = null;
  for (const part of parts) {
    if (exact && part.exact && exact.size * part.exact.size <= MAX_REGEX_EXACT_STRINGS) {
      const product = new Set<string>();
      for (const left of exact) for (const right of part.exact) product.add(left + right);
      exact = product;
    } else {
      // The run so far is a substring of every match; a new run starts after this part.
      best = better(best, exact);
      allExact = false;
      exact = part.exact;
      best = better(best, part.match);
    }
  }
  if (allExact) return { exact, match: null };
  return { exact: null, match: better(best, exact) };
}

function alternate(branches: Info[]): Info {
  let exact: Set<string> | null = new Set();
  let match: Set<string> | null = new Set();
  for (const branch of branches) {
    if (exact && branch.exact && exact.size + branch.exact.size <= MAX_REGEX_EXACT_STRINGS) for (const text of branch.exact) exact.add(text);
    else exact = null;
    const needed = necessary(branch);
    if (match && needed && match.size + needed.size <= MAX_REGEX_EXACT_STRINGS) for (const text of needed) match.add(text);
    else match = null;
  }
  return { exact, match: exact ? null : usable(match) };
}

/** A recursive-descent reader of the ECMAScript pattern grammar (ECMA-262 22.2.1), only as far as literals need. */
class PatternReader {
  private position = 0;
  private depth = 0;
  constructor(private readonly source: string) {}

  read(): Info {
    const info = this.disjunction();
    if (this.position !== this.source.length) throw new Unsupported();
    return info;
  }

  private disjunction(): Info {
    const branches = [this.alternative()];
    while (this.source[this.position] === '|') {
      this.position++;
      branches.push(this.alternative());
    }
    return branches.length === 1 ? branches[0] : alternate(branches);
  }

  private alternative(): Info {
    const parts: Info[] = [];
    while (this.position < this.source.length && this.source[this.position] !== '|' && this.source[this.position] !== ')') {
      parts.push(this.quantified(this.atom()));
    }
    return concatenate(parts);
  }

  private atom(): Info {
    const char = this.source[this.position++];
    switch (char) {
      case '^':
      case '$':
        return EMPTY;
      case '.':
        return NOTHING;
      case '[':
        this.skipClass();
        return NOTHING;
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
      case ']':
      case '}':
        throw new Unsupported();
      default:
        return literal(char);
    }
  }

  private group(): Info {
    let assertion = false;
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (/^\?<?[=!]/.test(this.source.slice(this.position, this.position + 3))) {
      assertion = true;
      this.position += this.source[this.position + 1] === '<' ? 3 : 2;
    } else if (this.source.startsWith('?<', this.position)) {
      const end = this.source.indexOf('>', this.position);
      if (end < 0) throw new Unsupported();
      this.position = end + 1;
    } else if (this.source[this.position] === '?') throw new Unsupported();
    if (++this.depth > MAX_REGEX_GROUP_DEPTH) throw new Unsupported();
    const inner = this.disjunction();
    this.depth--;
    if (this.source[this.position++] !== ')') throw new Unsupported();
    // A lookaround consumes nothing, so it adds nothing to the text around it.
    return assertion ? EMPTY : inner;
  }

  private escape(): Info {
    const char = this.source[this.position++];
    if (char === undefined) throw new Unsupported();
    if (char === 'b' || char === 'B') return EMPTY;
    const control = CONTROL_ESCAPES[char];
    if (control) return literal(control);
    if (ESCAPED_LITERAL.test(char)) return literal(char);
    // \d, \w, \s, back-references, \x.., \u.., \c.. and the like: not a single known character.
    if (/[dDwWsS]/.test(char)) return NOTHING;
    throw new Unsupported();
  }

  private skipClass(): void {
    while (this.position < this.source.length) {
      const char = this.source[this.position++];
      if (char === '\\') this.position++;
      else if (char === ']') return;
    }
    throw new Unsupported();
  }

  private quantified(info: Info): Info {
    const char = this.source[this.position];
    let minimum: number;
    if (char === '*' || char === '?') {
      this.position++;
      minimum = 0;
    } else if (char === '+') {
      this.position++;
      minimum = 1;
    } else if (char === '{') {
      const found = /^\{(\d+)(?:,(\d*))?\}/.exec(this.source.slice(this.position));
      // A brace that is no quantifier is a literal brace in Annex B regexes; this reader gives up instead.
      if (!found) throw new Unsupported();
      this.position += found[0].length;
      minimum = Number(found[1]);
      if (found[2] === undefined && minimum === 1) return info;
    } else return info;
    if (this.source[this.position] === '?') this.position++;
    if (minimum === 0) {
      if (char === '?' && info.exact && info.exact.size < MAX_REGEX_EXACT_STRINGS) return { exact: new Set([...info.exact, '']), match: null };
      return NOTHING;
    }
    return { exact: null, match: necessary(info) };
  }
}

function literal(char: string): Info {
  const code = char.charCodeAt(0);
  if (code >= 128) throw new Unsupported();
  return { exact: new Set([char.toLowerCase()]), match: null };
}

/**
 * Lower-case literals one of which occurs (in any case) in every text `source` matches, or undefined when no such
 * set is known. The `m` and `s` flags do not change which literals a match holds.
 */
export function requiredLiterals(source: string): string[] | undefined {
  if (source.length > MAX_REGEX_SOURCE_CHARS) return undefined;
  try {
    const set = necessary(new PatternReader(source).read());
    return set ? [...set] : undefined;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}
