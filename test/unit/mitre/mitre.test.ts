import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SUBSET,
  TACTICS,
  resolveTacticShortname,
  resolveTechniqueId,
  tacticInfo,
  techniqueInfo,
} from '../../../src/engine/mitre';

const referenceDir = path.resolve(process.cwd(), '../shared/mitre-reference');
const hasReference = existsSync(path.join(referenceDir, 'techniques.tsv'));
if (!hasReference) console.warn(`mitre: ${referenceDir} absent, skipping the checks against the ATT&CK reference tables`);

function readTsv(file: string): Record<string, string>[] {
  const lines = readFileSync(path.join(referenceDir, file), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line && !line.startsWith('#'));
  const header = lines[0].split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
  });
}

describe('tactics', () => {
  it('lists the 15 v19.1 tactics in matrix order', () => {
    expect(TACTICS.map((t) => t.shortname)).toEqual([
      'reconnaissance', 'resource-development', 'initial-access', 'execution', 'persistence',
      'privilege-escalation', 'stealth', 'defense-impairment', 'credential-access', 'discovery',
      'lateral-movement', 'collection', 'command-and-control', 'exfiltration', 'impact',
    ]);
  });

  it('resolves Sigma tags, legacy names, underscores, display names and ids', () => {
    expect(resolveTacticShortname('attack.defense-evasion')).toBe('stealth');
    expect(resolveTacticShortname('defense_evasion')).toBe('stealth');
    expect(resolveTacticShortname('Defense Evasion')).toBe('stealth');
    expect(resolveTacticShortname('attack.stealth')).toBe('stealth');
    expect(resolveTacticShortname('attack.defense-impairment')).toBe('defense-impairment');
    expect(resolveTacticShortname('credential_access')).toBe('credential-access');
    expect(resolveTacticShortname('attack.command_and_control')).toBe('command-and-control');
    expect(resolveTacticShortname('TA0006')).toBe('credential-access');
    expect(resolveTacticShortname('ta0112')).toBe('defense-impairment');
    expect(resolveTacticShortname('Lateral Movement')).toBe('lateral-movement');
    expect(resolveTacticShortname('attack.t1003')).toBeUndefined();
    expect(resolveTacticShortname('persistance')).toBeUndefined();
  });

  it('describes a tactic by shortname or alias', () => {
    expect(tacticInfo('stealth')).toEqual({ id: 'TA0005', shortname: 'stealth', name: 'Stealth', order: 7 });
    expect(tacticInfo('defense-evasion')?.id).toBe('TA0005');
    expect(tacticInfo('nonsense')).toBeUndefined();
  });
});

describe('technique ids', () => {
  it('accepts Sigma tags and any case', () => {
    expect(resolveTechniqueId('attack.t1003.001')).toBe('T1003.001');
    expect(resolveTechniqueId('T1003.001')).toBe('T1003.001');
    expect(resolveTechniqueId('t1059')).toBe('T1059');
  });

  it('follows revocations to the current id', () => {
    expect(resolveTechniqueId('attack.t1562.001')).toBe('T1685');
    expect(resolveTechniqueId('T1070.001')).toBe('T1685.005');
    expect(resolveTechniqueId('T1562.002')).toBe('T1685.001');
    expect(resolveTechniqueId('T1672')).toBe('T1684.002');
    expect(resolveTechniqueId('T1060')).toBe('T1547.001');
  });

  it('rejects deprecated, unknown and malformed ids', () => {
    expect(resolveTechniqueId('T1064')).toBeUndefined();
    expect(resolveTechniqueId('T9999')).toBeUndefined();
    expect(resolveTechniqueId('attack.defense-evasion')).toBeUndefined();
    expect(resolveTechniqueId('attack.g0016')).toBeUndefined();
    expect(resolveTechniqueId('T1003.1')).toBeUndefined();
  });

  it('describes active techniques with parent, and the subset with description and telemetry', () => {
    const lsass = techniqueInfo('T1003.001');
    expect(lsass?.name).toBe('LSASS Memory');
    expect(lsass?.parent).toBe('T1003');
    expect(lsass?.inSubset).toBe(true);
    expect(lsass?.description).toMatch(/LSASS/);
    expect(lsass?.telemetry?.length).toBeGreaterThan(0);
    const parent = techniqueInfo('T1003');
    expect(parent?.parent).toBeUndefined();
    expect(parent?.inSubset).toBe(false);
    expect(parent?.description).toBeUndefined();
    expect(techniqueInfo('T1562.001')).toBeUndefined();
  });
});

describe('subset', () => {
  it('has 80 distinct active techniques, each with description, telemetry and valid tactics', () => {
    expect(SUBSET).toHaveLength(80);
    expect(new Set(SUBSET.map((t) => t.id)).size).toBe(80);
    const shortnames = new Set(TACTICS.map((t) => t.shortname));
    for (const technique of SUBSET) {
      expect(technique.inSubset).toBe(true);
      expect(technique.description, technique.id).toBeTruthy();
      expect(technique.telemetry?.length, technique.id).toBeGreaterThan(0);
      expect(technique.tactics.length, technique.id).toBeGreaterThan(0);
      for (const tactic of technique.tactics) expect(shortnames.has(tactic), `${technique.id} ${tactic}`).toBe(true);
    }
  });
});

describe.skipIf(!hasReference)('agreement with the ATT&CK reference tables', () => {
  it('tactics match tactics.tsv', () => {
    const expected = readTsv('tactics.tsv').map((r) => ({ id: r.id, shortname: r.shortname, name: r.name, order: Number(r.order) }));
    expect([...TACTICS]).toEqual(expected);
  });

  it('every active technique has the name and tactics of techniques.tsv, and every revoked id resolves', () => {
    const rows = readTsv('techniques.tsv');
    let active = 0;
    for (const row of rows) {
      if (row.status === 'active') {
        active++;
        const info = techniqueInfo(row.id);
        expect(info?.name, row.id).toBe(row.name);
        expect(info?.tactics, row.id).toEqual(row.tactics.split(','));
        expect(resolveTechniqueId(row.id)).toBe(row.id);
      } else if (row.status === 'revoked') {
        const resolved = resolveTechniqueId(row.id);
        expect(resolved, row.id).toBeDefined();
        expect(techniqueInfo(resolved!), row.id).toBeDefined();
      } else {
        expect(resolveTechniqueId(row.id), row.id).toBeUndefined();
      }
    }
    expect(active).toBe(697);
  });

  it('subset ids, names and tactics match techniques.tsv exactly', () => {
    const byId = new Map(readTsv('techniques.tsv').map((r) => [r.id, r]));
    for (const technique of SUBSET) {
      const row = byId.get(technique.id);
      expect(row?.status, technique.id).toBe('active');
      expect(technique.name).toBe(row?.name);
      expect(technique.tactics).toEqual(row?.tactics.split(','));
    }
  });
});
