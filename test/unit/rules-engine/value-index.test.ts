import { describe, expect, it } from 'vitest';
import { FieldStates } from '../../../src/engine/rules/field-state';
import { FieldLiterals, MAX_AUTOMATON_CELLS } from '../../../src/engine/rules/literal-index';
import { newMatchContext } from '../../../src/engine/rules/fields';
import type { IndexAtom } from '../../../src/engine/rules/types';
import { classify, logsourceMatches, routeAliases } from '../../../src/engine/rules/logsource';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { event } from './helpers';

const found = (literals: string[], text: string): string[] => {
  const index = new FieldLiterals();
  literals.forEach((literal) => index.register(literal));
  index.build();
  return index.search(text).map((id) => literals[id]).sort();
};

describe('literal automaton', () => {
  it('finds overlapping literals and literals inside others, in any case', () => {
    expect(found(['he', 'she', 'his', 'hers'], 'uSHErs')).toEqual(['he', 'hers', 'she']);
    expect(found(['-enc', 'encodedcommand', 'hidden'], 'powershell -EncodedCommand x -w HIDDEN')).toEqual(['-enc', 'encodedcommand', 'hidden']);
    expect(found(['abc'], 'ab abd bc')).toEqual([]);
  });

  it('folds non-ASCII characters to lower case', () => {
    expect(found(['überweisung', 'ä'], 'ÜBERWEISUNG')).toEqual(['überweisung']);
    expect(found(['ä'], 'xÄx')).toEqual(['ä']);
  });

  it('reports each literal once per scan and forgets it on the next text', () => {
    const index = new FieldLiterals();
    index.register('ab');
    index.build();
    expect(index.search('ab ab ab')).toEqual([0]);
    expect(index.search('nothing')).toEqual([]);
    expect(index.occursIn(0, 'nothing')).toBe(false);
    expect(index.occursIn(0, 'xAB')).toBe(true);
  });

  it('falls back to substring tests when the automaton would be too large', () => {
    let seed = 1;
    const letter = () => String.fromCharCode(97 + (((seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16) % 20));
    const literals = Array.from({ length: 2100 }, () => Array.from({ length: 100 }, letter).join(''));
    const symbols = new Set(literals.join('')).size;
    expect((literals.join('').length + 1) * (symbols + 1)).toBeGreaterThan(MAX_AUTOMATON_CELLS);
    const states = new FieldStates();
    const refs = literals.map((literal) => states.register('f', literal));
    states.build();
    expect(states.literalId('f', literals[0])).toBeUndefined();
    expect(refs[5].state.contains(refs[5].id, `xx${literals[5].toUpperCase()}yy`)).toBe(true);
    expect(refs[6].state.contains(refs[6].id, `xx${literals[5]}yy`)).toBe(false);
  });
});

describe('rules looked up by value give the same matches as testing every rule', () => {
  const rules = [
    ['basename', "    Image|endswith:\n      - '\\\\whoami.exe'\n      - '\\\\net.exe'"],
    ['equals', "    OriginalFileName:\n      - 'whoami.exe'\n      - 'NET.EXE'"],
    ['contains', "    CommandLine|contains:\n      - ' /all'\n      - 'user /domain'"],
    ['cased', "    CommandLine|contains|cased: 'AmsiUtils'"],
    ['suffix', "    Image|endswith: 'ami.exe'"],
    ['prefix', "    Image|startswith: 'C:\\Windows\\'"],
    ['pathsOrPrefix', "    Image|endswith:\n      - '\\\\net.exe'\n      - 'ami.exe'\n    Image|startswith: 'c:\\t\\'"],
    ['or', "    - Image|endswith: '\\\\net.exe'\n    - CommandLine|re: 'who.m'"],
    ['orShortRegex', "    - Image|endswith: '\\\\net.exe'\n    - CommandLine|re: 'w.o'"],
    ['and', "    Image|endswith: '\\\\whoami.exe'\n    CommandLine|contains: '/priv'"],
  ].map(([id, selection]) => `title: ${id}\nid: ${id}\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n${selection}\n  condition: selection\n`);
  const negated = "title: negated\nid: negated\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\\\whoami.exe'\n  condition: not selection\n";
  const set = compileRuleSet([...rules, negated].map((text, index) => ({ file: `${index}.yml`, text })));

  it('on every combination of images, names and command lines', () => {
    expect(set.errors).toEqual([]);
    const images = ['C:\\Windows\\System32\\whoami.exe', 'C:\\Windows\\System32\\NET.exe', 'C:\\x\\notwhoami.exe', 'whoami.exe', 'C:\\t\\salami.exe',
      'D:\\c:\\windows\\c:\\t\\ami.exe'];
    const names = ['whoami.exe', 'net.exe', 'other.exe', undefined];
    const commandLines = ['whoami /ALL', 'net USER /DOMAIN', 'x AmsiUtils', 'x amsiutils', 'whoami /priv', 'whoxmi'];
    const engine = new RuleEngine(set);
    let compared = 0;
    for (const Image of images) for (const OriginalFileName of names) for (const CommandLine of commandLines) {
      const subject = event({ fields: { Image, CommandLine, ...(OriginalFileName ? { OriginalFileName } : {}) } });
      const ctx = newMatchContext(subject, routeAliases(subject), set.program.fields);
      const expected = set.program.detections.filter((rule) => logsourceMatches(rule.logsource, classify(subject)) && rule.predicate.test(ctx)).map((rule) => rule.info.id);
      expect(engine.push(subject).map((found) => found.ruleId)).toEqual(expected);
      compared++;
    }
    expect(compared).toBe(images.length * names.length * commandLines.length);
  });

  it('indexes the rules that have a value set and tests the others always', () => {
    const atoms = Object.fromEntries(set.program.detections.map((rule) => [rule.info.id, (rule.predicate.atoms() as IndexAtom[] | null)?.map((atom) => atom.kind).join(',') ?? null]));
    // Prefix and suffix values are looked up by their literal (which they need), then tested; so is a regex by the
    // literal it cannot match without ('who' in who.m), unless that literal is too short to select anything.
    expect(atoms).toEqual({
      basename: 'basename', equals: 'equals', contains: 'contains', cased: null, suffix: 'contains', prefix: 'contains',
      pathsOrPrefix: 'contains', or: 'basename,contains', orShortRegex: null, and: 'basename', negated: null,
    });
  });
});

describe('atoms on a route', () => {
  const elevated = `title: elevated
id: elevated
logsource:
  category: process_creation
  product: windows
detection:
  shell:
    Image|endswith:
      - '\\cmd.exe'
      - '\\powershell.exe'
      - '\\pwsh.exe'
      - '\\mshta.exe'
  high:
    IntegrityLevel:
      - 'High'
      - 'System'
  condition: shell and high
`;
  const set = compileRuleSet([{ file: 'elevated.yml', text: elevated }]);
  const facts = (probed?: Set<string>) => ({ ctx: newMatchContext(event(), null, set.program.fields), decides: () => false, probed });
  const chosen = (probed?: Set<string>) => (set.program.detections[0].predicate.atoms(facts(probed)) as IndexAtom[]).map((atom) => `${atom.field}:${atom.kind}`);

  it('take the fewest values on their own', () => {
    expect(chosen()).toEqual(['IntegrityLevel:equals']);
  });

  it('prefer a field the route probes anyway over one read for this rule alone', () => {
    expect(chosen(new Set(['Image']))).toEqual(['Image:basename']);
    expect(chosen(new Set(['IntegrityLevel']))).toEqual(['IntegrityLevel:equals']);
    expect(chosen(new Set(['Image', 'IntegrityLevel']))).toEqual(['IntegrityLevel:equals']);
  });

  it('so an elevated process that is no shell selects no rule once another rule probes Image', () => {
    const whoami = "title: whoami\nid: whoami\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\\\whoami.exe'\n  condition: selection\n";
    const both = compileRuleSet([{ file: 'elevated.yml', text: elevated }, { file: 'whoami.yml', text: whoami }]);
    const candidates = (fields: Record<string, string>) => {
      const subject = event({ fields });
      const route = both.program.routes.get(subject);
      return route.candidates(newMatchContext(subject, route.aliases, both.program.fields)).map((rule) => rule.info.id);
    };
    expect(candidates({ Image: 'C:\\Windows\\notepad.exe', IntegrityLevel: 'High' })).toEqual([]);
    expect(candidates({ Image: 'C:\\Windows\\System32\\cmd.exe', IntegrityLevel: 'Medium' })).toEqual(['elevated']);
    const engine = new RuleEngine(both);
    expect(engine.push(event({ fields: { Image: 'C:\\Windows\\System32\\cmd.exe', IntegrityLevel: 'High' } })).map((found) => found.ruleId)).toEqual(['elevated']);
  });
});

describe('merged alternatives', () => {
  it('agree with testing each value on its own', async () => {
    const { Alternatives } = await import('../../../src/engine/rules/alternatives');
    const { compileStringTest, parseSigmaString, withLeadingAny, withTrailingAny } = await import('../../../src/engine/rules/pattern');
    const values = ['\\whoami.exe', 'whoami.exe', '\\sys\\net.exe', 'NET', 'c:\\', 'a?c', 'x*y'];
    const shapes = [(p: ReturnType<typeof parseSigmaString>) => p, withLeadingAny, withTrailingAny, (p: ReturnType<typeof parseSigmaString>) => withLeadingAny(withTrailingAny(p))];
    const tests = values.flatMap((value) => shapes.flatMap((shape) => [false, true].map((cased) => compileStringTest(shape(parseSigmaString(value)), cased))));
    const texts = ['C:\\Windows\\whoami.exe', 'whoami.exe', '\\WHOAMI.EXE', 'c:\\sys\\net.exe', 'net', 'NET', 'abc', 'aXc', 'xy', 'x-y', 'C:\\', ''];
    const index = new FieldStates();
    const ctx = newMatchContext(event(), null, index);
    let checked = 0;
    for (let size = 1; size <= 4; size++) {
      for (let start = 0; start + size <= tests.length; start += 3) {
        const subset = tests.slice(start, start + size);
        const merged = new Alternatives(subset, index, 'Image');
        index.build();
        for (const text of texts) {
          const expected = subset.some((test) => test.test(test.cased ? text : text.toLowerCase()));
          expect([subset.map((test) => `${test.kind}:${test.literal}:${test.cased}`), text, merged.matches(ctx, 'Image', text)]).toEqual([expect.anything(), text, expected]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('Channel selections', () => {
  const rule = (id: string, selection: string) =>
    `title: ${id}\nid: ${id}\nlogsource:\n  product: windows\ndetection:\n  selection:\n${selection}\n  condition: selection\n`;
  const set = compileRuleSet([
    { file: 'a.yml', text: rule('sysmon-x', "    Channel: 'Microsoft-Windows-Sysmon/Operational'\n    Image|endswith: '\\\\x.exe'") },
    { file: 'b.yml', text: rule('system-only', "    Channel: 'system'") },
  ]);

  it('are decided once per route, by the route channel', () => {
    const engine = new RuleEngine(set);
    const ids = (fields: Record<string, string | number>) => engine.push(event({ kind: 'log', fields })).map((found) => found.ruleId);
    expect(ids({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'C:\\x.exe' })).toEqual(['sysmon-x']);
    expect(ids({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, Image: 'C:\\y.exe' })).toEqual([]);
    expect(ids({ Channel: 'System', EventID: 7045, Image: 'C:\\x.exe' })).toEqual(['system-only']);
    expect(ids({ Channel: 'Security', EventID: 4624 })).toEqual([]);
  });
});
