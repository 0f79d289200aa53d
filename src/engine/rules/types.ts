import type { RuleLevel } from '../case/attestation';
import type { FieldValue, NormalizedEvent } from '../events';
import type { FieldStates } from './field-state';

export interface RuleSource {
  file: string;
  text: string;
}

export interface RuleLoadError {
  file: string;
  /** The rule's id, else its title, when the document got far enough to have one. */
  rule?: string;
  reason: string;
}

export interface LogSource {
  category?: string;
  product?: string;
  service?: string;
}

export interface RuleInfo {
  id: string;
  title: string;
  file: string;
  level: RuleLevel;
  status: string;
  description: string;
  falsepositives: string[];
  references: string[];
  techniques: string[];
  tactics: string[];
  kind: 'detection' | 'correlation';
  logsource: LogSource;
}

export interface CompileOptions {
  /** Rule ids or names to leave out; they are counted and reported as disabled. */
  disabled?: readonly string[];
  /** Values for `%name%` placeholders of the `expand` modifier (Sigma spec section "Placeholders"). */
  placeholders?: Readonly<Record<string, readonly string[]>>;
}

/** What a field matcher sees of one event. The engine reuses one context for every event it is given. */
export interface MatchContext {
  event: NormalizedEvent;
  /** Field aliases of the event's route (Security 4688 names read as Sysmon names), or null. */
  aliases: FieldAliases | null;
  /** The rule set's field states: lower-cased values and literal searches, kept while a field's text repeats. */
  states: FieldStates;
  /**
   * Identifies the event (`FieldStates.nextStamp`): field values are read once per stamp, and a rule selected by
   * several of the event's values is tested once. A context given another event needs a new stamp.
   */
  stamp: number;
}

/** Reads a Sigma field from an event whose source names it otherwise. */
export type FieldAliases = Readonly<Record<string, (event: NormalizedEvent) => FieldValue | undefined>>;

/**
 * A value test that every match of a rule needs (one of a rule's atoms holds whenever it matches), so the engine can
 * look rules up by value instead of testing each: equal values (`equals` lower-cased, `cased` verbatim), last path
 * components (`basename`, from `endswith '\\x.exe'`) or `contains` literals.
 */
export interface IndexAtom {
  readonly field: string;
  readonly kind: 'equals' | 'cased' | 'basename' | 'contains';
  readonly values: readonly string[];
}

/**
 * What a test needs on one route: atoms one of which holds whenever it is true; null when nothing usable is known;
 * or, for a test that reads only values every event of the route shares (`RouteFacts`), its outcome on all of them.
 */
export type Atoms = IndexAtom[] | null | 'always' | 'never';

/** The values every event of a route shares (its Channel and EventID are part of the route key). */
export interface RouteFacts {
  /** A context whose event holds just the shared fields, to run a test on them once per route. */
  readonly ctx: MatchContext;
  /** Whether every event of the route has this value for the field (as `readField` reads it). */
  decides(field: string): boolean;
  /**
   * Fields the route probes for other rules anyway, when known: an atom on any other field adds a read of it to every
   * event of the route, so `bestAtoms` charges it SEPARATE_FIELD_SCORE.
   */
  readonly probed?: ReadonlySet<string>;
}

/**
 * What an atom on a field nobody else probes adds to its score: reading the field on every event of the route costs
 * about as much as a handful of values more, and a low-cardinality field (IntegrityLevel: High) picked for its few
 * values selects the rule for most events.
 */
export const SEPARATE_FIELD_SCORE = 16;

/** One compiled test of a detection: a field item, a keyword list or an `exists` check. */
export interface ItemMatcher {
  /** Relative evaluation cost, so cheap tests run first inside an AND. */
  readonly cost: number;
  test(ctx: MatchContext): boolean;
  /** Writes the field values that made `test` true, verbatim; only called after a match. */
  explain(ctx: MatchContext, out: Record<string, string>): void;
  /** Atoms of which one holds whenever `test` is true, or null when the test has no such value set. */
  atoms(facts?: RouteFacts): Atoms;
}

/** A search identifier or a condition node, compiled. */
export interface Predicate {
  readonly cost: number;
  test(ctx: MatchContext): boolean;
  /** Records the matching fields of the parts that are true and not negated. */
  explain(ctx: MatchContext, out: Record<string, string>): void;
  atoms(facts?: RouteFacts): Atoms;
}

/** Thrown inside compilation for a defect of one rule; caught per rule and turned into a RuleLoadError. */
export class RuleError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RuleError';
  }
}

/**
 * Of the needs of the parts of an AND: 'never' when one part never holds on the route, else the atom list that
 * selects best (fewest values, no substring scans, fields the route probes anyway); parts that always hold need
 * nothing.
 */
export function bestAtoms(candidates: Atoms[], facts?: RouteFacts): Atoms {
  let best: IndexAtom[] | null = null;
  let decided = true;
  const probed = facts?.probed;
  const weight = (atom: IndexAtom) => (atom.kind === 'contains' ? 4 : 1);
  const score = (atoms: IndexAtom[]) => {
    let sum = 0;
    for (const atom of atoms) sum += atom.values.length * weight(atom);
    if (probed) for (const field of new Set(atoms.map((atom) => atom.field))) if (!probed.has(field)) sum += SEPARATE_FIELD_SCORE;
    return sum;
  };
  for (const atoms of candidates) {
    if (atoms === 'never') return 'never';
    if (atoms === 'always') continue;
    decided = false;
    if (atoms && (!best || score(atoms) < score(best))) best = atoms;
  }
  return decided ? 'always' : best;
}

/**
 * Of the needs of the alternatives of an OR: those that never hold on the route drop out; of the others, all must
 * have atoms, and their union is necessary.
 */
export function unionAtoms(candidates: Atoms[]): Atoms {
  const lists: IndexAtom[][] = [];
  let open = false;
  let unknown = false;
  for (const atoms of candidates) {
    if (atoms === 'never') continue;
    if (atoms === 'always') return 'always';
    open = true;
    if (atoms === null) unknown = true;
    else lists.push(atoms);
  }
  if (!open) return 'never';
  return unknown ? null : lists.flat();
}

/** A test's outcome when it reads only a field the route decides; undefined when it must run per event. */
export function decidedBy(facts: RouteFacts | undefined, field: string | undefined, test: (ctx: MatchContext) => boolean): 'always' | 'never' | undefined {
  if (!facts || field === undefined || !facts.decides(field)) return undefined;
  return test(facts.ctx) ? 'always' : 'never';
}
