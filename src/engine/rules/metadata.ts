import { RULE_LEVELS, type RuleLevel } from '../case/attestation';
import { isPlainMap } from './detection';
import { attackMapping } from './tags';
import { RuleError, type LogSource, type RuleInfo } from './types';

/** Rule metadata (Sigma spec section 1). Unknown keys are custom fields and ignored. */

/** A rule without `level` (allowed by the spec) is reported at this severity. */
export const DEFAULT_RULE_LEVEL: RuleLevel = 'medium';

/** Statuses that are loaded; `deprecated` and `unsupported` rules are skipped with a reason (section 1 table). */
export const LOADED_STATUSES = new Set(['stable', 'test', 'experimental']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function texts(value: unknown, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RuleError(`'${key}' must be a list`);
  return value.map(text).filter(Boolean);
}

export function ruleLabel(document: Record<string, unknown>): string | undefined {
  return text(document.id) || text(document.name) || text(document.title) || undefined;
}

export function parseLevel(value: unknown): RuleLevel {
  if (value === undefined || value === null) return DEFAULT_RULE_LEVEL;
  const level = text(value).toLowerCase();
  if (!(RULE_LEVELS as readonly string[]).includes(level)) throw new RuleError(`unknown level '${text(value)}'`);
  return level as RuleLevel;
}

export function parseLogsource(value: unknown): LogSource {
  if (!isPlainMap(value)) throw new RuleError("'logsource' must be a map");
  const logsource: LogSource = {};
  for (const key of ['category', 'product', 'service'] as const) {
    const attribute = value[key];
    if (attribute === undefined || attribute === null) continue;
    if (typeof attribute !== 'string' || !attribute) throw new RuleError(`logsource ${key} must be a non-empty string`);
    logsource[key] = attribute.toLowerCase();
  }
  return logsource;
}

/** The RuleInfo of a rule or correlation document; `id` falls back to a file position when the rule has none. */
export function ruleInfo(document: Record<string, unknown>, file: string, position: number, kind: RuleInfo['kind'], logsource: LogSource): RuleInfo {
  const title = text(document.title);
  if (!title) throw new RuleError("missing 'title'");
  const tags = texts(document.tags, 'tags');
  const { techniques, tactics } = attackMapping(tags);
  return {
    id: text(document.id) || `${file}:${position}`,
    title,
    file,
    level: parseLevel(document.level),
    status: text(document.status),
    description: text(document.description),
    falsepositives: texts(document.falsepositives, 'falsepositives'),
    references: texts(document.references, 'references'),
    techniques,
    tactics,
    kind,
    logsource,
  };
}
