import { describe, expect, it } from 'vitest';
import { matcher, sysmon } from './helpers';

describe('plain values (Sigma spec section 2)', () => {
  it('compares whole values case-insensitively', () => {
    const match = matcher("  selection:\n    Image: 'C:\\Windows\\System32\\whoami.exe'\n  condition: selection");
    expect(match(sysmon({ Image: 'c:\\windows\\system32\\WHOAMI.EXE' }))).toBe(true);
    expect(match(sysmon({ Image: 'C:\\Windows\\System32\\whoami.exe.bak' }))).toBe(false);
    expect(match(sysmon({ CommandLine: 'C:\\Windows\\System32\\whoami.exe' }))).toBe(false);
  });

  it('treats a map as AND and a list as OR', () => {
    const match = matcher("  selection:\n    Image|endswith: '\\cmd.exe'\n    CommandLine|contains:\n      - '/c'\n      - '/k'\n  condition: selection");
    expect(match(sysmon({ Image: 'C:\\cmd.exe', CommandLine: 'cmd /k dir' }))).toBe(true);
    expect(match(sysmon({ Image: 'C:\\cmd.exe', CommandLine: 'cmd dir' }))).toBe(false);
    expect(match(sysmon({ Image: 'C:\\pwsh.exe', CommandLine: 'cmd /c dir' }))).toBe(false);
  });

  it('treats a list of maps as OR of ANDs', () => {
    const match = matcher("  selection:\n    - Image|endswith: '\\a.exe'\n      User: bob\n    - Image|endswith: '\\b.exe'\n  condition: selection");
    expect(match(sysmon({ Image: 'x\\a.exe', User: 'BOB' }))).toBe(true);
    expect(match(sysmon({ Image: 'x\\a.exe', User: 'alice' }))).toBe(false);
    expect(match(sysmon({ Image: 'x\\b.exe' }))).toBe(true);
  });

  it('compares numbers numerically when both sides parse', () => {
    const match = matcher('  selection:\n    EventID: 4624\n    LogonType: 3\n  condition: selection', { logsource: 'product: windows' });
    expect(match(sysmon({ EventID: '4624', LogonType: '3' }))).toBe(true);
    expect(match(sysmon({ EventID: 4624, LogonType: 3 }))).toBe(true);
    expect(match(sysmon({ EventID: '4624', LogonType: '03' }))).toBe(true);
    expect(match(sysmon({ EventID: '4625', LogonType: '3' }))).toBe(false);
  });

  it('matches booleans on their lower-case text', () => {
    const match = matcher('  selection:\n    Initiated: true\n  condition: selection');
    expect(match(sysmon({ Initiated: 'True' }))).toBe(true);
    expect(match(sysmon({ Initiated: true }))).toBe(true);
    expect(match(sysmon({ Initiated: 'false' }))).toBe(false);
  });

  it("matches '' only on a present empty field", () => {
    const match = matcher("  selection:\n    OriginalFileName: ''\n  condition: selection");
    expect(match(sysmon({ OriginalFileName: '' }))).toBe(true);
    expect(match(sysmon({ OriginalFileName: 'x' }))).toBe(false);
    expect(match(sysmon({}))).toBe(false);
  });

  it('matches null on a missing or null field', () => {
    const match = matcher('  selection:\n    ParentImage: null\n  condition: selection');
    expect(match(sysmon({}))).toBe(true);
    expect(match(sysmon({ ParentImage: null }))).toBe(true);
    expect(match(sysmon({ ParentImage: '' }))).toBe(false);
    expect(match(sysmon({ ParentImage: 'x' }))).toBe(false);
  });

  it('negates a null selection for "not null"', () => {
    const match = matcher('  empty:\n    ParentImage: null\n  condition: not empty');
    expect(match(sysmon({ ParentImage: 'C:\\x.exe' }))).toBe(true);
    expect(match(sysmon({}))).toBe(false);
  });

  it('reads Data as any of the unnamed data fields', () => {
    const match = matcher("  selection:\n    Data|contains: 'HostApplication=powershell'\n  condition: selection", { logsource: 'product: windows' });
    expect(match(sysmon({ Data: 'NewEngineState=Available', Data_1: 'x', Data_2: 'HostApplication=powershell -enc' }))).toBe(true);
    expect(match(sysmon({ Data: 'NewEngineState=Available', Data_1: 'x' }))).toBe(false);
    expect(match(sysmon({ Database: 'HostApplication=powershell' }))).toBe(false);
  });
});

describe('wildcards and escapes (spec section 2, pySigma escape rules)', () => {
  const matchValue = (value: string) => matcher(`  selection:\n    TargetFilename: '${value}'\n  condition: selection`, { logsource: 'product: windows' });

  it('* matches any run, ? exactly one character, anchored at both ends', () => {
    // `\*` would be a literal asterisk: a backslash before a wildcard must itself be escaped.
    const match = matchValue('C:\\Users\\\\*\\a?.txt');
    expect(matchValue('C:\\Users\\*\\a?.txt')(sysmon({ TargetFilename: 'C:\\Users*\\ab.txt' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: 'C:\\Users\\bob\\Desktop\\ab.txt' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: 'c:\\users\\\\ax.TXT' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: 'C:\\Users\\bob\\abc.txt' }))).toBe(false);
    expect(match(sysmon({ TargetFilename: 'C:\\Users\\bob\\ab.txt.lnk' }))).toBe(false);
  });

  it("'\\*.bak' is the literal text *.bak", () => {
    const match = matchValue('\\*.bak');
    expect(match(sysmon({ TargetFilename: '*.bak' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: 'x.bak' }))).toBe(false);
  });

  it("'\\\\*.exe' is a backslash followed by anything ending in .exe", () => {
    const match = matchValue('\\\\*.exe');
    expect(match(sysmon({ TargetFilename: '\\evil.exe' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: '\\.exe' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: 'evil.exe' }))).toBe(false);
  });

  it("'\\\\\\*' is a backslash then a literal asterisk, and \\? a literal question mark", () => {
    expect(matchValue('a\\\\\\*')(sysmon({ TargetFilename: 'a\\*' }))).toBe(true);
    expect(matchValue('a\\\\\\*')(sysmon({ TargetFilename: 'a\\b' }))).toBe(false);
    expect(matchValue('why\\?')(sysmon({ TargetFilename: 'why?' }))).toBe(true);
    expect(matchValue('why\\?')(sysmon({ TargetFilename: 'whyy' }))).toBe(false);
  });

  it('single and doubled backslashes before ordinary characters mean the same path', () => {
    const single = matchValue('C:\\Windows\\x.exe');
    const doubled = matchValue('C:\\\\Windows\\\\x.exe');
    const path = sysmon({ TargetFilename: 'C:\\Windows\\x.exe' });
    expect(single(path)).toBe(true);
    expect(doubled(path)).toBe(true);
    expect(matchValue('\\\\\\\\server')(sysmon({ TargetFilename: '\\\\server' }))).toBe(true);
  });

  it('handles several * pieces in order', () => {
    const match = matchValue('*a*b*c');
    expect(match(sysmon({ TargetFilename: 'xxAyyBzzC' }))).toBe(true);
    expect(match(sysmon({ TargetFilename: 'xxCyyBzzA' }))).toBe(false);
    expect(matchValue('ab*ba')(sysmon({ TargetFilename: 'aba' }))).toBe(false);
  });
});

describe('keywords', () => {
  it('search the message and every string field value as substrings', () => {
    const match = matcher("  keywords:\n    - 'mimikatz'\n    - 'sekurlsa::'\n  condition: keywords", { logsource: 'product: windows' });
    expect(match(sysmon({ CommandLine: 'C:\\tools\\MIMIKATZ.exe' }))).toBe(true);
    expect(match(sysmon({}, { message: 'ran sekurlsa::logonpasswords' }))).toBe(true);
    expect(match(sysmon({ CommandLine: 'notepad.exe' }, { message: 'nothing here' }))).toBe(false);
  });

  it('anchor a keyword that has wildcards', () => {
    const match = matcher("  keywords:\n    - 'Accepted * for root*'\n  condition: keywords", { logsource: 'product: windows' });
    expect(match(sysmon({}, { message: 'Accepted password for root from 10.0.0.1' }))).toBe(true);
    expect(match(sysmon({}, { message: 'sshd: Accepted password for root from 10.0.0.1' }))).toBe(false);
  });

  it("'|all' keywords must all occur", () => {
    const match = matcher("  keywords:\n    '|all':\n      - 'vssadmin'\n      - 'delete'\n  condition: keywords", { logsource: 'product: windows' });
    expect(match(sysmon({ CommandLine: 'vssadmin delete shadows' }))).toBe(true);
    expect(match(sysmon({ CommandLine: 'vssadmin list shadows' }))).toBe(false);
  });
});
