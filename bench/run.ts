import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bench as corpusLabels } from './corpus-labels';
import { bench as evtx } from './evtx';
import { bench as pcap } from './pcap';
import { bench as pipeline } from './pipeline';
import { bench as rules } from './rules';
import { bench as sysmonXml } from './sysmon-xml';
import { bench as verdict } from './verdict';

/**
 * `npm run bench [-- SECTION...]`: prints the speed, memory and corpus figures the issues set targets for.
 * Benchmarks print figures; nothing here passes or fails.
 */
const SECTIONS: Record<string, { title: string; run: (corpusDir: string) => Promise<void>; needsCorpus: boolean }> = {
  'sysmon-xml': { title: 'Sysmon XML parse throughput (target >= 40 MB/s, memory flat in file size)', run: sysmonXml, needsCorpus: true },
  evtx: { title: 'EVTX parse throughput (targets: single >= 5x evtxexport, pool >= 1.7x single)', run: evtx, needsCorpus: true },
  pcap: { title: 'Packet capture parse throughput (pcap/pcapng to flows and application records)', run: pcap, needsCorpus: true },
  rules: { title: 'Rule evaluation throughput (target >= 500,000 events/s with the shipped rules, one core)', run: rules, needsCorpus: false },
  verdict: { title: 'Verdict synthesis', run: verdict, needsCorpus: false },
  pipeline: { title: 'End-to-end pipeline throughput (runTriage) and CPU time per stage', run: pipeline, needsCorpus: false },
  labels: { title: 'Corpus labels: technique recall (>= 70%), attack flagged and benign quiet (>= 90% each)', run: corpusLabels, needsCorpus: true },
};

const corpusDir = resolve(process.cwd(), '../shared/corpus');
const hasCorpus = existsSync(corpusDir);
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const name of wanted) if (!SECTIONS[name]) throw new Error(`unknown bench section ${name}: one of ${Object.keys(SECTIONS).join(', ')}`);

for (const [name, section] of Object.entries(SECTIONS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${section.title} ==`);
  if (section.needsCorpus && !hasCorpus) {
    console.log(`skipped: ${corpusDir} is absent`);
    continue;
  }
  await section.run(corpusDir);
}
