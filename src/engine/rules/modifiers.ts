import { networkContains, parseNetwork } from './cidr';
import { base64, base64OffsetVariants, utf16Bytes, utf16beBytes, utf16leBytes, utf8Bytes } from './encodings';
import { parseNumber } from './fields';
import { MAX_VALUE_VARIANTS } from './limits';
import {
  compileStringTest,
  expandPlaceholders,
  hasWildcards,
  literalPattern,
  parseSigmaString,
  patternText,
  windashVariants,
  withLeadingAny,
  withTrailingAny,
  type Pattern,
  type StringTest,
} from './pattern';
import { requiredLiterals } from './regex-literals';
import { RuleError } from './types';

/**
 * Value modifiers (Sigma appendix "modifiers"), applied left to right. A value becomes a list of alternative
 * tests (OR); `all` and `neq` are item-level flags handled by the caller.
 */

export type ScalarValue = string | number | boolean;

/** A value on its way through the modifier chain. `bytes`: the text is an encoded byte string. */
interface Working {
  patterns: Pattern[];
  bytes: boolean;
  number?: number;
}

type Transform = (value: Working, placeholders: Readonly<Record<string, readonly string[]>>) => Working;

const mapPatterns = (value: Working, map: (pattern: Pattern) => Pattern[]): Working => {
  const patterns = value.patterns.flatMap(map);
  if (patterns.length > MAX_VALUE_VARIANTS) throw new RuleError(`value expands into more than ${MAX_VALUE_VARIANTS} alternatives`);
  return { patterns, bytes: value.bytes };
};

const encodeLiterals = (encode: (text: string) => string) => (value: Working): Working => {
  if (value.bytes) throw new RuleError('an encoding modifier cannot follow another encoding');
  return { patterns: value.patterns.map((pattern) => pattern.map((part) => (typeof part === 'string' ? encode(part) : part))), bytes: true };
};

const plainBytes = (value: Working, name: string): string[] =>
  value.patterns.map((pattern) => {
    if (hasWildcards(pattern)) throw new RuleError(`${name} values may not contain wildcards: '${patternText(pattern)}'`);
    const text = patternText(pattern);
    return value.bytes ? text : utf8Bytes(text);
  });

/** Modifiers that rewrite the value; `cased`, `all` and `neq` are flags, the others are value types below. */
const TRANSFORMS: Record<string, Transform> = {
  contains: (value) => mapPatterns(value, (pattern) => [withTrailingAny(withLeadingAny(pattern))]),
  startswith: (value) => mapPatterns(value, (pattern) => [withTrailingAny(pattern)]),
  endswith: (value) => mapPatterns(value, (pattern) => [withLeadingAny(pattern)]),
  windash: (value) => mapPatterns(value, windashVariants),
  expand: (value, placeholders) => mapPatterns(value, (pattern) => expandPlaceholders(pattern, placeholders)),
  wide: encodeLiterals(utf16leBytes),
  utf16le: encodeLiterals(utf16leBytes),
  utf16be: encodeLiterals(utf16beBytes),
  utf16: encodeLiterals(utf16Bytes),
  base64: (value) => ({ patterns: plainBytes(value, 'base64').map((bytes) => literalPattern(base64(bytes))), bytes: false }),
  base64offset: (value) => ({
    patterns: plainBytes(value, 'base64offset').flatMap((bytes) => base64OffsetVariants(bytes).map(literalPattern)),
    bytes: false,
  }),
};

export const FLAG_MODIFIERS = new Set(['all', 'neq', 'cased']);
const REGEX_FLAGS: Record<string, string> = { i: 'i', ignorecase: 'i', m: 'm', multiline: 'm', s: 's', dotall: 's' };
const COMPARISONS: Record<string, (field: number, value: number) => boolean> = {
  lt: (field, value) => field < value,
  lte: (field, value) => field <= value,
  gt: (field, value) => field > value,
  gte: (field, value) => field >= value,
};
const STRING_POSITION = new Set(['contains', 'startswith', 'endswith']);

export const KNOWN_MODIFIERS = new Set([
  ...Object.keys(TRANSFORMS), ...FLAG_MODIFIERS, ...Object.keys(REGEX_FLAGS), ...Object.keys(COMPARISONS),
  're', 'cidr', 'exists', 'fieldref',
]);

export interface CompiledValues {
  /** One entry per listed value; each entry holds the alternatives it expanded into (OR). */
  tests: StringTest[][];
}

function requireOnly(modifiers: string[], allowed: (modifier: string) => boolean, what: string): void {
  const bad = modifiers.find((modifier) => !allowed(modifier));
  if (bad) throw new RuleError(`modifier '${bad}' cannot be combined with ${what}`);
}

function regexTests(values: ScalarValue[], modifiers: string[]): CompiledValues {
  if (modifiers[0] !== 're') throw new RuleError("'re' must be the first modifier");
  requireOnly(modifiers.slice(1), (modifier) => modifier in REGEX_FLAGS || modifier === 'all' || modifier === 'neq', "'re'");
  const flags = [...new Set(modifiers.slice(1).map((modifier) => REGEX_FLAGS[modifier]).filter(Boolean))].join('');
  return {
    tests: values.map((value) => {
      if (typeof value !== 'string') throw new RuleError(`re: value ${String(value)} is not a string`);
      let regex: RegExp;
      try {
        regex = new RegExp(value, flags);
      } catch (error) {
        throw new RuleError(`re: invalid regular expression '${value}': ${error instanceof Error ? error.message : String(error)}`);
      }
      return [{ cost: 8, cased: true, kind: 'other' as const, required: requiredLiterals(value), test: (text: string) => regex.test(text) }];
    }),
  };
}

function cidrTests(values: ScalarValue[], modifiers: string[]): CompiledValues {
  if (modifiers[0] !== 'cidr') throw new RuleError("'cidr' must be the first modifier");
  requireOnly(modifiers.slice(1), (modifier) => modifier === 'all' || modifier === 'neq', "'cidr'");
  return {
    tests: values.map((value) => {
      const network = parseNetwork(String(value));
      return [{ cost: 5, cased: true, kind: 'other' as const, test: (text: string) => networkContains(network, text) }];
    }),
  };
}

function comparisonTests(values: ScalarValue[], modifiers: string[], comparison: string): CompiledValues {
  requireOnly(modifiers, (modifier) => modifier === comparison || modifier === 'all' || modifier === 'neq', `'${comparison}'`);
  const compare = COMPARISONS[comparison];
  return {
    tests: values.map((value) => {
      const limit = typeof value === 'number' ? value : typeof value === 'string' ? parseNumber(value) : undefined;
      if (limit === undefined) throw new RuleError(`${comparison}: value ${String(value)} is not a number`);
      return [{ cost: 2, cased: true, kind: 'other' as const, test: (text: string) => {
        const number = parseNumber(text);
        return number !== undefined && compare(number, limit);
      } }];
    }),
  };
}

/** `EventID: 4624` matches "4624", 4624 and "0x1210"-style text of the same number (spec section 2, Types). */
function numberTest(value: number): StringTest {
  const text = String(value);
  return { cost: 1, cased: true, kind: 'other', test: (field) => field === text || parseNumber(field) === value };
}

export function compileValues(values: ScalarValue[], modifiers: string[], placeholders: Readonly<Record<string, readonly string[]>>): CompiledValues {
  if (modifiers.includes('re')) return regexTests(values, modifiers);
  if (modifiers.includes('cidr')) return cidrTests(values, modifiers);
  const comparison = modifiers.find((modifier) => modifier in COMPARISONS);
  if (comparison) return comparisonTests(values, modifiers, comparison);
  const stray = modifiers.find((modifier) => modifier in REGEX_FLAGS);
  if (stray) throw new RuleError(`modifier '${stray}' is only valid after 're'`);
  const cased = modifiers.includes('cased');
  const transforms = modifiers.filter((modifier) => !FLAG_MODIFIERS.has(modifier));
  return {
    tests: values.map((value) => {
      if (typeof value === 'number' && transforms.length === 0) return [numberTest(value)];
      let working: Working = {
        patterns: [typeof value === 'string' ? parseSigmaString(value) : literalPattern(String(value).toLowerCase())],
        bytes: false,
      };
      for (const modifier of transforms) working = TRANSFORMS[modifier](working, placeholders);
      return working.patterns.map((pattern) => compileStringTest(pattern, cased || working.bytes));
    }),
  };
}

/** `fieldref` compares with another field of the same event; position modifiers make it prefix/suffix/substring. */
export interface FieldRefSpec {
  otherFields: string[];
  position: 'equals' | 'contains' | 'startswith' | 'endswith';
  cased: boolean;
}

export function compileFieldRef(values: ScalarValue[], modifiers: string[]): FieldRefSpec {
  requireOnly(modifiers, (modifier) => modifier === 'fieldref' || STRING_POSITION.has(modifier) || FLAG_MODIFIERS.has(modifier), "'fieldref'");
  const positions = modifiers.filter((modifier) => STRING_POSITION.has(modifier));
  if (positions.length > 1) throw new RuleError(`fieldref: conflicting modifiers ${positions.join(', ')}`);
  const otherFields = values.map((value) => {
    if (typeof value !== 'string' || !value || /[*?]/.test(value)) throw new RuleError(`fieldref: '${String(value)}' is not a field name`);
    return value;
  });
  return { otherFields, position: (positions[0] as FieldRefSpec['position'] | undefined) ?? 'equals', cased: modifiers.includes('cased') };
}
