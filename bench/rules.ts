import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULE_CASES } from './rules-cases';

/**
 * Rule-evaluation throughput: events/s with the shipped rules and with 1,000 generated rules, over a synthetic mix and
 * the corpus's Windows events held in memory or evaluated as they are parsed. Each figure is measured in a process of
 * its own (`rules-case.ts`): in one process the second rule set ran 15 to 20% slower on the same events, its
 * functions already compiled for the first set's shapes, which a triage (one set of rules) never meets.
 */
export async function bench(corpusDir: string): Promise<void> {
  const entry = resolve(process.cwd(), 'dist-bench/rules-case.js');
  if (!existsSync(entry)) {
    console.log(`rules bench skipped: ${entry} is not built (vite build --mode bench)`);
    return;
  }
  for (const ruleCase of RULE_CASES) {
    if (ruleCase.events !== 'synthetic' && !existsSync(corpusDir)) {
      console.log(`${ruleCase.label}: skipped, no corpus at ${corpusDir}`);
      continue;
    }
    const run = spawnSync(process.execPath, [entry, ruleCase.id, corpusDir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const output = run.stdout.trim();
    if (run.status !== 0) console.log(`${ruleCase.label}, ${ruleCase.rules} rules: failed (exit ${run.status})\n${run.stderr.trim()}`);
    else console.log(output);
  }
}
