import { compileConditions } from './condition';
import type { CompiledCorrelation, CompiledDetection, CompiledProgram } from './compiled';
import { compileCorrelations } from './correlation-compile';
import { compileIdentifier, isPlainMap, type Identifier } from './detection';
import { readDocuments, type RuleDocument } from './documents';
import type { CompileScope } from './items';
import { FieldStates } from './field-state';
import { RouteCache } from './route';
import { LOADED_STATUSES, parseLogsource, ruleInfo, ruleLabel } from './metadata';
import { bestAtoms, RuleError, type CompileOptions, type LogSource, type Predicate, type RuleInfo, type RuleLoadError, type RuleSource } from './types';

export interface RuleSet {
  readonly rules: readonly RuleInfo[];
  readonly errors: readonly RuleLoadError[];
  /** Rule, correlation and filter documents found. */
  readonly total: number;
  /** Documents that compiled; `total - compiled` equals `errors.length`. */
  readonly compiled: number;
  readonly program: CompiledProgram;
}

function reasonOf(error: unknown): string {
  if (error instanceof RuleError) return error.reason;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

function conditionsOf(value: unknown, what: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (value === undefined || value === null || list.length === 0) throw new RuleError(`missing ${what}`);
  return list.map((condition) => {
    if (typeof condition !== 'string') throw new RuleError(`${what} must be a string or a list of strings`);
    return condition;
  });
}

/** The identifiers and condition of a `detection` (or a filter's `filter`) map, compiled into one predicate. */
function compileSearch(map: unknown, what: string, scope: CompileScope, skip: readonly string[] = []) {
  if (!isPlainMap(map)) throw new RuleError(`missing '${what}' map`);
  const conditions = conditionsOf(map.condition, `${what}.condition`);
  const identifiers = new Map<string, Identifier>();
  for (const [name, value] of Object.entries(map)) {
    if (name === 'condition' || skip.includes(name)) continue;
    identifiers.set(name, compileIdentifier(name, value, scope));
  }
  return compileConditions(conditions, identifiers);
}

function checkTaxonomy(body: Record<string, unknown>): void {
  const taxonomy = body.taxonomy;
  if (taxonomy !== undefined && taxonomy !== null && String(taxonomy).toLowerCase() !== 'sigma') {
    throw new RuleError(`taxonomy '${String(taxonomy)}' is not supported (field names would need a mapping)`);
  }
}

function compileDetection(document: RuleDocument, scope: CompileScope): CompiledDetection {
  const { body } = document;
  checkTaxonomy(body);
  if (body.logsource === undefined) throw new RuleError("missing 'logsource'");
  const logsource = parseLogsource(body.logsource);
  const info = ruleInfo(body, document.file, document.position, 'detection', logsource);
  const search = compileSearch(body.detection, 'detection', scope);
  const name = typeof body.name === 'string' && body.name ? body.name : undefined;
  return { kind: 'detection', info, name, logsource, predicate: search.predicate, eventIds: search.eventIds, emits: true, capture: new Set(), correlated: false, order: 0, selectedStamp: 0 };
}

/** A meta-filter (spec section 7): its condition is AND-ed onto each target rule's condition, as pySigma does. */
interface CompiledFilter {
  targets: string[] | undefined;
  logsource: LogSource;
  predicate: Predicate;
}

function compileFilter(document: RuleDocument, scope: CompileScope): CompiledFilter {
  const { body } = document;
  checkTaxonomy(body);
  if (typeof body.title !== 'string' || !body.title) throw new RuleError("missing 'title'");
  const filter = body.filter;
  if (!isPlainMap(filter)) throw new RuleError("'filter' must be a map");
  const targets = filter.rules === undefined ? undefined : conditionsOf(filter.rules, 'filter.rules');
  const logsource = body.logsource === undefined ? {} : parseLogsource(body.logsource);
  return { targets, logsource, predicate: compileSearch(filter, 'filter', scope, ['rules']).predicate };
}

/** A filter's logsource must be the rule's or wider: every attribute the filter sets, the rule sets the same. */
function filterFits(filter: CompiledFilter, rule: CompiledDetection): boolean {
  return (['category', 'product', 'service'] as const).every((key) => filter.logsource[key] === undefined || filter.logsource[key] === rule.logsource[key]);
}

function applyFilter(filter: CompiledFilter, rule: CompiledDetection): void {
  const base = rule.predicate;
  const extra = filter.predicate;
  rule.predicate = {
    cost: base.cost + extra.cost,
    test: (ctx) => base.test(ctx) && extra.test(ctx),
    explain: (ctx, out) => {
      base.explain(ctx, out);
      extra.explain(ctx, out);
    },
    atoms: (facts) => bestAtoms([base.atoms(facts), extra.atoms(facts)], facts),
  };
}

export function compileRuleSet(sources: readonly RuleSource[], options: CompileOptions = {}): RuleSet {
  const errors: RuleLoadError[] = [];
  const scope: CompileScope = { placeholders: options.placeholders ?? {}, fields: new FieldStates() };
  const disabled = new Set(options.disabled ?? []);
  const { documents, total } = readDocuments(sources, errors);
  const detections: CompiledDetection[] = [];
  const correlationDocuments: RuleDocument[] = [];
  const filters: { document: RuleDocument; filter: CompiledFilter }[] = [];
  const seenIds = new Map<string, string>();
  let compiled = 0;

  for (const document of documents) {
    const { body, file } = document;
    const label = ruleLabel(body);
    const fail = (reason: string): void => void errors.push(label ? { file, rule: label, reason } : { file, reason });
    const status = typeof body.status === 'string' ? body.status.toLowerCase() : '';
    if (status && !LOADED_STATUSES.has(status)) {
      fail(`status '${status}': not loaded (only stable, test and experimental rules are)`);
      continue;
    }
    const id = typeof body.id === 'string' ? body.id : undefined;
    const name = typeof body.name === 'string' ? body.name : undefined;
    if ((id && disabled.has(id)) || (name && disabled.has(name))) {
      fail('disabled');
      continue;
    }
    const duplicate = [id, name].find((key) => key !== undefined && seenIds.has(key));
    if (duplicate !== undefined) {
      fail(`duplicate rule id or name '${duplicate}' (first in ${seenIds.get(duplicate)})`);
      continue;
    }
    try {
      if ('correlation' in body) {
        correlationDocuments.push(document);
      } else if ('filter' in body) {
        filters.push({ document, filter: compileFilter(document, scope) });
        compiled++;
      } else {
        detections.push(compileDetection(document, scope));
        compiled++;
      }
      if (id) seenIds.set(id, file);
      if (name) seenIds.set(name, file);
    } catch (error) {
      fail(reasonOf(error));
    }
  }

  for (const { document, filter } of filters) {
    const targets = filter.targets
      ? detections.filter((rule) => filter.targets?.includes(rule.info.id) || (rule.name !== undefined && filter.targets?.includes(rule.name)))
      : detections.filter((rule) => filterFits(filter, rule));
    const unknown = filter.targets?.filter((target) => !detections.some((rule) => rule.info.id === target || rule.name === target)) ?? [];
    const misfit = targets.filter((rule) => !filterFits(filter, rule));
    if (unknown.length || misfit.length) {
      compiled--;
      const reason = unknown.length
        ? `filter refers to unknown rule(s) ${unknown.join(', ')}`
        : `filter logsource does not cover rule(s) ${misfit.map((rule) => rule.info.id).join(', ')}`;
      errors.push({ file: document.file, rule: ruleLabel(document.body), reason });
      continue;
    }
    for (const rule of targets) applyFilter(filter, rule);
  }

  const correlations: CompiledCorrelation[] = compileCorrelations(correlationDocuments, detections, errors);
  compiled += correlations.length;
  const rules = [...detections.map((rule) => rule.info), ...correlations.map((rule) => rule.info)];
  scope.fields.build();
  detections.forEach((rule, order) => (rule.order = order));
  return { rules, errors, total, compiled, program: { detections, correlations, fields: scope.fields, routes: new RouteCache(detections, scope.fields) } };
}
