/**
 * Triage of every labelled mail of the dev corpus through the real pipeline (mail parser, shipped rules, verdict),
 * as `label-triage.mjs` measures it: phishing should read `incident` or `suspicious`, ham `tuning` or `noise`. The
 * ham figure is asserted (levels must stay honest on ordinary mail); the phishing figure and every miss with the
 * rules it did match are printed for tuning, since the dev set is not the measure.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTriage } from '../../../src/engine/case/triage';
import { compileRuleSet, shippedRuleSources } from '../../../src/engine/rules';
import { readManifest } from '../../helpers/manifest';

const corpusDir = path.resolve(process.cwd(), '../shared/corpus');
const manifestPath = path.join(corpusDir, 'MANIFEST.tsv');
const hasCorpus = existsSync(manifestPath);
if (!hasCorpus) console.warn(`eml: ${corpusDir} absent, skipping the corpus verdict check of the mail rules`);

/** Share of ham that must stay quiet, the figure issue 5 asks for. */
const MIN_QUIET_HAM = 0.9;

function labelledMail(): { file: string; phishing: boolean }[] {
  return readManifest(manifestPath)
    .filter((row) => row.format === 'eml' && /^(phishing|ham)$/.test(row.label))
    .map((row) => ({ file: path.join(corpusDir, row.relpath), phishing: row.label === 'phishing' }));
}

describe.skipIf(!hasCorpus)('mail verdicts on the dev corpus', () => {
  it(`keeps at least ${MIN_QUIET_HAM * 100}% of ham quiet and reports the phishing flagged`, async () => {
    const rules = compileRuleSet(shippedRuleSources());
    const tally = { phishing: 0, flagged: 0, ham: 0, quiet: 0 };
    const misses: string[] = [];
    for (const { file, phishing } of labelledMail()) {
      const triage = await runTriage([{ name: path.basename(file), blob: new Blob([readFileSync(file)]) }], { id: 'c', title: 't', rules });
      const verdict = triage.verdict?.verdict ?? 'none';
      const flagged = verdict === 'incident' || verdict === 'suspicious';
      const matched = [...new Set(triage.attestations.map((attestation) => `${attestation.level} ${attestation.ruleTitle}`))];
      if (phishing) {
        tally.phishing++;
        if (flagged) tally.flagged++;
        else misses.push(`missed ${path.basename(file)} (${verdict}): ${matched.join(' | ') || 'no rule'}`);
      } else {
        tally.ham++;
        if (!flagged) tally.quiet++;
        if (!flagged && matched.length > 0) misses.push(`ham ${path.basename(file)} (${verdict}): ${matched.join(' | ')}`);
        else if (flagged) misses.push(`false alarm ${path.basename(file)} (${verdict}): ${matched.join(' | ')}`);
      }
    }
    console.log(`eml corpus: ${tally.flagged}/${tally.phishing} phishing flagged, ${tally.quiet}/${tally.ham} ham quiet\n${misses.join('\n')}`);
    expect(tally.ham).toBeGreaterThan(0);
    expect(tally.quiet / tally.ham).toBeGreaterThanOrEqual(MIN_QUIET_HAM);
  });
});
