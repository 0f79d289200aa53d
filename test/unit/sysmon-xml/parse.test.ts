import { describe, expect, it } from 'vitest';
import { MAX_XML_EVENT_BYTES } from '../../../src/engine/limits';
import { MAX_LISTED_ISSUES } from '../../../src/engine/limits';
import { fixture, parseBytes, wevtutilEvent } from './helpers';

describe('sysmon-xml layouts', () => {
  it.each(['two-events.eventviewer.xml', 'two-events.wevtutil.xml'])('reads %s', async (name) => {
    const bytes = fixture(name);
    const { events, issues } = await parseBytes(bytes, name, 4);
    expect(issues).toEqual([]);
    expect(events.map((event) => event.kind)).toEqual(['process_creation', 'network_connection']);
    const [first, second] = events;
    expect(first.source).toBe('sysmon-xml');
    expect(first.ts).toBe('2021-04-12T09:15:02.4812367Z');
    expect(first.host).toBe('WS-FIN-07.corp.example');
    expect(first.user).toBe('CORP\\jdoe');
    expect(first.fields.EventID).toBe('1');
    expect(first.fields.EventRecordID).toBe('5012');
    expect(first.fields.Provider_Name).toBe('Microsoft-Windows-Sysmon');
    expect(first.fields.Provider_Guid).toBe('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
    expect(first.fields.Execution_ProcessID).toBe('3040');
    expect(first.fields.Security_UserID).toBe('S-1-5-18');
    expect(first.fields.Keywords).toBe('0x8000000000000000');
    expect(first.fields.CommandLine).toBe('cmd.exe /c "whoami & net user /domain" > C:\\Users\\Public\\o.txt');
    expect(first.fields.CurrentDirectory).toBe('C:\\Users\\jdoe\\');
    expect(second.fields.DestinationHostname).toBe('');
    expect(second.fields.DestinationPort).toBe('443');
    expect(second.message).toBe('Sysmon 3 network_connection: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -> 203.0.113.80:443');
    // Ids and origins point at the `<Event` of each record in the file.
    for (const event of events) {
      expect(event.id).toBe(`4:${event.origin.offset}`);
      expect(bytes.subarray(event.origin.offset, event.origin.offset + 7).toString('latin1')).toBe('<Event ');
      expect(event.origin.file).toBe(name);
    }
    expect(first.origin.record).toBe(5012);
    expect(second.origin.record).toBe(5013);
  });

  it('reads the same values from both layouts', async () => {
    const viewer = await parseBytes(fixture('two-events.eventviewer.xml'));
    const wevtutil = await parseBytes(fixture('two-events.wevtutil.xml'));
    expect(wevtutil.events.map((event) => event.fields)).toEqual(viewer.events.map((event) => event.fields));
  });

  it('reads any channel: Security EventData, UserData and unnamed Data', async () => {
    const { events, issues } = await parseBytes(fixture('other-channels.wevtutil.xml'));
    expect(issues).toEqual([]);
    const [logon, cleared, service] = events;
    expect(logon.kind).toBe('authentication');
    expect(logon.user).toBe('CORP\\administrator');
    expect(logon.message).toBe('Security 4625 authentication: failed logon (type 3) for CORP\\administrator from 198.51.100.23');
    expect(logon.fields.Correlation_ActivityID).toBe('{A1B2C3D4-0000-0000-0000-000000000001}');
    expect(cleared.fields.UserDataRoot).toBe('LogFileCleared');
    expect(cleared.fields.SubjectUserName).toBe('administrator');
    expect(cleared.fields.SubjectLogonId).toBe('0x3e4a1');
    expect(cleared.user).toBe('CORP\\administrator');
    expect(service.fields.EventID).toBe('7045');
    expect(service.fields.EventID_Qualifiers).toBe('16384');
    expect(service.fields.Provider_EventSourceName).toBe('Service Control Manager');
    expect(service.fields['Data[1]']).toBe('%SystemRoot%\\PSEXESVC.exe');
    expect(service.fields.Data_1).toBe('%SystemRoot%\\PSEXESVC.exe');
    expect(service.fields.Data).toBe('PSEXESVC');
    expect(service.kind).toBe('log');
  });

  it('accepts CRLF line ends and keeps byte offsets right', async () => {
    const crlf = fixture('two-events.eventviewer.xml').toString('utf8').replace(/\n/g, '\r\n');
    const bytes = Buffer.from(crlf, 'utf8');
    const { events, issues } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[1].fields.DestinationIp).toBe('203.0.113.80');
    expect(bytes.subarray(events[1].origin.offset, events[1].origin.offset + 6).toString()).toBe('<Event');
  });

  it('reads a UTF-16LE export with a BOM (PowerShell 5 redirection)', async () => {
    const text = fixture('two-events.wevtutil.xml').toString('utf8');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { events, issues } = await parseBytes(bytes);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0].origin.offset).toBe(2);
    expect(events[0].fields.CommandLine).toBe('cmd.exe /c "whoami & net user /domain" > C:\\Users\\Public\\o.txt');
  });

  it('keeps UTF-8 text and offsets after multi-byte characters', async () => {
    const first = wevtutilEvent(1, 1, { CommandLine: 'notepad C:\\Users\\Jörg\\Téléchargements\\ファイル.txt' });
    const xml = first + wevtutilEvent(2);
    const { events } = await parseBytes(xml);
    expect(events[0].fields.CommandLine).toBe('notepad C:\\Users\\Jörg\\Téléchargements\\ファイル.txt');
    expect(events[1].origin.offset).toBe(Buffer.byteLength(first, 'utf8'));
  });
});

describe('sysmon-xml values', () => {
  it('decodes predefined entities and character references, once', async () => {
    const { events } = await parseBytes(
      wevtutilEvent(1, 1, { CommandLine: 'a &lt;b&gt; &amp;amp; &quot;c&quot; &apos;d&apos; &#65;&#x42; &#x1F600; &#0; &bogus;' }),
    );
    expect(events[0].fields.CommandLine).toBe('a <b> &amp; "c" \'d\' AB 😀 \ufffd &bogus;');
  });

  it('decodes entities in attributes', async () => {
    const xml = wevtutilEvent(1).replace("<Data Name='Image'>", "<Data Name='Image&amp;Path'>");
    const { events } = await parseBytes(xml);
    expect(events[0].fields['Image&Path']).toBe('C:\\a.exe');
  });

  it('keeps whitespace inside data values and reads CDATA verbatim', async () => {
    const { events } = await parseBytes(wevtutilEvent(1, 1, { CommandLine: '  ping  -n 6 ', Payload: '<![CDATA[<b>&amp;</b>]]>' }));
    expect(events[0].fields.CommandLine).toBe('  ping  -n 6 ');
    expect(events[0].fields.Payload).toBe('<b>&amp;</b>');
  });

  it('accepts attributes with > inside quotes and a namespace prefix', async () => {
    const xml = wevtutilEvent(1).replace("<Data Name='Image'>", "<Data Name='a>b'>").replace(/<Event xmlns/, '<Event xmlns:x="urn:x" xmlns');
    const { events, issues } = await parseBytes(xml);
    expect(issues).toEqual([]);
    expect(events[0].fields['a>b']).toBe('C:\\a.exe');
  });

  it('splits Sysmon 12 by EventType', async () => {
    const { events } = await parseBytes(wevtutilEvent(1, 12, { EventType: 'DeleteKey', TargetObject: 'HKLM\\SOFTWARE\\X' }));
    expect(events[0].kind).toBe('registry_delete');
  });
});

describe('sysmon-xml damaged input', () => {
  it('reports garbage between events and reads both events', async () => {
    const xml = `${wevtutilEvent(1)}\nthis is not xml\u0000\u0007${wevtutilEvent(2)}`;
    const { events, issues } = await parseBytes(xml);
    expect(events.map((event) => event.fields.EventRecordID)).toEqual(['1', '2']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'test.xml', severity: 'warning', structure: 'Events' });
    expect(issues[0].offset).toBe(wevtutilEvent(1).length);
    expect(issues[0].reason).toContain('this is not xml');
  });

  it('does not report the Event Viewer wrapper, comments or a BOM as garbage', async () => {
    const xml = `\ufeff<?xml version="1.0"?>\n<!-- exported -->\n<Events>\n${wevtutilEvent(1)}\n</Events>\n`;
    const { events, issues } = await parseBytes(xml);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
  });

  it('reports a truncated last event and keeps the ones before it', async () => {
    const full = wevtutilEvent(1) + wevtutilEvent(2);
    const cut = full.slice(0, full.length - 40);
    const { events, issues } = await parseBytes(cut);
    expect(events).toHaveLength(1);
    expect(issues).toEqual([
      { file: 'test.xml', offset: wevtutilEvent(1).length, reason: 'truncated event at the end of the file', structure: 'Event', severity: 'error' },
    ]);
  });

  it('reports an event cut short by the next one and reads the next', async () => {
    const broken = wevtutilEvent(1).slice(0, 200);
    const { events, issues } = await parseBytes(broken + wevtutilEvent(2));
    expect(events.map((event) => event.fields.EventRecordID)).toEqual(['2']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ offset: 0, severity: 'error', reason: 'event is not closed before the next <Event>' });
  });

  it('reports a malformed event with its offset and reads the next', async () => {
    const bad = wevtutilEvent(1).replace('</EventID>', '</EventRecordID>');
    const { events, issues } = await parseBytes(wevtutilEvent(0) + bad + wevtutilEvent(2));
    expect(events.map((event) => event.fields.EventRecordID)).toEqual(['0', '2']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ offset: wevtutilEvent(0).length, structure: 'Event XML', severity: 'error' });
    expect(issues[0].reason).toMatch(/end tag <\/EventRecordID> does not match <EventID>/);
  });

  it.each([
    ['unquoted attribute', (xml: string) => xml.replace("Name='Image'", 'Name=Image')],
    ['unterminated comment', (xml: string) => xml.replace('<EventData>', '<EventData><!-- ')],
    ['mismatched quotes', (xml: string) => xml.replace("Name='Image'", "Name='Image\"")],
    ['unclosed element', (xml: string) => xml.replace('</EventData>', '')],
    ['element without a name', (xml: string) => xml.replace('<EventData>', '<EventData>< >')],
  ])('rejects %s as an issue, never a throw', async (_name, damage) => {
    const { events, issues } = await parseBytes(damage(wevtutilEvent(1)));
    expect(events).toHaveLength(0);
    expect(issues).toHaveLength(1);
    expect(issues[0].severity).toBe('error');
  });

  it('rejects nesting deeper than the limit', async () => {
    const deep = '<A>'.repeat(100) + 'x' + '</A>'.repeat(100);
    const xml = wevtutilEvent(1).replace('<EventData>', `<UserData>${deep}</UserData><EventData>`);
    const { events, issues } = await parseBytes(xml);
    expect(events).toHaveLength(0);
    expect(issues[0].reason).toMatch(/nesting deeper than 64/);
  });

  it('skips an oversize event with an issue and reads the next', async () => {
    const huge = wevtutilEvent(1, 1, { CommandLine: 'A'.repeat(MAX_XML_EVENT_BYTES + 10) });
    const { events, issues } = await parseBytes(huge + wevtutilEvent(2));
    expect(events.map((event) => event.fields.EventRecordID)).toEqual(['2']);
    expect(issues).toEqual([
      { file: 'test.xml', offset: 0, reason: `event larger than ${MAX_XML_EVENT_BYTES} bytes`, structure: 'Event', severity: 'error' },
    ]);
  });

  it('stays linear on a run of unclosed <Event starts', async () => {
    const starts = '<Event '.repeat(200_000);
    const { events, issues } = await parseBytes(starts + wevtutilEvent(9));
    expect(events.map((event) => event.fields.EventRecordID)).toEqual(['9']);
    expect(issues).toHaveLength(MAX_LISTED_ISSUES + 1);
    expect(issues[0]).toMatchObject({ offset: 0, reason: 'event is not closed before the next <Event>' });
    expect(issues[MAX_LISTED_ISSUES].reason).toBe(`${200_000 - MAX_LISTED_ISSUES} more problems not listed (only the first ${MAX_LISTED_ISSUES} are)`);
  });

  it('returns nothing and no issue for an empty file', async () => {
    expect(await parseBytes('')).toMatchObject({ events: [], issues: [] });
  });
});

describe('sysmon-xml batches', () => {
  it('batches by EVENTS_PER_BATCH with monotonic progress', async () => {
    const xml = Array.from({ length: 4500 }, (_, i) => wevtutilEvent(i)).join('');
    const { events, batches } = await parseBytes(xml);
    expect(events).toHaveLength(4500);
    expect(batches.map((batch) => batch.events.length)).toEqual([2000, 2000, 500, 0]);
    const progress = batches.map((batch) => batch.bytesDone);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBe(Buffer.byteLength(xml));
  });
});
