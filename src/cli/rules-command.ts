import { compileRuleSet } from '../engine/rules';
import { readRuleSources } from './rule-files';

/** `soc-triage rules --check DIR`: compiles every rule and prints what failed and why. */
export function runRulesCheck(dir: string): number {
  let sources;
  try {
    sources = readRuleSources(dir);
  } catch (error) {
    process.stderr.write(`soc-triage: cannot read rules from ${dir}: ${error instanceof Error ? error.message : error}\n`);
    return 2;
  }
  const set = compileRuleSet(sources);
  const failed = set.errors.map((error) => ({ file: error.file, reason: error.rule ? `${error.rule}: ${error.reason}` : error.reason }));
  process.stdout.write(JSON.stringify({ total: set.total, compiled: set.compiled, failed }) + '\n');
  return failed.length ? 1 : 0;
}
