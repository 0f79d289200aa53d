import type { AssetContext } from '../../engine/case';
import type { RuleSource } from '../../engine/rules';
import type { GroupingSetting } from './intake-plan';

export type Theme = 'dark' | 'light';

export interface Settings {
  theme: Theme;
  grouping: GroupingSetting;
  /** Shipped rule categories switched off. */
  disabledCategories: string[];
  /** Sigma files the analyst added (dropped .yml files or the settings picker). */
  userRules: RuleSource[];
  assets: AssetContext;
}

export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  grouping: 'auto',
  disabledCategories: [],
  userRules: [],
  assets: { criticality: {}, roles: {} },
};

/** localStorage holds a few MiB per origin: user rules beyond this total are refused with a message. */
export const MAX_USER_RULE_BYTES = 1024 * 1024;
/** Asset criticality runs from 1 (lab) to 5 (crown jewel), as AssetContext documents. */
export const MIN_CRITICALITY = 1;
export const MAX_CRITICALITY = 5;

const GROUPINGS: readonly GroupingSetting[] = ['auto', 'batch', 'per-file', 'per-host'];

/** Reads stored settings defensively: whatever is missing or malformed falls back to the default. */
export function parseSettings(text: string | null): Settings {
  let raw: unknown;
  try {
    raw = text ? JSON.parse(text) : {};
  } catch {
    raw = {};
  }
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const assets = (value.assets && typeof value.assets === 'object' ? value.assets : {}) as Record<string, unknown>;
  return {
    theme: value.theme === 'light' ? 'light' : 'dark',
    grouping: GROUPINGS.includes(value.grouping as GroupingSetting) ? (value.grouping as GroupingSetting) : 'auto',
    disabledCategories: stringArray(value.disabledCategories),
    userRules: Array.isArray(value.userRules)
      ? value.userRules.filter((rule): rule is RuleSource =>
        !!rule && typeof rule === 'object' && typeof rule.file === 'string' && typeof rule.text === 'string')
      : [],
    assets: {
      criticality: criticalityMap(assets.criticality),
      roles: stringMap(assets.roles),
    },
  };
}

export function clampCriticality(value: number): number {
  if (!Number.isFinite(value)) return MIN_CRITICALITY;
  return Math.min(MAX_CRITICALITY, Math.max(MIN_CRITICALITY, Math.round(value)));
}

/** Adds or replaces user rules by file name; refuses the lot if the total would exceed the storage budget. */
export function addUserRules(current: readonly RuleSource[], added: readonly RuleSource[]): RuleSource[] | string {
  const byFile = new Map(current.map((rule) => [rule.file, rule]));
  for (const rule of added) byFile.set(rule.file, rule);
  const rules = [...byFile.values()];
  const bytes = rules.reduce((sum, rule) => sum + rule.text.length * 2, 0);
  if (bytes > MAX_USER_RULE_BYTES) return `user rules would take ${Math.round(bytes / 1024)} KiB; the limit is ${MAX_USER_RULE_BYTES / 1024} KiB`;
  return rules;
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

function criticalityMap(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, item] of Object.entries(value)) if (typeof item === 'number') out[key] = clampCriticality(item);
  return out;
}
