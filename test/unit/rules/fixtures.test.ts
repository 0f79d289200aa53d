/**
 * Every shipped rule file has a positive and a negative fixture in test/fixtures/rules/<file stem>/. The positive one
 * must make every alerting rule of that file fire (correlation base rules only feed their correlations) and attest
 * only the techniques the file's rules carry; the negative one, a near miss, must make none of them fire. Also checks
 * the metadata every alert depends on.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveTacticShortname, resolveTechniqueId } from '../../../src/engine/mitre';
import { compileRuleSet, shippedRuleSources, type RuleInfo } from '../../../src/engine/rules';
import { attestAll, toNormalizedEvent, type FixtureEvent } from './rule-test-events';

const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/rules');
const MIN_RULE_FILES = 30;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const sources = shippedRuleSources();
const set = compileRuleSet(sources);

const rulesByFile = new Map<string, RuleInfo[]>();
for (const rule of set.rules) rulesByFile.set(rule.file, [...(rulesByFile.get(rule.file) ?? []), rule]);

const stemOf = (file: string) => path.basename(file, '.yml');

function readFixture(file: string, which: 'positive' | 'negative') {
  const fixtureFile = path.join(FIXTURE_DIR, stemOf(file), `${which}.json`);
  const partials = JSON.parse(readFileSync(fixtureFile, 'utf8')) as FixtureEvent[];
  return partials.map((partial, position) => toNormalizedEvent(partial, position, fixtureFile));
}

type Document = Record<string, unknown>;

function documentsOf(text: string): Document[] {
  return parseAllDocuments(text).map((document) => document.toJS() as Document);
}

/** Base rules of a correlation are referenced by name from a correlation document of the same file. */
function baseRuleNames(documents: Document[]): Set<string> {
  const names = new Set<string>();
  for (const document of documents) {
    const correlation = document.correlation as { rules?: unknown } | undefined;
    if (correlation && Array.isArray(correlation.rules)) correlation.rules.forEach((name) => names.add(String(name)));
  }
  return names;
}

describe('shipped rule set', () => {
  it('loads without errors', () => {
    expect(set.errors).toEqual([]);
    expect(set.compiled).toBe(set.total);
  });

  it(`has at least ${MIN_RULE_FILES} rule files, each with a fixture folder`, () => {
    expect(sources.length).toBeGreaterThanOrEqual(MIN_RULE_FILES);
    for (const { file } of sources) {
      expect(existsSync(path.join(FIXTURE_DIR, stemOf(file), 'positive.json')), `${file}: positive fixture`).toBe(true);
      expect(existsSync(path.join(FIXTURE_DIR, stemOf(file), 'negative.json')), `${file}: negative fixture`).toBe(true);
    }
    expect(new Set(sources.map(({ file }) => stemOf(file))).size).toBe(sources.length);
  });

  it('gives every alerting rule a UUID, description, tags that resolve, level and false positives', () => {
    const ids = new Set<string>();
    for (const { file, text } of sources) {
      const documents = documentsOf(text);
      const bases = baseRuleNames(documents);
      for (const document of documents) {
        const label = `${file}: ${String(document.title)}`;
        expect(String(document.id), label).toMatch(UUID_V4);
        expect(ids.has(String(document.id)), `${label}: duplicate id`).toBe(false);
        ids.add(String(document.id));
        expect(document.author, label).toBe('SOC Triage');
        expect(String(document.description ?? '').length, label).toBeGreaterThan(20);
        if (typeof document.name === 'string' && bases.has(document.name)) continue;
        const tags = (document.tags ?? []) as string[];
        const techniqueTags = tags.filter((tag) => /^attack\.t\d{4}/.test(tag));
        const tacticTags = tags.filter((tag) => tag.startsWith('attack.') && !/^attack\.t\d{4}/.test(tag));
        expect(techniqueTags.length, `${label}: technique tags`).toBeGreaterThan(0);
        expect(tacticTags.length, `${label}: tactic tags`).toBeGreaterThan(0);
        for (const tag of techniqueTags) expect(resolveTechniqueId(tag), `${label}: ${tag}`).toBeDefined();
        for (const tag of tacticTags) expect(resolveTacticShortname(tag), `${label}: ${tag}`).toBeDefined();
        expect(['informational', 'low', 'medium', 'high', 'critical'], label).toContain(document.level);
        expect((document.falsepositives as unknown[] | undefined)?.length ?? 0, `${label}: falsepositives`).toBeGreaterThan(0);
      }
    }
  });
});

/** Ids of the rules of a file that raise alerts themselves: all but the base rules its correlations reference. */
function alertingRuleIds(text: string): Set<string> {
  const documents = documentsOf(text);
  const bases = baseRuleNames(documents);
  return new Set(documents.filter((document) => !(typeof document.name === 'string' && bases.has(document.name))).map((document) => String(document.id)));
}

describe.each(sources)('fixtures of $file', ({ file, text }) => {
  const rules = rulesByFile.get(file) ?? [];
  const ownIds = new Set(rules.map((rule) => rule.id));
  const ownTechniques = new Set(rules.flatMap((rule) => rule.techniques));

  it('positive fixture fires every alerting rule of this file and attests only their techniques', () => {
    const own = attestAll(set, readFixture(file, 'positive')).filter((attestation) => ownIds.has(attestation.ruleId));
    expect([...alertingRuleIds(text)].filter((id) => !own.some((attestation) => attestation.ruleId === id))).toEqual([]);
    for (const attestation of own) {
      expect(attestation.techniques.length).toBeGreaterThan(0);
      for (const technique of attestation.techniques) expect(ownTechniques.has(technique), technique).toBe(true);
    }
  });

  it('negative fixture fires no rule of this file', () => {
    const own = attestAll(set, readFixture(file, 'negative')).filter((attestation) => ownIds.has(attestation.ruleId));
    expect(own.map((attestation) => attestation.ruleTitle)).toEqual([]);
  });
});
