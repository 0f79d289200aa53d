import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildCaseReport, renderCaseReport } from '../../../src/engine/report';
import { indicatorPattern, stixStringLiteral } from '../../../src/engine/report/render-stix';
import { sha1, uuidV5 } from '../../../src/engine/report/uuid';
import { pendingCase, QUOTED_URL, sampleCase } from './fixtures';

type Json = Record<string, unknown>;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const IDENTIFIER = new RegExp(`^([a-z][a-z0-9-]*[a-z0-9])--${UUID}$`);
/** STIX 2.1 3.2: RFC 3339, UTC, `Z`; created and modified to at least the millisecond. */
const TIMESTAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const TIMESTAMP_MS = /\.\d{3,}Z$/;
const SDO_REQUIRED: Record<string, string[]> = {
  identity: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  'attack-pattern': ['name'],
  grouping: ['context', 'object_refs'],
};

/**
 * STIX 2.1 9 (patterning), the subset we emit: `[object-type:path = 'literal']` where the path is `value` or
 * `hashes.NAME` (NAME quoted when it has a hyphen) and the literal escapes only `'` and `\`. Returns the literal.
 */
function parseComparison(pattern: string): { type: string; path: string; value: string } | null {
  const match = /^\[([a-z0-9-]+):((?:value)|(?:hashes\.(?:MD5|'SHA-1'|'SHA-256'))) = '(.*)'\]$/s.exec(pattern);
  if (!match) return null;
  let value = '';
  const literal = match[3];
  for (let i = 0; i < literal.length; i++) {
    if (literal[i] === '\\') {
      if (literal[i + 1] !== '\\' && literal[i + 1] !== "'") return null;
      value += literal[++i];
    } else if (literal[i] === "'") return null;
    else value += literal[i];
  }
  return { type: match[1], path: match[2], value };
}

function validateBundle(bundle: Json): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  check(bundle.type === 'bundle', 'bundle type');
  check(typeof bundle.id === 'string' && IDENTIFIER.test(bundle.id) && bundle.id.startsWith('bundle--'), 'bundle id');
  check(!('spec_version' in bundle), 'a 2.1 bundle has no spec_version');
  const objects = bundle.objects as Json[];
  check(Array.isArray(objects) && objects.length > 0, 'objects');
  const ids = new Set<string>();
  for (const object of objects) {
    const id = String(object.id);
    check(IDENTIFIER.test(id) && id.startsWith(`${String(object.type)}--`), `${id}: id is <type>--<uuid>`);
    check(!ids.has(id), `${id}: duplicate id`);
    ids.add(id);
    check(object.spec_version === '2.1', `${id}: spec_version 2.1`);
    for (const key of ['created', 'modified']) check(typeof object[key] === 'string' && TIMESTAMP.test(object[key] as string) && TIMESTAMP_MS.test(object[key] as string), `${id}: ${key} timestamp`);
    check(String(object.modified) >= String(object.created), `${id}: modified not before created`);
    for (const key of SDO_REQUIRED[String(object.type)] ?? ['(unexpected type)']) check(object[key] !== undefined, `${id}: ${key} is required`);
    if (object.confidence !== undefined) check(Number.isInteger(object.confidence) && (object.confidence as number) >= 0 && (object.confidence as number) <= 100, `${id}: confidence 0-100`);
    if (object.type === 'indicator') {
      check(object.pattern_type === 'stix', `${id}: pattern_type`);
      check(typeof object.valid_from === 'string' && TIMESTAMP.test(object.valid_from), `${id}: valid_from`);
      check(parseComparison(String(object.pattern)) !== null, `${id}: pattern syntax ${String(object.pattern)}`);
      check(Array.isArray(object.indicator_types) && (object.indicator_types as unknown[]).length > 0, `${id}: indicator_types`);
    }
    if (object.type === 'grouping') check(Array.isArray(object.object_refs) && (object.object_refs as unknown[]).length > 0, `${id}: object_refs not empty`);
  }
  for (const object of objects) {
    const refs = [...((object.object_refs as string[] | undefined) ?? []), ...(object.created_by_ref ? [object.created_by_ref as string] : [])];
    for (const ref of refs) check(ids.has(ref), `${String(object.id)}: reference ${ref} resolves in the bundle`);
  }
  return problems;
}

function bundleOf(triaged = sampleCase()): Json {
  return JSON.parse(renderCaseReport(buildCaseReport(triaged), 'stix') as string) as Json;
}

describe('STIX 2.1 bundle', () => {
  it('validates: ids, timestamps, required properties, patterns and references', () => {
    expect(validateBundle(bundleOf())).toEqual([]);
    expect(validateBundle(bundleOf(pendingCase()))).toEqual([]);
  });

  it('the validator catches what it claims to check', () => {
    const bundle = bundleOf();
    const objects = (bundle.objects as Json[]).map((object) => ({ ...object }));
    const indicator = objects.find((object) => object.type === 'indicator') as Json;
    indicator.pattern = "[url:value = 'it's']";
    indicator.created = '2026-03-01T11:00:00Z';
    delete indicator.valid_from;
    const id = String(indicator.id);
    expect(validateBundle({ ...bundle, objects })).toEqual([
      `${id}: created timestamp`,
      `${id}: valid_from is required`,
      `${id}: valid_from`,
      `${id}: pattern syntax [url:value = 'it's']`,
    ]);
  });

  it('has one indicator per indicator of the case with the right pattern, except false positives', () => {
    const objects = bundleOf().objects as Json[];
    const patterns = objects.filter((object) => object.type === 'indicator').map((object) => String(object.pattern));
    expect(patterns).toEqual([
      "[ipv4-addr:value = '198.51.100.23']",
      "[domain-name:value = 'evil-domain.com']",
      "[url:value = 'http://evil-domain.com/a?x=1']",
      "[url:value = 'http://evil-domain.com/it\\'s\\\\path']",
      "[email-addr:value = 'mallory@evil-domain.com']",
      `[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`,
      `[file:hashes.MD5 = '${'b'.repeat(32)}']`,
      `[file:hashes.'SHA-1' = '${'c'.repeat(40)}']`,
    ]);
    expect(parseComparison(patterns[3])?.value).toBe(QUOTED_URL);
  });

  it('names indicators defanged and types them by tier', () => {
    const indicators = (bundleOf().objects as Json[]).filter((object) => object.type === 'indicator');
    expect(indicators[0]).toMatchObject({ name: 'ipv4 198[.]51[.]100[.]23', indicator_types: ['unknown'], labels: ['soc-triage', 'tier-unknown', 'scope-reserved'] });
    expect(indicators[0].confidence).toBeUndefined();
    expect(indicators[1]).toMatchObject({ indicator_types: ['malicious-activity'], confidence: 70 });
  });

  it('ties indicators and techniques to the case in a grouping', () => {
    const objects = bundleOf().objects as Json[];
    const grouping = objects.find((object) => object.type === 'grouping') as Json;
    const patterns = objects.filter((object) => object.type === 'attack-pattern');
    expect(patterns.map((p) => (p.external_references as Json[])[0].external_id)).toEqual(['T1059.001', 'T1566.001', 'T1053.005']);
    expect((patterns[0].external_references as Json[])[0].url).toBe('https://attack.mitre.org/techniques/T1059/001/');
    expect(grouping.context).toBe('suspicious-activity');
    expect((grouping.object_refs as string[]).length).toBe(8 + 3);
    expect(grouping.description).toContain('1 known false positive(s) left out');
    expect(grouping.description).not.toContain('http://');
  });

  it('gives the same ids when the case is exported again, and other ids for another case', () => {
    const ids = (bundle: Json): string[] => (bundle.objects as Json[]).map((object) => String(object.id));
    expect(ids(bundleOf())).toEqual(ids(bundleOf()));
    const other = sampleCase();
    other.id = 'case-43';
    const otherIds = new Set(ids(bundleOf(other)));
    expect(ids(bundleOf()).filter((id) => otherIds.has(id))).toEqual([ids(bundleOf())[0]]);
  });

  it('escapes quotes and backslashes in string literals', () => {
    expect(stixStringLiteral("a'b\\c")).toBe("'a\\'b\\\\c'");
    expect(indicatorPattern({ type: 'domain', value: "x'] OR [file:name = 'y" })).toBe("[domain-name:value = 'x\\'] OR [file:name = \\'y']");
  });
});

describe('name-based UUIDs', () => {
  const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

  it('computes SHA-1 (FIPS 180-4 examples and node:crypto on every padding boundary)', () => {
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    for (let length = 0; length < 200; length++) {
      const input = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha1(input))).toBe(createHash('sha1').update(input).digest('hex'));
    }
  });

  it('matches RFC 9562 version 5 (Python uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });
});
