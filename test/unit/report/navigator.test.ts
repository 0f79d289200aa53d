import { describe, expect, it } from 'vitest';
import { TACTICS } from '../../../src/engine/mitre';
import { buildCaseReport, renderCaseReport } from '../../../src/engine/report';
import { pendingCase, sampleCase } from './fixtures';

type Json = Record<string, unknown>;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const TECHNIQUE_ID = /^T\d{4}(\.\d{3})?$/;

/**
 * Checks a layer against the ATT&CK Navigator layer format 4.5 (mitre-attack/attack-navigator,
 * layers/spec/v4.5/layerformat.md): required properties, types and enumerated values. Returns the problems found.
 */
function validateLayer(layer: Json): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  const isString = (value: unknown): value is string => typeof value === 'string';
  const isBool = (value: unknown): boolean => typeof value === 'boolean';
  const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
  const metadataList = (value: unknown, where: string): void => {
    check(Array.isArray(value), `${where}: metadata must be an array`);
    for (const item of (value as Json[]) ?? []) {
      check(item.divider === true || (isString(item.name) && isString(item.value)), `${where}: metadata item needs name and value strings`);
    }
  };
  check(isString(layer.name) && layer.name.length > 0, 'name is required');
  check(['enterprise-attack', 'mobile-attack', 'ics-attack'].includes(layer.domain as string), 'domain is required and enumerated');
  const versions = layer.versions as Json;
  check(typeof versions === 'object' && versions !== null, 'versions object');
  check(versions.layer === '4.5', 'versions.layer must be "4.5"');
  const navigator = isString(versions.navigator) ? versions.navigator.split('.').map(Number) : [];
  const atLeast490 = navigator.length === 3 && (navigator[0] - 4 || navigator[1] - 9 || navigator[2]) >= 0;
  check(atLeast490, 'versions.navigator is required, at least 4.9.0');
  check(versions.attack === undefined || isString(versions.attack), 'versions.attack is a string');
  check(layer.description === undefined || isString(layer.description), 'description is a string');
  check(layer.sorting === undefined || [0, 1, 2, 3].includes(layer.sorting as number), 'sorting in 0..3');
  check(layer.hideDisabled === undefined || isBool(layer.hideDisabled), 'hideDisabled boolean');
  const layout = layer.layout as Json | undefined;
  if (layout) {
    check(layout.layout === undefined || ['side', 'flat', 'mini'].includes(layout.layout as string), 'layout.layout enumerated');
    check(layout.aggregateFunction === undefined || ['average', 'min', 'max', 'sum'].includes(layout.aggregateFunction as string), 'aggregateFunction enumerated');
    check(layout.expandedSubtechniques === undefined || ['none', 'all', 'annotated'].includes(layout.expandedSubtechniques as string), 'expandedSubtechniques enumerated');
    for (const key of ['showID', 'showName', 'showAggregateScores', 'countUnscored']) check(layout[key] === undefined || isBool(layout[key]), `layout.${key} boolean`);
  }
  const gradient = layer.gradient as Json | undefined;
  if (gradient) {
    check(Array.isArray(gradient.colors) && gradient.colors.length >= 2 && gradient.colors.every((c) => isString(c) && HEX_COLOR.test(c)), 'gradient.colors: at least two hex colours');
    check(isNumber(gradient.minValue) && isNumber(gradient.maxValue) && gradient.maxValue > gradient.minValue, 'gradient maxValue > minValue');
  }
  for (const item of (layer.legendItems as Json[] | undefined) ?? []) check(isString(item.label) && isString(item.color), 'legend item label and color');
  for (const key of ['showTacticRowBackground', 'selectTechniquesAcrossTactics', 'selectSubtechniquesWithParent', 'selectVisibleTechniques']) {
    check(layer[key] === undefined || isBool(layer[key]), `${key} boolean`);
  }
  if (layer.metadata !== undefined) metadataList(layer.metadata, 'layer');
  check(layer.techniques === undefined || Array.isArray(layer.techniques), 'techniques array');
  for (const technique of (layer.techniques as Json[] | undefined) ?? []) {
    const where = String(technique.techniqueID);
    check(isString(technique.techniqueID) && TECHNIQUE_ID.test(technique.techniqueID), `${where}: techniqueID T#### or T####.###`);
    check(technique.tactic === undefined || (isString(technique.tactic) && /^[a-z-]+$/.test(technique.tactic)), `${where}: tactic shortname`);
    check(technique.score === undefined || isNumber(technique.score), `${where}: score number`);
    check(technique.color === undefined || (isString(technique.color) && (technique.color === '' || HEX_COLOR.test(technique.color))), `${where}: color`);
    check(technique.comment === undefined || isString(technique.comment), `${where}: comment string`);
    check(technique.enabled === undefined || isBool(technique.enabled), `${where}: enabled boolean`);
    check(technique.showSubtechniques === undefined || isBool(technique.showSubtechniques), `${where}: showSubtechniques boolean`);
    if (technique.metadata !== undefined) metadataList(technique.metadata, where);
  }
  return problems;
}

function layerOf(triaged = sampleCase()): Json {
  return JSON.parse(renderCaseReport(buildCaseReport(triaged), 'navigator') as string) as Json;
}

describe('ATT&CK Navigator layer', () => {
  it('validates against the layer format 4.5', () => {
    const layer = layerOf();
    expect(validateLayer(layer)).toEqual([]);
    expect(layer.versions).toEqual({ attack: '19', navigator: '5.1.0', layer: '4.5' });
    expect(layer.domain).toBe('enterprise-attack');
  });

  it('the validator rejects a broken layer', () => {
    const layer = layerOf();
    const broken = { ...layer, versions: { layer: '4.4' }, techniques: [{ techniqueID: 'T12', score: 'high' }], gradient: { colors: ['#fff'], minValue: 5, maxValue: 1 } };
    expect(validateLayer(broken)).toEqual([
      'versions.layer must be "4.5"',
      'versions.navigator is required, at least 4.9.0',
      'gradient.colors: at least two hex colours',
      'gradient maxValue > minValue',
      'T12: techniqueID T#### or T####.###',
      'T12: score number',
    ]);
    expect(validateLayer({ ...layer, versions: { layer: '4.5', navigator: '4.8.2' } })).toEqual(['versions.navigator is required, at least 4.9.0']);
  });

  it('has one entry per technique per tactic, scored and coloured by the highest rule level', () => {
    const techniques = layerOf().techniques as Json[];
    expect(techniques.map((t) => `${t.techniqueID}/${t.tactic}`)).toEqual(['T1059.001/execution', 'T1566.001/initial-access', 'T1053.005/persistence']);
    const powershell = techniques[0];
    expect(powershell).toMatchObject({ score: 100, enabled: true, showSubtechniques: false });
    expect(powershell.comment).toContain('Mail with script in the subject');
    expect(powershell.metadata).toContainEqual({ name: 'rule', value: 'rule-ps-encoded' });
    expect(techniques[2].score).toBe(60);
  });

  it('writes one entry per tactic for a technique shown under several, and only known tactics', () => {
    const triaged = sampleCase();
    triaged.attestations[1].tactics = ['discovery'];
    const entries = (layerOf(triaged).techniques as Json[]).filter((t) => t.techniqueID === 'T1053.005');
    expect(entries.map((t) => t.tactic).sort()).toEqual(['execution', 'persistence', 'privilege-escalation']);
    const known = new Set(TACTICS.map((t) => t.shortname));
    for (const entry of entries) expect(known.has(entry.tactic as string)).toBe(true);
  });

  it('defangs the conclusion in the description and handles a pending case', () => {
    expect(layerOf().description).toContain('hxxp[://]evil-domain[.]com');
    const pending = layerOf(pendingCase());
    expect(validateLayer(pending)).toEqual([]);
    expect(pending.description).toMatch(/^Verdict Pending/);
  });
});
