import { compileRuleSet, shippedRuleSources, type RuleSet, type RuleSource } from '../../engine/rules';
import type { RuleCatalog, RuleChoice } from '../bridge/protocol';

/** The category of a shipped rule is its first folder under rules/ (`credential-access/lsass-dump.yml`). */
export function ruleCategory(file: string): string {
  const slash = file.indexOf('/');
  return slash > 0 ? file.slice(0, slash) : 'uncategorized';
}

/**
 * Compiling every rule costs tens of milliseconds, and a drop of 400 files triages 400 cases with the same
 * choice: compiled sets are kept per choice, the last few only.
 */
export const CACHED_RULE_SETS = 4;

export class RuleSetCache {
  private readonly sets = new Map<string, RuleSet>();

  get(choice: RuleChoice): RuleSet {
    const key = JSON.stringify([choice.disabledCategories.slice().sort(), choice.user.map((rule) => [rule.file, rule.text])]);
    const cached = this.sets.get(key);
    if (cached) return cached;
    const shipped = shippedRuleSources();
    const sources = [...shipped, ...choice.user];
    const disabledCategories = new Set(choice.disabledCategories);
    const shippedFiles = new Set(shipped.map((source) => source.file));
    let set = compileRuleSet(sources);
    if (disabledCategories.size) {
      const disabled = set.rules
        .filter((rule) => shippedFiles.has(rule.file) && disabledCategories.has(ruleCategory(rule.file)))
        .map((rule) => rule.id);
      set = compileRuleSet(sources, { disabled });
    }
    this.sets.set(key, set);
    if (this.sets.size > CACHED_RULE_SETS) this.sets.delete(this.sets.keys().next().value as string);
    return set;
  }

  catalog(user: RuleSource[]): RuleCatalog {
    const shipped = shippedRuleSources();
    const shippedFiles = new Set(shipped.map((source) => source.file));
    const set = compileRuleSet([...shipped, ...user]);
    const counts = new Map<string, number>();
    for (const rule of set.rules) {
      if (!shippedFiles.has(rule.file)) continue;
      const category = ruleCategory(rule.file);
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    return {
      rules: [...set.rules],
      errors: [...set.errors],
      categories: [...counts].map(([name, rules]) => ({ name, rules })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
