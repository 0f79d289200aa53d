import { existsSync, openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { runTriage } from '../src/engine/case/triage';
import { compileRuleSet, shippedRuleSources } from '../src/engine/rules';
import { resolveTechniqueId } from '../src/engine/mitre';
import { readManifest } from '../test/helpers/manifest';

/**
 * Same scoring as the project's measuring tool label-triage.mjs, run in-process so it is fast enough for a bench, except
 * that revoked label ids count under their ATT&CK v19.1 successors.
 */
export interface LabelScore {
  format: string;
  files: number;
  labelled: number;
  techniqueHits: number;
  attack: number;
  attackFlagged: number;
  benign: number;
  benignQuiet: number;
  /** Benign files on which a rule above `medium` fired. */
  benignLoud: number;
  msTotal: number;
  misses: string[];
}

/**
 * Label ids as ATT&CK v19.1 knows them: labels written before v19 use ids it revoked (T1562.001 became T1685), which
 * the rules attest under their successors. Ids the bundled data does not know are compared as written.
 */
const techniqueIds = (label: string): string[] =>
  (label.match(/T\d{4}(?:\.\d{3})?/gi) ?? []).map((id) => resolveTechniqueId(id) ?? id.toUpperCase());
const related = (a: string, b: string): boolean => a === b || a.split('.')[0] === b.split('.')[0];
const FLAGGED = new Set(['incident', 'suspicious']);

export async function scoreLabels(corpusDir: string, format: string): Promise<LabelScore> {
  const rules = compileRuleSet(shippedRuleSources());
  const score: LabelScore = { format, files: 0, labelled: 0, techniqueHits: 0, attack: 0, attackFlagged: 0, benign: 0, benignQuiet: 0, benignLoud: 0, msTotal: 0, misses: [] };
  for (const row of readManifest(join(corpusDir, 'MANIFEST.tsv'))) {
    const label = row.label;
    const path = join(corpusDir, row.relpath);
    if (row.format !== format || /^unlabel/i.test(label) || !existsSync(path)) continue;
    score.files++;
    const started = performance.now();
    const triaged = await runTriage([{ name: path, blob: await openAsBlob(path) }], { id: 'bench', title: path, rules });
    score.msTotal += performance.now() - started;
    const got = [...new Set(triaged.attestations.flatMap((attestation) => attestation.techniques))];
    const want = techniqueIds(label);
    if (want.length) {
      score.labelled++;
      if (want.some((w) => got.some((g) => related(g, w)))) score.techniqueHits++;
      else score.misses.push(`miss ${row.relpath}: want ${want} got ${got.join(',') || '-'}`);
    }
    const verdict = triaged.verdict?.verdict ?? 'none';
    if (/benign|ham/i.test(label)) {
      score.benign++;
      if (!FLAGGED.has(verdict)) score.benignQuiet++;
      else score.misses.push(`fp ${row.relpath}: ${verdict}`);
      const loud = triaged.attestations.filter((attestation) => attestation.level === 'high' || attestation.level === 'critical');
      if (loud.length) {
        score.benignLoud++;
        score.misses.push(`loud ${row.relpath}: ${[...new Set(loud.map((attestation) => attestation.ruleTitle))].join('; ')}`);
      }
    } else {
      score.attack++;
      if (FLAGGED.has(verdict)) score.attackFlagged++;
      else score.misses.push(`fn ${row.relpath}: ${verdict}`);
    }
  }
  return score;
}

const pct = (a: number, b: number): string => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');

/** Every labelled format of the corpus; the criterion is over all of them together. */
const FORMATS = ['evtx', 'sysmon-xml', 'text', 'eml', 'pcap'];

export async function bench(corpusDir: string): Promise<void> {
  const total = { files: 0, attack: 0, attackFlagged: 0, benign: 0, benignQuiet: 0, msTotal: 0 };
  for (const format of FORMATS) {
    const s = await scoreLabels(corpusDir, format);
    console.log(`${format}: ${s.files} labelled files; technique recall ${pct(s.techniqueHits, s.labelled)} (${s.techniqueHits}/${s.labelled}); ` +
      `attack flagged ${pct(s.attackFlagged, s.attack)} (${s.attackFlagged}/${s.attack}); benign quiet ${pct(s.benignQuiet, s.benign)} ` +
      `(${s.benignQuiet}/${s.benign}); benign files with a rule above medium ${s.benignLoud}; file to final verdict ${s.files ? (s.msTotal / s.files).toFixed(1) : 'n/a'} ms per file`);
    if (process.env.BENCH_VERBOSE) for (const miss of s.misses) console.log(`  ${miss}`);
    total.files += s.files;
    total.attack += s.attack;
    total.attackFlagged += s.attackFlagged;
    total.benign += s.benign;
    total.benignQuiet += s.benignQuiet;
    total.msTotal += s.msTotal;
  }
  console.log(`all formats: ${total.files} labelled files; attack flagged ${pct(total.attackFlagged, total.attack)} (${total.attackFlagged}/${total.attack}); ` +
    `benign quiet ${pct(total.benignQuiet, total.benign)} (${total.benignQuiet}/${total.benign}); file to final verdict ${total.files ? (total.msTotal / total.files).toFixed(1) : 'n/a'} ms per file`);
}
