import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI is tested as shipped: the bundle `npm run build` writes (npm test builds before it runs vitest).
const BIN = resolve('bin/soc-triage.mjs');
const built = existsSync(resolve('dist-cli/main.js'));

const cli = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

const AUTH_LOG = [
  'Mar  3 10:00:01 web01 sshd[411]: Failed password for invalid user admin from 203.0.113.50 port 52211 ssh2',
  'Mar  3 10:00:05 web01 sshd[411]: Accepted password for alice from 198.51.100.7 port 50022 ssh2',
  'Mar  3 10:01:00 web01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id',
].join('\n') + '\n';

const EVENT = (id: number, image: string) =>
  `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon'/>` +
  `<EventID>1</EventID><TimeCreated SystemTime='2024-05-01T10:00:0${id}.1234567Z'/><EventRecordID>${id}</EventRecordID>` +
  `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws01.corp.example.com</Computer></System>` +
  `<EventData><Data Name='Image'>${image}</Data><Data Name='CommandLine'>${image} /c whoami</Data></EventData></Event>`;

describe.skipIf(!built)('soc-triage CLI', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'soc-cli-'));
    writeFileSync(join(dir, 'auth.log'), AUTH_LOG);
    writeFileSync(join(dir, 'good.xml'), EVENT(1, 'C:\\Windows\\System32\\cmd.exe') + EVENT(2, 'C:\\Windows\\System32\\whoami.exe'));
    writeFileSync(join(dir, 'broken.xml'), EVENT(1, 'C:\\a.exe') + '<Event><System><EventID>1</Even' + '</Event>' + EVENT(3, 'C:\\b.exe'));
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'good.yml'), 'title: t\nid: 11111111-1111-4111-8111-111111111111\nlogsource: {category: process_creation, product: windows}\ndetection:\n  sel: {Image|endswith: \\whoami.exe}\n  condition: sel\nlevel: low\n');
    writeFileSync(join(dir, 'rules', 'bad.yml'), 'title: b\nlogsource: {category: process_creation}\ndetection:\n  sel: {Image|nosuchmodifier: x}\n  condition: sel\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one NDJSON event per log line and exits 0', () => {
    const { code, stdout } = cli('parse', join(dir, 'auth.log'), '--format', 'ndjson');
    expect(code).toBe(0);
    const events = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ source: 'text', kind: 'authentication', host: 'web01', origin: { line: 1, offset: 0 } });
  });

  it('prints CSV with a header row', () => {
    const { code, stdout } = cli('parse', join(dir, 'auth.log'), '--format', 'csv');
    expect(code).toBe(0);
    expect(stdout.split('\r\n')[0]).toBe('ts,id,source,kind,host,user,message,file,offset,record,fields');
    expect(stdout.trim().split('\r\n')).toHaveLength(4);
  });

  it('parses many files in one run', () => {
    const { code, stdout } = cli('parse', join(dir, 'auth.log'), join(dir, 'good.xml'));
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(5);
  });

  it('keeps the good records of a damaged file, reports the bad one on stderr and exits 1', () => {
    const { code, stdout, stderr } = cli('parse', join(dir, 'broken.xml'));
    expect(code).toBe(1);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).fields.EventRecordID)).toEqual(['1', '3']);
    const issue = JSON.parse(stderr.trim().split('\n')[0]);
    expect(issue).toMatchObject({ file: join(dir, 'broken.xml'), severity: 'error' });
    expect(typeof issue.offset).toBe('number');
    expect(issue.reason.length).toBeGreaterThan(0);
  });

  it('exits 2 on usage errors and unreadable input', () => {
    expect(cli('parse').code).toBe(2);
    expect(cli('frobnicate', 'x').code).toBe(2);
    expect(cli('parse', join(dir, 'missing.evtx')).code).toBe(2);
    expect(cli('parse', dir).code).toBe(2);
  });

  it('still prints the readable files when another one cannot be read, then exits 2', () => {
    const { code, stdout, stderr } = cli('parse', join(dir, 'missing.log'), join(dir, 'auth.log'));
    expect(code).toBe(2);
    expect(stdout.trim().split('\n')).toHaveLength(3);
    expect(JSON.parse(stderr.trim().split('\n')[0])).toMatchObject({ file: join(dir, 'missing.log'), severity: 'error' });
  });

  it('triages into one JSON case with verdict, techniques and indicators', () => {
    const { code, stdout } = cli('triage', join(dir, 'good.xml'), join(dir, 'auth.log'), '--format', 'json', '--offline');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(['incident', 'suspicious', 'tuning', 'noise']).toContain(report.verdict);
    expect(Array.isArray(report.techniques)).toBe(true);
    expect(report.indicators.map((indicator: { value: string }) => indicator.value)).toContain('203.0.113.50');
    expect(report.events).toHaveLength(5);
  });

  it('loads extra rules with --rules and checks a rule folder', () => {
    const triage = JSON.parse(cli('triage', join(dir, 'good.xml'), '--rules', join(dir, 'rules', 'good.yml')).stdout);
    expect(triage.attestations.map((a: { rule_id: string }) => a.rule_id)).toContain('11111111-1111-4111-8111-111111111111');
    const { code, stdout } = cli('rules', '--check', join(dir, 'rules'));
    expect(code).toBe(1);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ total: 2, compiled: 1 });
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].file).toBe('bad.yml');
  });
});

it.runIf(!built)('soc-triage CLI needs a build', () => {
  throw new Error('dist-cli/main.js is missing: run `npm run build` first (npm test does it)');
});
