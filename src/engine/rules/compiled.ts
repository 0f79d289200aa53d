import type { RuleLevel } from '../case/attestation';
import type { FieldStates } from './field-state';
import type { RouteCache } from './route';
import type { LogSource, Predicate, RuleInfo } from './types';

/** The compiled form of a rule set, opaque to callers of `compileRuleSet`. */

export interface CompiledDetection {
  readonly kind: 'detection';
  readonly info: RuleInfo;
  readonly name: string | undefined;
  readonly logsource: LogSource;
  predicate: Predicate;
  /** EventIDs the condition requires, for routing; undefined: any. */
  readonly eventIds: ReadonlySet<string> | undefined;
  /** False when a correlation refers to it with `generate: false` (Sigma correlation spec, `generate`). */
  emits: boolean;
  /** Fields the referring correlations group or count by; their values are kept with each match. */
  readonly capture: Set<string>;
  /** True when a correlation reads its matches, which are then kept until `finish`. */
  correlated: boolean;
  /** Position in the rule set, so attestations of one event come out in rule order. */
  order: number;
  /** Stamp of the last event the rule was selected for, so value lookups add it once. */
  selectedStamp: number;
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq';

export interface CompiledCorrelation {
  readonly kind: 'correlation';
  readonly info: RuleInfo;
  readonly name: string | undefined;
  readonly type: CorrelationType;
  /** Referenced rules in the listed order (the order `temporal_ordered` requires). */
  readonly rules: readonly (CompiledDetection | CompiledCorrelation)[];
  readonly groupBy: readonly string[];
  /** alias -> referenced rule id -> field of that rule's events. */
  readonly aliases: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly timespanMs: number;
  readonly conditions: readonly { op: Comparison; value: number }[];
  /** `value_count`: the field whose distinct values are counted. */
  readonly valueField: string | undefined;
  readonly level: RuleLevel;
  emits: boolean;
}

export interface CompiledProgram {
  readonly detections: readonly CompiledDetection[];
  /** In evaluation order: every correlation after the correlations it refers to. */
  readonly correlations: readonly CompiledCorrelation[];
  /** Per field named by a rule: its `contains` literals, and what was derived from its last value. */
  readonly fields: FieldStates;
  readonly routes: RouteCache;
}

/** The field a correlation reads from a referenced rule's events for a group-by name or alias. */
export function fieldFor(correlation: CompiledCorrelation, name: string, ruleId: string): string {
  return correlation.aliases.get(name)?.get(ruleId) ?? name;
}
