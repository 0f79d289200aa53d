import { describe, expect, it } from 'vitest';
import { MAX_REGEX_GROUP_DEPTH, MIN_REGEX_LITERAL_CHARS, requiredLiterals } from '../../../src/engine/rules/regex-literals';

const sorted = (source: string) => requiredLiterals(source)?.sort();

describe('literals a regex cannot match without', () => {
  it('takes the alternatives of a group when they are longer than the fixed text around it', () => {
    expect(sorted('\\\\(?:winpeas\\w*|godpotato\\w*|mimikatz\\w*)\\.exe$')).toEqual(['godpotato', 'mimikatz', 'winpeas']);
  });

  it('expands optional parts and short alternations into exact strings', () => {
    expect(sorted('\\\\sysmon(64)?\\.exe$')).toEqual(['\\sysmon.exe', '\\sysmon64.exe']);
    expect(sorted('^(?:Get|Set)-Item')).toEqual(['get-item', 'set-item']);
  });

  it('keeps the best run of a concatenation broken by classes and wildcards', () => {
    expect(sorted('\\s(asktgt|asktgs|kerberoast)\\s.*\\/(ptt|rc4:)')).toEqual(['asktgs', 'asktgt', 'kerberoast']);
    expect(sorted('who.m')).toEqual(['who']);
    expect(sorted('[a-z]+mimikatz[0-9]{2,}')).toEqual(['mimikatz']);
  });

  it('reads escapes of punctuation as literals and lower-cases letters', () => {
    expect(sorted('C:\\\\Users\\\\Public\\\\')).toEqual(['c:\\users\\public\\']);
    expect(sorted('a\\.b\\$c')).toEqual(['a.b$c']);
  });

  it('knows nothing when a branch or the whole pattern has no long literal', () => {
    expect(requiredLiterals('(?:mimikatz|\\d+)')).toBeUndefined();
    expect(requiredLiterals('ab.cd')).toBeUndefined();
    expect(requiredLiterals('(?:mimikatz)?x')).toBeUndefined();
    expect(requiredLiterals('mimi|')).toBeUndefined();
    expect(requiredLiterals('.*')).toBeUndefined();
  });

  it('gives up on what it does not read: back-references, code escapes, non-ASCII, stray braces', () => {
    expect(requiredLiterals('(abc)\\1defgh')).toBeUndefined();
    expect(requiredLiterals('\\x41bcdef')).toBeUndefined();
    expect(requiredLiterals('überweisung')).toBeUndefined();
    expect(requiredLiterals('abc{def')).toBeUndefined();
    expect(requiredLiterals('abc(?i)def')).toBeUndefined();
    expect(requiredLiterals(`${'('.repeat(MAX_REGEX_GROUP_DEPTH + 1)}mimikatz${')'.repeat(MAX_REGEX_GROUP_DEPTH + 1)}`)).toBeUndefined();
    expect(requiredLiterals(`${'('.repeat(MAX_REGEX_GROUP_DEPTH)}mimikatz${')'.repeat(MAX_REGEX_GROUP_DEPTH)}`)).toEqual(['mimikatz']);
  });

  it('ignores lookarounds and anchors, which consume nothing', () => {
    expect(sorted('(?<=x)powershell(?!\\.exe)\\b')).toEqual(['powershell']);
  });

  it('never returns a literal the regex can match without', () => {
    // Each pattern with a text it matches; random edits of that text probe the boundary of what the regex accepts.
    const cases: [string, string][] = [
      ['\\\\(?:winpeas\\w*|godpotato\\w*|mimikatz\\w*)\\.exe$', 'C:\\t\\GodPotatoX.exe'],
      ['\\\\sysmon(64)?\\.exe$', 'C:\\Sysmon64.exe'],
      ['(Get-Process|\\bgps|\\bps)\\s+(-Name\\s+)?["\']?lsass', 'gps -Name "lsass'],
      ['x(sysmon|mimi)+(64)?', 'xmimisysmon64'],
      ['abc(de|fg)+h', 'abcdefgh'],
      ['(?:ab|cd){2,3}xyz', 'abcdxyz'],
      ['x(?=abc)abcd', 'xabcd'],
      ['ab?cde', 'acde'],
      ['(foo|bar)baz|qux(quux)*', 'quxquux'],
      ['a.{0,40}(http|ftp)s?://', 'a -> FTPs://'],
    ];
    const pieces = ['a', 'b', 'x', 'S', '4', ' ', '-', '\\', '.', '"', 'ps', 'http', 'mimi', 'quux', 'de'];
    let state = 12345;
    const next = (max: number) => ((state = (state * 1103515245 + 12345) >>> 0) % max);
    const edit = (text: string): string => {
      const at = next(text.length + 1);
      const piece = pieces[next(pieces.length)];
      switch (next(4)) {
        case 0: return text.slice(0, at) + piece + text.slice(at);
        case 1: return text.slice(0, at) + text.slice(at + 1 + next(3));
        case 2: return text.slice(0, at) + piece + text.slice(at + 1);
        default: return text.slice(0, at) + text.slice(at).toUpperCase();
      }
    };
    let matched = 0;
    let rejected = 0;
    for (const [pattern, seed] of cases) {
      const literals = requiredLiterals(pattern);
      expect(literals, pattern).toBeDefined();
      for (const literal of literals ?? []) expect(literal.length).toBeGreaterThanOrEqual(MIN_REGEX_LITERAL_CHARS);
      for (const flags of ['', 'i']) {
        const regex = new RegExp(pattern, flags);
        for (let round = 0; round < 2000; round++) {
          let text = seed;
          for (let edits = next(4); edits > 0; edits--) text = edit(text);
          if (!regex.test(text)) {
            rejected++;
            continue;
          }
          matched++;
          const lower = text.toLowerCase();
          expect(literals?.some((literal) => lower.includes(literal)), `${pattern} /${flags} on ${text}`).toBe(true);
        }
      }
    }
    expect(matched).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });
});
