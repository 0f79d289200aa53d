/**
 * Runs the shipped rules over the evtx and sysmon-xml references of the dev corpus (`.ref.jsonl`: every record's
 * System values and EventData/UserData as JSON) through the real Windows normalizer, and reports
 *  - recall: how many labelled attack files get their labelled technique (or its parent, or a sub-technique of it)
 *    attested, and
 *  - the hits above `medium` on benign files, which must be none: levels have to stay honest on ordinary logs.
 * Only the benign condition is asserted; the recall figures are printed for tuning.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_LEVELS, type Attestation } from '../../../src/engine/case/attestation';
import type { NormalizedEvent } from '../../../src/engine/events';
import { resolveTechniqueId, techniqueInfo } from '../../../src/engine/mitre';
import { normalizeWindowsEvent, type WindowsRecord } from '../../../src/engine/parsers/windows/normalize';
import { compileRuleSet, shippedRuleSources } from '../../../src/engine/rules';
import { attestAll } from './rule-test-events';
import { readManifest, type ManifestRow } from '../../helpers/manifest';

const corpusDir = path.resolve(process.cwd(), '../shared/corpus');
const manifestPath = path.join(corpusDir, 'MANIFEST.tsv');
const hasCorpus = existsSync(manifestPath);
if (!hasCorpus) console.warn(`rules: ${corpusDir} absent, skipping the corpus label check of the shipped rules`);

interface ReferenceRecord {
  EventRecordID?: number | string;
  EventID?: number | string;
  SystemTime?: string;
  Computer?: string;
  Channel?: string;
  Provider?: string;
  EventData?: Record<string, unknown> | null;
  UserData?: Record<string, unknown> | null;
  UserDataRoot?: string;
}

const WINDOWS_FORMATS = new Set(['evtx', 'sysmon-xml']);

/**
 * The reference tools zero-pad hex integers to the type width (`0x00001010`); Windows, and so our EVTX parser,
 * render them unpadded (`0x1010`). Unpadding here keeps the check faithful to what the product sees.
 */
function asWindowsRenders(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  const hex = /^0x0*([0-9a-f]+)$/i.exec(text);
  return hex ? `0x${hex[1]}` : text;
}

function toWindowsRecord(reference: ReferenceRecord): WindowsRecord {
  const system: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    if (value !== undefined && value !== null) system[name] = String(value);
  };
  put('EventID', reference.EventID);
  put('EventRecordID', reference.EventRecordID);
  put('Channel', reference.Channel);
  put('Computer', reference.Computer);
  put('Provider_Name', reference.Provider);
  put('TimeCreated_SystemTime', reference.SystemTime);
  const payload = reference.EventData ?? reference.UserData ?? null;
  const data: Array<[string | null, string]> = payload
    ? Object.entries(payload).map(([name, value]) => [/^Data\[\d+\]$/.test(name) ? null : name, asWindowsRenders(value)])
    : [];
  if (reference.EventData) return { system, data, dataRoot: 'EventData' };
  if (reference.UserData) return { system, data, dataRoot: 'UserData', userDataRoot: reference.UserDataRoot };
  return { system, data, dataRoot: null };
}

function readEvents(row: ManifestRow, fileIndex: number): NormalizedEvent[] {
  const text = readFileSync(path.join(corpusDir, `${row.relpath}.ref.jsonl`), 'utf8');
  const source = row.format === 'evtx' ? 'evtx' : 'sysmon-xml';
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, position) => {
      const record = toWindowsRecord(JSON.parse(line) as ReferenceRecord);
      const id = `${fileIndex}:${position}`;
      return normalizeWindowsEvent(record, source, { file: row.relpath, offset: position }, id);
    });
}

/** A label counts as attested by itself, its parent, or one of its sub-techniques (more specific is still right). */
function labelAttested(label: string, attested: ReadonlySet<string>): boolean {
  const id = resolveTechniqueId(label);
  if (!id) return false;
  const parent = techniqueInfo(id)?.parent;
  return [...attested].some((technique) => technique === id || technique === parent || technique.startsWith(`${id}.`));
}

const levelRank = (level: string) => RULE_LEVELS.indexOf(level as (typeof RULE_LEVELS)[number]);
const MEDIUM = levelRank('medium');

describe.skipIf(!hasCorpus)('shipped rules on the dev corpus', () => {
  const set = compileRuleSet(shippedRuleSources());
  const rows = hasCorpus
    ? readManifest(manifestPath).filter((row) => WINDOWS_FORMATS.has(row.format) && existsSync(path.join(corpusDir, `${row.relpath}.ref.jsonl`)))
    : [];

  it('fires nothing above medium on benign files', () => {
    const loud: string[] = [];
    rows.forEach((row, index) => {
      if (row.label !== 'benign') return;
      for (const attestation of attestAll(set, readEvents(row, index))) {
        if (levelRank(attestation.level) > MEDIUM) loud.push(`${row.relpath}: ${attestation.ruleTitle} (${attestation.level})`);
      }
    });
    expect(loud).toEqual([]);
  });

  it('reports technique recall on labelled attack files', () => {
    let files = 0;
    let filesHit = 0;
    let labels = 0;
    let labelsHit = 0;
    const missed: string[] = [];
    rows.forEach((row, index) => {
      if (!/^T\d{4}/.test(row.label)) return;
      const attestations: Attestation[] = attestAll(set, readEvents(row, index));
      const attested = new Set(attestations.flatMap((a) => a.techniques));
      const fileLabels = row.label.split(';');
      const hits = fileLabels.filter((label) => labelAttested(label, attested));
      files++;
      labels += fileLabels.length;
      labelsHit += hits.length;
      if (hits.length > 0) filesHit++;
      else missed.push(`${row.label}\t${row.relpath}\t[${[...attested].join(',')}]`);
    });
    const percent = (part: number, whole: number) => (whole ? ((100 * part) / whole).toFixed(1) : '0');
    console.log(
      `corpus recall: files with a labelled technique attested ${filesHit}/${files} (${percent(filesHit, files)}%), ` +
        `labels attested ${labelsHit}/${labels} (${percent(labelsHit, labels)}%)\nmissed files:\n${missed.join('\n')}`,
    );
    expect(files).toBeGreaterThan(0);
  });
});
