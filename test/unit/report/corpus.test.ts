import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTriage } from '../../../src/engine/case/triage';
import { buildCaseReport, renderCaseReport, type CaseReport } from '../../../src/engine/report';
import { compileRuleSet, shippedRuleSources } from '../../../src/engine/rules';

const corpus = path.resolve(process.cwd(), '../shared/corpus');
const samples = [
  'evtx/EVTX-ATTACK-SAMPLES/AutomatedTestingTools/Malware/rundll32_cmd_schtask.evtx',
  'sysmon-xml/EVTX-ATTACK-SAMPLES/DE_BYOV_Zam64_CA_Memdump_sysmon_7_10.wevtutil.xml',
  'eml/phishing_pot/sample-1050.eml',
  'pcap/PCAP-ATTACK/CredAccess/DCSync_krbtgt_dcerpc_smb.pcapng',
];
const present = existsSync(corpus) && samples.every((sample) => existsSync(path.join(corpus, sample)));
if (!present) console.warn(`corpus not found at ${corpus}: skipping the report tests on real triaged cases`);

const dir = mkdtempSync(path.join(tmpdir(), 'soc-triage-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function triage(sample: string): Promise<CaseReport> {
  const bytes = readFileSync(path.join(corpus, sample));
  const triaged = await runTriage([{ name: path.basename(sample), blob: new Blob([bytes]) }], {
    id: 'corpus-case',
    title: path.basename(sample),
    rules: compileRuleSet(shippedRuleSources()),
  });
  return buildCaseReport(triaged);
}

describe.skipIf(!present)('reports of real triaged cases', () => {
  it.each(samples)('renders every format for %s', async (sample) => {
    const report = await triage(sample);
    expect(report.verdict).not.toBe('pending');
    expect(report.counts.events).toBeGreaterThan(0);

    const html = renderCaseReport(report, 'html') as string;
    expect(html).not.toMatch(/<script/i);
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
    for (const [, href] of html.matchAll(/href="#([^"]+)"/g)) expect(ids.has(href), href).toBe(true);
    for (const indicator of report.indicators) {
      if (indicator.defanged !== indicator.value) expect(html).toContain(indicator.defanged.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
    }

    const csv = renderCaseReport(report, 'csv') as string;
    expect(csv.startsWith('ts,event_id,')).toBe(true);

    const layer = JSON.parse(renderCaseReport(report, 'navigator') as string);
    expect(new Set(layer.techniques.map((t: { techniqueID: string }) => t.techniqueID))).toEqual(new Set(report.techniques.map((t) => t.id)));

    const bundle = JSON.parse(renderCaseReport(report, 'stix') as string);
    const kept = report.indicators.filter((indicator) => !indicator.false_positive).length;
    expect(bundle.objects.filter((o: { type: string }) => o.type === 'indicator')).toHaveLength(kept);

    const file = path.join(dir, `${path.basename(sample)}.pdf`);
    writeFileSync(file, renderCaseReport(report, 'pdf'));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Verdict: (Incident|Suspicious|Tuning needed|Noise)/);
    for (const technique of report.techniques) expect(text).toContain(technique.id);
  });
});
