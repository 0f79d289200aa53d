import type { Comparison, CompiledCorrelation, CompiledDetection, CorrelationType } from './compiled';
import { isPlainMap } from './detection';
import type { RuleDocument } from './documents';
import { MAX_CORRELATION_CHAIN } from './limits';
import { ruleInfo, ruleLabel } from './metadata';
import { RuleError, type RuleLoadError } from './types';

/** Correlation rules (Sigma correlation spec): parsed, references resolved by id or name, chains ordered. */

const TYPES = new Set<CorrelationType>(['event_count', 'value_count', 'temporal', 'temporal_ordered']);
const COMPARISONS = new Set<Comparison>(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);

/** Timespan units; `w`, `M` and `y` are pySigma's additions to the spec's s/m/h/d. */
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };

export function parseTimespan(value: unknown): number {
  const found = typeof value === 'string' ? /^\s*(\d+)\s*([smhdwMy])\s*$/.exec(value) : null;
  if (!found || Number(found[1]) <= 0) throw new RuleError(`correlation timespan '${String(value)}' is not a positive number with s, m, h, d, w, M or y`);
  return Number(found[1]) * UNIT_MS[found[2]];
}

interface ParsedCorrelation {
  document: RuleDocument;
  type: CorrelationType;
  refs: string[];
  groupBy: string[];
  aliases: Record<string, Record<string, string>>;
  timespanMs: number;
  conditions: { op: Comparison; value: number }[];
  valueField: string | undefined;
  generate: boolean;
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== 'string' || !item) throw new RuleError(`${what} must list non-empty strings`);
    return item;
  });
}

function parseCorrelation(document: RuleDocument): ParsedCorrelation {
  const spec = document.body.correlation;
  if (!isPlainMap(spec)) throw new RuleError("'correlation' must be a map");
  const type = spec.type as CorrelationType;
  if (!TYPES.has(type)) throw new RuleError(`correlation type '${String(spec.type)}' is not supported (event_count, value_count, temporal, temporal_ordered)`);
  const refs = stringList(spec.rules, 'correlation.rules');
  if (refs.length === 0) throw new RuleError('correlation.rules is empty');
  const aliases: Record<string, Record<string, string>> = {};
  if (spec.aliases !== undefined && spec.aliases !== null) {
    if (!isPlainMap(spec.aliases)) throw new RuleError('correlation.aliases must be a map');
    for (const [alias, mapping] of Object.entries(spec.aliases)) {
      if (!isPlainMap(mapping)) throw new RuleError(`correlation alias '${alias}' must map rule names to fields`);
      aliases[alias] = Object.fromEntries(Object.entries(mapping).map(([rule, field]) => [rule, stringList(field, `alias ${alias}`)[0]]));
    }
  }
  const conditions: { op: Comparison; value: number }[] = [];
  let valueField: string | undefined;
  const condition = spec.condition;
  if (condition !== undefined && condition !== null) {
    if (!isPlainMap(condition)) throw new RuleError('correlation.condition must be a map (string expressions over rule names are not supported)');
    for (const [key, value] of Object.entries(condition)) {
      if (key === 'field') {
        valueField = stringList(value, 'correlation.condition.field').join();
        if (Array.isArray(value) && value.length > 1) throw new RuleError('correlation.condition.field with several fields is not supported');
        continue;
      }
      if (!COMPARISONS.has(key as Comparison)) throw new RuleError(`correlation.condition: unknown comparison '${key}'`);
      if (typeof value !== 'number') throw new RuleError(`correlation.condition.${key} must be a number`);
      conditions.push({ op: key as Comparison, value });
    }
    if (conditions.length > 2) throw new RuleError('correlation.condition holds more than two comparisons');
  }
  if ((type === 'event_count' || type === 'value_count') && conditions.length === 0) throw new RuleError(`a ${type} correlation needs a condition`);
  if (type === 'value_count' && !valueField) throw new RuleError('a value_count correlation needs condition.field');
  if (type !== 'value_count' && valueField) throw new RuleError(`condition.field has no meaning for ${type}`);
  const generate = spec.generate ?? false;
  if (typeof generate !== 'boolean') throw new RuleError('correlation.generate must be true or false');
  return { document, type, refs, groupBy: stringList(spec['group-by'], 'correlation.group-by'), aliases, timespanMs: parseTimespan(spec.timespan), conditions, valueField, generate };
}

export function compileCorrelations(documents: readonly RuleDocument[], detections: CompiledDetection[], errors: RuleLoadError[]): CompiledCorrelation[] {
  const parsed = new Map<RuleDocument, ParsedCorrelation>();
  const byKey = new Map<string, CompiledDetection | RuleDocument>();
  for (const rule of detections) {
    byKey.set(rule.info.id, rule);
    if (rule.name) byKey.set(rule.name, rule);
  }
  const fail = (document: RuleDocument, reason: string): void => {
    const label = ruleLabel(document.body);
    errors.push(label ? { file: document.file, rule: label, reason } : { file: document.file, reason });
  };
  for (const document of documents) {
    try {
      parsed.set(document, parseCorrelation(document));
      for (const key of [document.body.id, document.body.name]) if (typeof key === 'string' && key) byKey.set(key, document);
    } catch (error) {
      fail(document, error instanceof RuleError ? error.reason : String(error));
    }
  }

  const done = new Map<RuleDocument, CompiledCorrelation | RuleError>();
  const ordered: CompiledCorrelation[] = [];
  const generating = new Map<object, boolean>();

  const resolve = (document: RuleDocument, chain: RuleDocument[]): CompiledCorrelation => {
    const known = done.get(document);
    if (known instanceof RuleError) throw known;
    if (known) return known;
    if (chain.includes(document)) throw new RuleError('correlation chain refers to itself');
    if (chain.length >= MAX_CORRELATION_CHAIN) throw new RuleError(`correlation chain longer than ${MAX_CORRELATION_CHAIN}`);
    const spec = parsed.get(document);
    if (!spec) throw new RuleError('it did not compile');
    const rules = spec.refs.map((ref) => {
      const target = byKey.get(ref);
      if (!target) throw new RuleError(`correlation refers to unknown rule '${ref}'`);
      if ('kind' in target) return target;
      try {
        return resolve(target, [...chain, document]);
      } catch (error) {
        throw new RuleError(`refers to correlation '${ref}', which failed: ${error instanceof RuleError ? error.reason : String(error)}`);
      }
    });
    const aliases = new Map<string, Map<string, string>>();
    for (const [alias, mapping] of Object.entries(spec.aliases)) {
      const fields = new Map<string, string>();
      for (const [ref, field] of Object.entries(mapping)) {
        const rule = rules.find((candidate) => candidate.info.id === ref || candidate.name === ref);
        if (!rule) throw new RuleError(`alias '${alias}' names '${ref}', which the correlation does not refer to`);
        fields.set(rule.info.id, field);
      }
      aliases.set(alias, fields);
    }
    const info = ruleInfo(document.body, document.file, document.position, 'correlation', {});
    if (info.techniques.length === 0) {
      for (const rule of rules) {
        for (const id of rule.info.techniques) if (!info.techniques.includes(id)) info.techniques.push(id);
        for (const tactic of rule.info.tactics) if (!info.tactics.includes(tactic)) info.tactics.push(tactic);
      }
    }
    const name = typeof document.body.name === 'string' && document.body.name ? document.body.name : undefined;
    const correlation: CompiledCorrelation = {
      kind: 'correlation', info, name, type: spec.type, rules, groupBy: spec.groupBy, aliases, timespanMs: spec.timespanMs,
      conditions: spec.conditions, valueField: spec.valueField, level: info.level, emits: true,
    };
    const needed = [...spec.groupBy, ...(spec.valueField ? [spec.valueField] : [])];
    for (const rule of rules) {
      for (const field of needed) {
        const source = aliases.get(field)?.get(rule.info.id) ?? field;
        if (rule.kind === 'correlation' && !rule.groupBy.includes(source)) {
          throw new RuleError(`'${field}' is not a group-by field of the referenced correlation '${rule.info.id}'`);
        }
        if (rule.kind === 'detection') rule.capture.add(source);
      }
    }
    for (const rule of rules) generating.set(rule, (generating.get(rule) ?? false) || spec.generate);
    done.set(document, correlation);
    ordered.push(correlation);
    return correlation;
  };

  for (const document of parsed.keys()) {
    if (done.has(document)) continue;
    try {
      resolve(document, []);
    } catch (error) {
      const reason = error instanceof RuleError ? error.reason : String(error);
      done.set(document, new RuleError(reason));
      fail(document, reason);
    }
  }
  for (const [rule, generate] of generating) {
    const target = rule as CompiledDetection | CompiledCorrelation;
    target.emits = generate;
    if (target.kind === 'detection') target.correlated = true;
  }
  return ordered;
}
