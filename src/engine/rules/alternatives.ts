import type { FieldState, FieldStates, LiteralRef } from './field-state';
import type { StringTest } from './pattern';
import type { IndexAtom, MatchContext } from './types';

/**
 * The alternatives a field value may match (OR), merged by shape so a rule with twenty values costs a few lookups:
 * equal values become a set, `endswith '\name.exe'` values a set of last path components, `contains` values
 * entries of the field's literal automaton; anything else is tested one by one.
 */
export class Alternatives {
  readonly cost: number;
  private readonly equalLower = new Set<string>();
  private readonly equalCased = new Set<string>();
  private readonly basenames = new Set<string>();
  private readonly literals: LiteralRef[] = [];
  private readonly rest: StringTest[] = [];
  /**
   * Per `rest` test, literals one of which occurs whenever it holds (a prefix or suffix test's own literal, a regex's
   * required literals), or null when it has none; a regex is only run when one of its literals is in the text.
   */
  private readonly restLiterals: (LiteralRef[] | null)[] = [];
  private readonly restPrefilter: boolean[] = [];
  private readonly needsLower: boolean;
  /** The state of the field when the item reads one named field; else each value's field is looked up. */
  private readonly state: FieldState | undefined;

  constructor(tests: readonly StringTest[], index: FieldStates, field: string | undefined) {
    this.state = field === undefined ? undefined : index.declare(field);
    for (const test of tests) {
      const literal = test.literal;
      if (literal !== undefined && test.kind === 'equals') (test.cased ? this.equalCased : this.equalLower).add(literal);
      else if (literal !== undefined && !test.cased && test.kind === 'endswith' && isBasename(literal)) this.basenames.add(literal);
      else if (literal && !test.cased && test.kind === 'contains' && field !== undefined) this.literals.push(index.register(field, literal));
      else this.rest.push(test);
    }
    this.rest.sort((a, b) => a.cost - b.cost);
    for (const test of this.rest) {
      const literal = test.literal;
      let refs: LiteralRef[] | null = null;
      if (field !== undefined && test.required) refs = test.required.map((required) => index.register(field, required));
      else if (field !== undefined && literal && !test.cased && (test.kind === 'startswith' || test.kind === 'endswith')) refs = [index.register(field, literal)];
      this.restLiterals.push(refs);
      this.restPrefilter.push(test.required !== undefined && refs !== null);
    }
    this.needsLower = this.equalLower.size > 0 || this.basenames.size > 0 || this.rest.some((test) => !test.cased);
    const sets = (this.equalLower.size ? 1 : 0) + (this.equalCased.size ? 1 : 0) + (this.basenames.size ? 2 : 0);
    this.cost = Math.max(1, sets + (this.literals.length ? 2 + this.literals.length / 8 : 0) + this.rest.reduce((sum, test) => sum + test.cost, 0));
  }

  /** `field` names the text's field, so its lower-cased form and literal search are shared by every rule. */
  matches(ctx: MatchContext, field: string, text: string): boolean {
    if (this.equalCased.size && this.equalCased.has(text)) return true;
    for (let i = 0; i < this.literals.length; i++) {
      const ref = this.literals[i];
      if (ref.state.contains(ref.id, text)) return true;
    }
    if (!this.needsLower) return this.restMatch(text, text);
    const state = this.state ?? ctx.states.of(field);
    const lower = state.lower(text);
    if (this.equalLower.size && this.equalLower.has(lower)) return true;
    if (this.basenames.size) {
      const basename = state.basename(text);
      if (basename && this.basenames.has(basename)) return true;
    }
    return this.restMatch(text, lower);
  }

  private restMatch(text: string, lower: string): boolean {
    for (let i = 0; i < this.rest.length; i++) {
      const test = this.rest[i];
      if (this.restPrefilter[i] && !anyLiteral(this.restLiterals[i] as LiteralRef[], text)) continue;
      if (test.test(test.cased ? text : lower)) return true;
    }
    return false;
  }

  /**
   * The value sets one of which holds whenever `matches` is true; null when some alternative is neither a set test
   * nor a test with necessary literals (a prefix, suffix or regex test, whose literals then stand for it as
   * `contains` atoms: necessary, not sufficient).
   */
  atoms(field: string): IndexAtom[] | null {
    const restRefs: LiteralRef[] = [];
    for (const refs of this.restLiterals) {
      if (!refs) return null;
      restRefs.push(...refs);
    }
    const atoms: IndexAtom[] = [];
    if (this.equalLower.size) atoms.push({ field, kind: 'equals', values: [...this.equalLower] });
    if (this.equalCased.size) atoms.push({ field, kind: 'cased', values: [...this.equalCased] });
    if (this.basenames.size) atoms.push({ field, kind: 'basename', values: [...this.basenames] });
    const contained = [...this.literals, ...restRefs];
    if (contained.length) atoms.push({ field, kind: 'contains', values: contained.map((ref) => ref.state.literals.literals[ref.id]) });
    return atoms.length ? atoms : null;
  }
}

function anyLiteral(refs: readonly LiteralRef[], text: string): boolean {
  for (let i = 0; i < refs.length; i++) if (refs[i].state.contains(refs[i].id, text)) return true;
  return false;
}

/**
 * `endswith '\x.exe'` holds exactly when the text's last backslash starts the suffix, provided the value has no
 * other backslash: then the test is an equality on the last path component.
 */
function isBasename(literal: string): boolean {
  return literal.length > 1 && literal[0] === '\\' && literal.indexOf('\\', 1) < 0;
}
