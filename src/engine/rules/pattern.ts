import { MAX_VALUE_VARIANTS } from './limits';
import { RuleError } from './types';

/**
 * A Sigma string value: literal text and the wildcards `*` (any run) and `?` (one character), after the escape
 * rules of the Sigma spec section "String matching rules" as pySigma reads them.
 */
export const ANY = 0;
export const ONE = 1;
export type PatternPart = string | typeof ANY | typeof ONE;
export type Pattern = PatternPart[];

/**
 * Left to right: `\*`, `\?` and `\\` are literals; a backslash before anything else is itself a literal, so Windows
 * paths need no doubling.
 */
export function parseSigmaString(raw: string): Pattern {
  const parts: Pattern = [];
  let literal = '';
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        literal += next;
        i++;
      } else literal += '\\';
    } else if (char === '*' || char === '?') {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(char === '*' ? ANY : ONE);
    } else literal += char;
  }
  if (literal) parts.push(literal);
  return parts;
}

export function literalPattern(text: string): Pattern {
  return text ? [text] : [];
}

export function hasWildcards(pattern: Pattern): boolean {
  return pattern.some((part) => typeof part !== 'string');
}

export function patternText(pattern: Pattern): string {
  return pattern.map((part) => (part === ANY ? '*' : part === ONE ? '?' : part)).join('');
}

export function withLeadingAny(pattern: Pattern): Pattern {
  return pattern[0] === ANY ? pattern : [ANY, ...pattern];
}

export function withTrailingAny(pattern: Pattern): Pattern {
  return pattern[pattern.length - 1] === ANY ? pattern : [...pattern, ANY];
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/**
 * `windash` as pySigma implements it: a `-` or `/` that starts a word (no word character before it, one after it)
 * may be any of the five dash characters; every combination becomes an alternative.
 */
export function windashVariants(pattern: Pattern): Pattern[] {
  let variants: Pattern[] = [[]];
  for (let index = 0; index < pattern.length; index++) {
    const part = pattern[index];
    if (typeof part !== 'string') {
      variants = variants.map((variant) => [...variant, part]);
      continue;
    }
    const previous = pattern[index - 1];
    let pieces = [''];
    for (let i = 0; i < part.length; i++) {
      const char = part[i];
      const before = i > 0 ? part[i - 1] : typeof previous === 'string' ? previous[previous.length - 1] : undefined;
      const startsWord = (char === '-' || char === '/') && !(before && WORD_CHAR.test(before)) && i + 1 < part.length && WORD_CHAR.test(part[i + 1]);
      if (startsWord) {
        pieces = pieces.flatMap((piece) => DASHES.map((dash) => piece + dash));
        if (pieces.length * variants.length > MAX_VALUE_VARIANTS) throw new RuleError(`windash expands into more than ${MAX_VALUE_VARIANTS} values`);
      } else pieces = pieces.map((piece) => piece + char);
    }
    variants = variants.flatMap((variant) => pieces.map((piece) => [...variant, piece]));
  }
  return variants.map(mergeLiterals);
}

const PLACEHOLDER = /(\\?)%([A-Za-z0-9_.-]+)%/g;

/** `expand`: every `%name%` in literal text is replaced by each configured value (OR); `\%` escapes a percent sign. */
export function expandPlaceholders(pattern: Pattern, placeholders: Readonly<Record<string, readonly string[]>>): Pattern[] {
  let variants: Pattern[] = [[]];
  for (const part of pattern) {
    if (typeof part !== 'string') {
      variants = variants.map((variant) => [...variant, part]);
      continue;
    }
    let pieces: Pattern[] = [[]];
    let last = 0;
    for (const found of part.matchAll(PLACEHOLDER)) {
      const start = found.index ?? 0;
      const before = part.slice(last, start);
      last = start + found[0].length;
      if (found[1]) {
        pieces = pieces.map((piece) => [...piece, before + found[0].slice(1)]);
        continue;
      }
      const values = placeholders[found[2]];
      if (!values || values.length === 0) throw new RuleError(`unresolved placeholder %${found[2]}%`);
      pieces = pieces.flatMap((piece) => values.map((value) => [...piece, before, ...parseSigmaString(value)]));
      if (pieces.length * variants.length > MAX_VALUE_VARIANTS) throw new RuleError(`placeholders expand into more than ${MAX_VALUE_VARIANTS} values`);
    }
    const rest = part.slice(last);
    variants = variants.flatMap((variant) => pieces.map((piece) => [...variant, ...piece, rest]));
  }
  return variants.map(mergeLiterals);
}

function mergeLiterals(pattern: Pattern): Pattern {
  const merged: Pattern = [];
  for (const part of pattern) {
    if (part === '') continue;
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else if (part === ANY && last === ANY) continue;
    else merged.push(part);
  }
  return merged;
}

export type StringTestKind = 'equals' | 'startswith' | 'endswith' | 'contains' | 'other';

/** A compiled string test; `value` is already lower-cased when the test is case-insensitive. */
export interface StringTest {
  readonly cost: number;
  readonly cased: boolean;
  /** The shape of the test, so items can merge equal, suffix and substring tests into set lookups. */
  readonly kind: StringTestKind;
  /** The literal of an equals/startswith/endswith/contains test, lower-cased unless `cased`. */
  readonly literal?: string;
  /** Lower-case literals one of which occurs, in any case, in every value the test accepts (from a regex). */
  readonly required?: readonly string[];
  test(value: string): boolean;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/** Chooses the cheapest test that implements the pattern: equality, prefix, suffix, substring, ordered pieces, regex. */
export function compileStringTest(source: Pattern, cased: boolean): StringTest {
  const pattern = mergeLiterals(source.map((part) => (typeof part === 'string' && !cased ? part.toLowerCase() : part)));
  if (!hasWildcards(pattern)) {
    const text = (pattern[0] as string | undefined) ?? '';
    return { cost: 1, cased, kind: 'equals', literal: text, test: (value) => value === text };
  }
  if (pattern.length === 1) return { cost: 0, cased, kind: 'other', test: () => true };
  if (!pattern.includes(ONE)) {
    const first = pattern[0];
    const last = pattern[pattern.length - 1];
    if (pattern.length === 2) {
      const text = (first === ANY ? last : first) as string;
      return first === ANY
        ? { cost: 2, cased, kind: 'endswith', literal: text, test: (value) => value.endsWith(text) }
        : { cost: 2, cased, kind: 'startswith', literal: text, test: (value) => value.startsWith(text) };
    }
    if (pattern.length === 3 && first === ANY && last === ANY) {
      const text = pattern[1] as string;
      return { cost: 3, cased, kind: 'contains', literal: text, test: (value) => value.includes(text) };
    }
    return { cost: 4, cased, kind: 'other', test: orderedPiecesTest(pattern as (string | typeof ANY)[]) };
  }
  const body = pattern
    .map((part) => (part === ANY ? '[\\s\\S]*' : part === ONE ? '[\\s\\S]' : part.replace(REGEX_SPECIAL, '\\$&')))
    .join('');
  const regex = new RegExp(`^${body}$`, 'u');
  return { cost: 6, cased, kind: 'other', test: (value) => regex.test(value) };
}

/** `*`-only patterns: the first piece anchors the start, the last the end, the middle ones are found in order. */
function orderedPiecesTest(pattern: (string | typeof ANY)[]): (value: string) => boolean {
  const head = typeof pattern[0] === 'string' ? pattern[0] : '';
  const tail = typeof pattern[pattern.length - 1] === 'string' ? (pattern[pattern.length - 1] as string) : '';
  const middle = pattern.slice(head ? 1 : 0, tail ? -1 : undefined).filter((part): part is string => typeof part === 'string');
  return (value) => {
    if (value.length < head.length + tail.length || !value.startsWith(head) || !value.endsWith(tail)) return false;
    let position = head.length;
    const end = value.length - tail.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, position);
      if (found < 0 || found + piece.length > end) return false;
      position = found + piece.length;
    }
    return true;
  };
}
