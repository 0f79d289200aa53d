import { compileRuleSet, shippedRuleSources, type RuleSet } from '../src/engine/rules';
import { chooser } from '../test/helpers/seeded-random';
import { RULE_CASES, type RuleCase } from './rules-cases';
import { benchFiles, corpusFiles, heldThroughput, largeEvtx, parsedEvents, pipelineThroughput, type Throughput } from './rules-measure';
import { generatedRuleSources, SYNTHETIC_EVENTS, syntheticEvent } from './rules-workload';

/**
 * One measurement of the rules bench, in a process of its own (`bench/rules.ts` runs each): `node
 * dist-bench/rules-case.js CASE CORPUS_DIR`. Prints one line, or `skipped: ...` when its input is missing.
 */

/** The case's figures (`label` adds to the case's own), or why it could not run. */
async function measure(ruleCase: RuleCase, set: RuleSet, corpusDir: string): Promise<(Throughput & { label?: string }) | string> {
  switch (ruleCase.events) {
    case 'synthetic': {
      const choose = chooser(42);
      return heldThroughput(set, Array.from({ length: SYNTHETIC_EVENTS }, (_, index) => syntheticEvent(index, choose)));
    }
    case 'corpus-held':
    case 'corpus-files': {
      const paths = corpusFiles(corpusDir);
      if (paths.length === 0) return `no EVTX or Sysmon XML files under ${corpusDir}`;
      const files = await benchFiles(paths);
      if (ruleCase.events === 'corpus-held') return heldThroughput(set, await parsedEvents(files));
      const outcome = await pipelineThroughput(set, files);
      return { ...outcome, label: `${files.length} files, ${(outcome.events / files.length).toFixed(0)} events per file on average` };
    }
    case 'large-file': {
      const file = largeEvtx(corpusDir);
      return file === null ? `no EVTX files under ${corpusDir}` : pipelineThroughput(set, [file]);
    }
  }
}

const [id, corpusDir = ''] = process.argv.slice(2);
const ruleCase = RULE_CASES.find((candidate) => candidate.id === id);
if (!ruleCase) throw new Error(`unknown rules bench case ${id}: one of ${RULE_CASES.map((candidate) => candidate.id).join(', ')}`);
const set = compileRuleSet(ruleCase.rules === 'shipped' ? shippedRuleSources() : generatedRuleSources());
const outcome = await measure(ruleCase, set, corpusDir);
const rules = ruleCase.rules === 'shipped' ? `shipped rules (${set.compiled})` : `${set.compiled} generated rules`;
if (typeof outcome === 'string') {
  console.log(`${ruleCase.label}, ${rules}: skipped, ${outcome}`);
} else {
  const format = (value: number) => value.toLocaleString('en-US');
  console.log(
    `${ruleCase.label} (${format(outcome.events)} events${outcome.label ? `, ${outcome.label}` : ''}), ${rules}: ${format(outcome.rate)} events/s ` +
      `(median of ${outcome.passes} passes, middle half ${format(outcome.quartiles[0])}-${format(outcome.quartiles[1])}; ` +
      `${format(outcome.cpuRate)} per CPU second over all; ${Math.round(outcome.finishShare * 100)}% in correlations), ` +
      `${outcome.attestations} attestations per pass`,
  );
}
