#!/usr/bin/env node
// Regenerates mitre/tactics.json and mitre/techniques.json from the ATT&CK reference tables, and refreshes the
// `name` and `tactics` of every entry in mitre/subset.json (its hand-written fields are kept as they are).
// Usage: node mitre/generate.mjs <folder holding tactics.tsv and techniques.tsv>
// The shipped JSON is self-contained: nothing reads the reference folder at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const referenceDir = process.argv[2];
if (!referenceDir) {
  console.error('usage: node mitre/generate.mjs <mitre-reference folder>');
  process.exit(2);
}

/** Reads a TSV whose comment lines start with '#' and whose first other line names the columns. */
function readTsv(file) {
  const lines = readFileSync(join(referenceDir, file), 'utf8').split(/\r?\n/).filter((l) => l && !l.startsWith('#'));
  const header = lines[0].split('\t');
  const comments = readFileSync(join(referenceDir, file), 'utf8').split(/\r?\n/).filter((l) => l.startsWith('#'));
  const rows = lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
  return { rows, comments };
}

const VERSION = 'Enterprise ATT&CK v19.1';
const NOTICE =
  '© 2026 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.';

const tactics = readTsv('tactics.tsv').rows.map((r) => ({
  id: r.id,
  shortname: r.shortname,
  name: r.name,
  order: Number(r.order),
}));
writeFileSync(
  join(here, 'tactics.json'),
  JSON.stringify({ version: VERSION, notice: NOTICE, tactics }, null, 1) + '\n',
);

const techniqueRows = readTsv('techniques.tsv').rows;
const techniques = techniqueRows.map((r) => {
  const entry = { id: r.id, name: r.name, status: r.status };
  if (r.tactics) entry.tactics = r.tactics.split(',');
  if (r.revoked_by) entry.revokedBy = r.revoked_by;
  return entry;
});
writeFileSync(
  join(here, 'techniques.json'),
  '{"version":' + JSON.stringify(VERSION) + ',"notice":' + JSON.stringify(NOTICE) + ',"techniques":[\n' +
    techniques.map((t) => JSON.stringify(t)).join(',\n') +
    '\n]}\n',
);

const byId = new Map(techniqueRows.map((r) => [r.id, r]));
const subsetFile = join(here, 'subset.json');
const subset = JSON.parse(readFileSync(subsetFile, 'utf8'));
subset.techniques = subset.techniques.map((entry) => {
  const row = byId.get(entry.id);
  if (!row || row.status !== 'active') throw new Error(`subset.json: ${entry.id} is not an active technique`);
  const { id, description, telemetry, why } = entry;
  return { id, name: row.name, tactics: row.tactics.split(','), description, telemetry, why };
});
writeFileSync(
  subsetFile,
  JSON.stringify({ version: VERSION, notice: NOTICE, techniques: subset.techniques }, null, 2) + '\n',
);
console.log(`tactics ${tactics.length}, techniques ${techniques.length}, subset ${subset.techniques.length}`);
