import { Alternatives } from './alternatives';
import type { FieldState, FieldStates } from './field-state';
import { asText, explainValue, fieldReader, readField, type FieldReader } from './fields';
import { compileFieldRef, compileValues, KNOWN_MODIFIERS, type FieldRefSpec, type ScalarValue } from './modifiers';
import { compileStringTest, hasWildcards, parseSigmaString, withLeadingAny, withTrailingAny, type StringTest } from './pattern';
import { decidedBy, RuleError, type Atoms, type ItemMatcher, type MatchContext, type RouteFacts } from './types';

/** Compiles one `field|modifiers: value` entry of a detection map (Sigma spec sections 2 and 3). */

export type Placeholders = Readonly<Record<string, readonly string[]>>;

/** What compiling one rule set shares: the placeholder values and the field states holding `contains` literals. */
export interface CompileScope {
  readonly placeholders: Placeholders;
  readonly fields: FieldStates;
}

const KEYWORD_COST = 40;
const MESSAGE_KEY = '\u0000message';

class ValueItem implements ItemMatcher {
  readonly cost: number;
  /** The field name when the reader is a plain field: read directly, the hot path. */
  private readonly single: string | undefined;
  /** The plain field's state, which reads its value once per event for every rule. */
  private readonly state: FieldState | undefined;
  /** One entry per listed value with `all`; otherwise a single entry holding every alternative. */
  private readonly values: Alternatives[];
  constructor(private readonly reader: FieldReader, tests: StringTest[][], private readonly all: boolean, private readonly negate: boolean, scope: CompileScope) {
    this.single = reader.name === 'Data' ? undefined : reader.name;
    this.state = this.single === undefined ? undefined : scope.fields.declare(this.single);
    this.values = all ? tests.map((alternatives) => new Alternatives(alternatives, scope.fields, this.single)) : [new Alternatives(tests.flat(), scope.fields, this.single)];
    this.cost = this.values.reduce((sum, value) => sum + value.cost, 0);
  }
  private matchesText(ctx: MatchContext, field: string, text: string): boolean {
    for (let i = 0; i < this.values.length; i++) if (!this.values[i].matches(ctx, field, text)) return false;
    return true;
  }
  private matches(ctx: MatchContext, record?: Record<string, string>): boolean {
    const field = this.single;
    if (field !== undefined) {
      const value = (this.state as FieldState).read(ctx);
      if (value === undefined || value === null) return false;
      const text = typeof value === 'string' ? value : String(value);
      const hit = this.matchesText(ctx, field, text);
      if (hit && record) record[field] = explainValue(text);
      return hit;
    }
    return this.reader.some(ctx, (text, name) => {
      const hit = this.matchesText(ctx, name, text);
      if (hit && record) record[name] = explainValue(text);
      return hit;
    });
  }
  test(ctx: MatchContext): boolean {
    return this.matches(ctx) !== this.negate;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    if (!this.negate) this.matches(ctx, out);
    else {
      const value = this.reader.first(ctx);
      if (value !== undefined) out[this.reader.name] = explainValue(value);
    }
  }
  /** With `all` every value must match, so the first value's alternatives are already necessary. */
  atoms(facts?: RouteFacts): Atoms {
    const decided = decidedBy(facts, this.single, (ctx) => this.test(ctx));
    if (decided) return decided;
    return this.negate || this.single === undefined ? null : this.values[0].atoms(this.single);
  }
}

class NullItem implements ItemMatcher {
  readonly cost = 1;
  constructor(private readonly reader: FieldReader) {}
  test(ctx: MatchContext): boolean {
    return this.reader.absent(ctx);
  }
  explain(): void {}
  atoms(facts?: RouteFacts): Atoms {
    return decidedBy(facts, this.reader.name, (ctx) => this.test(ctx)) ?? null;
  }
}

class ExistsItem implements ItemMatcher {
  readonly cost = 1;
  constructor(private readonly reader: FieldReader, private readonly expected: boolean) {}
  test(ctx: MatchContext): boolean {
    return this.reader.present(ctx) === this.expected;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    const value = this.reader.first(ctx);
    if (value !== undefined) out[this.reader.name] = explainValue(value);
  }
  atoms(facts?: RouteFacts): Atoms {
    return decidedBy(facts, this.reader.name, (ctx) => this.test(ctx)) ?? null;
  }
}

class FieldRefItem implements ItemMatcher {
  readonly cost = 3;
  constructor(private readonly field: string, private readonly spec: FieldRefSpec, private readonly all: boolean, private readonly negate: boolean) {}
  private compare(ctx: MatchContext, other: string): boolean {
    const mine = readField(ctx, this.field);
    const theirs = readField(ctx, other);
    if (mine === undefined || mine === null || theirs === undefined || theirs === null) return false;
    let left = asText(mine);
    let right = asText(theirs);
    if (!this.spec.cased) {
      left = left.toLowerCase();
      right = right.toLowerCase();
    }
    switch (this.spec.position) {
      case 'equals': return left === right;
      case 'contains': return left.includes(right);
      case 'startswith': return left.startsWith(right);
      case 'endswith': return left.endsWith(right);
    }
  }
  test(ctx: MatchContext): boolean {
    const others = this.spec.otherFields;
    const hit = this.all ? others.every((other) => this.compare(ctx, other)) : others.some((other) => this.compare(ctx, other));
    return hit !== this.negate;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    for (const name of [this.field, ...this.spec.otherFields]) {
      const value = readField(ctx, name);
      if (value !== undefined && value !== null) out[name] = explainValue(asText(value));
    }
  }
  atoms(): null {
    return null;
  }
}

/**
 * Keywords search the message and every string field value. A keyword without wildcards or modifiers is a
 * substring; with wildcards it is anchored, as the spec's section 2 "Keywords" suggests.
 */
function costOf(tests: StringTest[][]): number {
  let cost = 0;
  for (const alternatives of tests) for (const test of alternatives) cost += test.cost;
  return Math.max(1, cost);
}

class KeywordItem implements ItemMatcher {
  readonly cost: number;
  constructor(private readonly tests: StringTest[][], private readonly all: boolean) {
    this.cost = KEYWORD_COST + costOf(tests);
  }
  private eachText(ctx: MatchContext, visit: (text: string, field: string, key: string) => boolean): boolean {
    if (ctx.event.message && visit(ctx.event.message, 'message', MESSAGE_KEY)) return true;
    const fields = ctx.event.fields;
    for (const field in fields) {
      const value = fields[field];
      if (typeof value === 'string' && visit(value, field, field)) return true;
    }
    return false;
  }
  private find(ctx: MatchContext, alternatives: StringTest[], record?: Record<string, string>): boolean {
    return this.eachText(ctx, (text, field, key) => {
      let lower: string | undefined;
      for (const test of alternatives) {
        if (test.test(test.cased ? text : (lower ??= ctx.states.of(key).lower(text)))) {
          if (record) record[field] = explainValue(text);
          return true;
        }
      }
      return false;
    });
  }
  test(ctx: MatchContext): boolean {
    return this.all ? this.tests.every((alternatives) => this.find(ctx, alternatives)) : this.tests.some((alternatives) => this.find(ctx, alternatives));
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    for (const alternatives of this.tests) if (this.find(ctx, alternatives, out) && !this.all) return;
  }
  atoms(): null {
    return null;
  }
}

function scalarList(value: unknown, key: string): ScalarValue[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new RuleError(`'${key}' has an empty value list`);
  return list.map((item) => {
    if (item === null) throw new RuleError(`'${key}': null may not stand in a list with other values`);
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw new RuleError(`'${key}': value ${JSON.stringify(item)} is not a scalar`);
    return item;
  });
}

function checkModifiers(key: string, modifiers: string[]): void {
  for (const modifier of modifiers) {
    if (!KNOWN_MODIFIERS.has(modifier)) throw new RuleError(`'${key}': unsupported modifier '${modifier}'`);
  }
  if (modifiers.includes('all') && modifiers.includes('neq')) throw new RuleError(`'${key}': 'all' and 'neq' cannot be combined`);
}

/** `field|mod|mod: value` inside a detection map. */
export function compileFieldItem(key: string, value: unknown, scope: CompileScope): ItemMatcher {
  const [field, ...modifiers] = key.split('|');
  if (!field) return compileKeywordItem(value, modifiers, key, scope);
  checkModifiers(key, modifiers);
  const reader = fieldReader(field, scope.fields);
  if (modifiers.includes('exists')) {
    if (modifiers.length !== 1) throw new RuleError(`'${key}': 'exists' must stand alone`);
    if (typeof value !== 'boolean') throw new RuleError(`'${key}': exists needs true or false`);
    return new ExistsItem(reader, value);
  }
  if (value === null) {
    if (modifiers.length) throw new RuleError(`'${key}': null cannot take modifiers`);
    return new NullItem(reader);
  }
  const all = modifiers.includes('all');
  if (all && !Array.isArray(value)) throw new RuleError(`'${key}': 'all' needs a list of values`);
  const values = scalarList(value, key);
  const negate = modifiers.includes('neq');
  if (modifiers.includes('fieldref')) return new FieldRefItem(field, compileFieldRef(values, modifiers), all, negate);
  return new ValueItem(reader, compileValues(values, modifiers, scope.placeholders).tests, all, negate, scope);
}

const KEYWORD_MODIFIERS_EXCLUDED = new Set(['exists', 'fieldref', 'neq', 'lt', 'lte', 'gt', 'gte']);

/** A plain keyword list, or a map key `|all` (or `|modifiers`) whose value list applies to the whole event. */
export function compileKeywordItem(value: unknown, modifiers: string[], key: string, scope: CompileScope): ItemMatcher {
  checkModifiers(key, modifiers);
  const excluded = modifiers.find((modifier) => KEYWORD_MODIFIERS_EXCLUDED.has(modifier));
  if (excluded) throw new RuleError(`keywords cannot take the '${excluded}' modifier`);
  const values = scalarList(value, key || 'keywords');
  const all = modifiers.includes('all');
  const shaping = modifiers.filter((modifier) => modifier !== 'all' && modifier !== 'cased');
  if (shaping.length) return new KeywordItem(compileValues(values, modifiers, scope.placeholders).tests, all);
  const cased = modifiers.includes('cased');
  return new KeywordItem(
    values.map((keyword) => {
      const pattern = parseSigmaString(String(keyword));
      return [compileStringTest(hasWildcards(pattern) ? pattern : withTrailingAny(withLeadingAny(pattern)), cased)];
    }),
    all,
  );
}
