import { describe, expect, it } from 'vitest';
import type { ReportTechnique } from '../../../src/engine/report';
import { OTHER_TACTIC, layoutMatrix, levelHeat, matrixSummary, techniqueRules } from '../../../src/ui/case/matrix-layout';
import { sampleReport, tactics } from './report-fixture';

function technique(id: string, overrides: Partial<ReportTechnique> = {}): ReportTechnique {
  return { id, name: id, tactics: [], rule_ids: [], event_ids: [], event_count: 1, attestation_ids: [], max_level: 'medium', ...overrides };
}

describe('layoutMatrix', () => {
  it('keeps every tactic column in the report order, empty ones included', () => {
    const report = sampleReport();
    const columns = layoutMatrix(report.tactics, report.techniques);
    expect(columns.map((column) => column.shortname)).toEqual(report.tactics.map((tactic) => tactic.shortname));
    expect(columns.find((column) => column.shortname === 'execution')?.cells.map((cell) => cell.technique.id)).toEqual(['T1059.001']);
    expect(columns.find((column) => column.shortname === 'reconnaissance')?.cells).toEqual([]);
  });

  it('puts the hottest technique first, then the most events, then the id', () => {
    const techniques = [
      technique('T1005', { max_level: 'medium', event_count: 2 }),
      technique('T1003', { max_level: 'critical', event_count: 1 }),
      technique('T1002', { max_level: 'medium', event_count: 9 }),
      technique('T1001', { max_level: 'medium', event_count: 2 }),
    ];
    const columns = layoutMatrix(tactics({ execution: ['T1005', 'T1003', 'T1002', 'T1001'] }), techniques);
    const execution = columns.find((column) => column.shortname === 'execution');
    expect(execution?.cells.map((cell) => cell.technique.id)).toEqual(['T1003', 'T1002', 'T1001', 'T1005']);
    expect(execution?.cells.map((cell) => cell.heat)).toEqual([4, 2, 2, 2]);
  });

  it('shows a technique under each tactic that lists it, once per column', () => {
    const columns = layoutMatrix(tactics({ persistence: ['T1053', 'T1053'], execution: ['T1053'] }), [technique('T1053')]);
    expect(columns.filter((column) => column.cells.length).map((column) => column.shortname)).toEqual(['execution', 'persistence']);
    expect(columns.find((column) => column.shortname === 'persistence')?.cells).toHaveLength(1);
  });

  it('adds an Other column for techniques no tactic lists, and skips ids without data', () => {
    const columns = layoutMatrix(tactics({ execution: ['T1059', 'T9999'] }), [technique('T1059'), technique('T1204')]);
    const last = columns[columns.length - 1];
    expect(last.shortname).toBe(OTHER_TACTIC.shortname);
    expect(last.cells.map((cell) => cell.technique.id)).toEqual(['T1204']);
    expect(columns.find((column) => column.shortname === 'execution')?.cells.map((cell) => cell.technique.id)).toEqual(['T1059']);
  });

  it('has no Other column when every technique is placed', () => {
    const report = sampleReport();
    expect(layoutMatrix(report.tactics, report.techniques).some((column) => column.shortname === OTHER_TACTIC.shortname)).toBe(false);
  });
});

describe('levelHeat and matrixSummary', () => {
  it('ranks levels from informational to critical', () => {
    expect(['informational', 'low', 'medium', 'high', 'critical'].map((level) => levelHeat(level as never))).toEqual([0, 1, 2, 3, 4]);
  });
  it('counts distinct techniques and the tactics they reach', () => {
    const columns = layoutMatrix(tactics({ execution: ['T1053'], persistence: ['T1053', 'T1547'] }), [technique('T1053'), technique('T1547')]);
    expect(matrixSummary(columns)).toEqual({ techniques: 2, tactics: 2 });
  });
});

describe('techniqueRules', () => {
  const attestations = new Map([
    ['a1', { rule_id: 'r1', rule_title: 'Rule one' }],
    ['a2', { rule_id: 'r2', rule_title: 'Rule two' }],
    ['a3', { rule_id: 'r1', rule_title: 'Rule one' }],
  ]);
  it('groups attestations under their rule in the technique rule order', () => {
    const rules = techniqueRules({ rule_ids: ['r2', 'r1'], attestation_ids: ['a1', 'a2', 'a3'] }, (id) => attestations.get(id));
    expect(rules).toEqual([
      { ruleId: 'r2', title: 'Rule two', attestationIds: ['a2'] },
      { ruleId: 'r1', title: 'Rule one', attestationIds: ['a1', 'a3'] },
    ]);
  });
  it('keeps a listed rule without attestation in the report, titled by its id', () => {
    const rules = techniqueRules({ rule_ids: ['r9'], attestation_ids: ['missing'] }, (id) => attestations.get(id));
    expect(rules).toEqual([{ ruleId: 'r9', title: 'r9', attestationIds: [] }]);
  });
});
