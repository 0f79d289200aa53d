import { describe, expect, it } from 'vitest';
import { normalizeWindowsEvent, type WindowsRecord } from '../../../src/engine/parsers/windows/normalize';
import { MAX_MESSAGE_CHARS } from '../../../src/engine/parsers/windows/message';

const origin = { file: 'x.evtx', offset: 4096, record: 7 };

function record(system: Record<string, string>, data: WindowsRecord['data'] = [], extra: Partial<WindowsRecord> = {}): WindowsRecord {
  return { system, data, dataRoot: data.length > 0 ? 'EventData' : null, ...extra };
}

const sysmon = (eventId: number, data: WindowsRecord['data'], system: Record<string, string> = {}): WindowsRecord =>
  record(
    {
      EventID: String(eventId),
      EventRecordID: '1742',
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'DESKTOP-2KGM189',
      Provider_Name: 'Microsoft-Windows-Sysmon',
      TimeCreated_SystemTime: '2017-12-26T13:10:29.136879200Z',
      Security_UserID: 'S-1-5-18',
      ...system,
    },
    data,
  );

const security = (eventId: number, data: WindowsRecord['data']): WindowsRecord =>
  record(
    {
      EventID: String(eventId),
      EventRecordID: '227693',
      Channel: 'Security',
      Computer: 'PC01.example.corp',
      Provider_Name: 'Microsoft-Windows-Security-Auditing',
      TimeCreated_SystemTime: '2019-02-13T18:01:41.593830000Z',
    },
    data,
  );

describe('normalizeWindowsEvent fields', () => {
  it('keeps system and data values under their own names', () => {
    const event = normalizeWindowsEvent(
      sysmon(1, [['Image', 'C:\\Windows\\System32\\cmd.exe'], ['CommandLine', 'cmd.exe /c whoami'], ['User', 'CORP\\alice']]),
      'sysmon-xml',
      origin,
      '0:12',
    );
    expect(event.id).toBe('0:12');
    expect(event.origin).toEqual(origin);
    expect(event.source).toBe('sysmon-xml');
    expect(event.fields.EventID).toBe('1');
    expect(event.fields.EventRecordID).toBe('1742');
    expect(event.fields.Channel).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(event.fields.Provider_Name).toBe('Microsoft-Windows-Sysmon');
    expect(event.fields.Security_UserID).toBe('S-1-5-18');
    expect(event.fields.Image).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(event.host).toBe('DESKTOP-2KGM189');
    expect(event.user).toBe('CORP\\alice');
    expect(event.message).toBe('Sysmon 1 process_creation: cmd.exe /c whoami');
  });

  it('names unnamed Data both Data_N and Data[position]', () => {
    const event = normalizeWindowsEvent(
      record({ EventID: '15', Channel: 'Application', Computer: 'H' }, [[null, 'Windows Defender'], [null, 'ON'], [null, 'x']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.fields).toMatchObject({
      Data: 'Windows Defender',
      Data_1: 'ON',
      Data_2: 'x',
      'Data[0]': 'Windows Defender',
      'Data[1]': 'ON',
      'Data[2]': 'x',
    });
    expect(event.kind).toBe('log');
    expect(event.message).toBe('Application 15 log: Windows Defender ON x');
  });

  it('uses the position among all items for the bracket index', () => {
    const event = normalizeWindowsEvent(
      record({ EventID: '1', Channel: 'Application' }, [['Named', 'a'], [null, 'b']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.fields['Data[1]']).toBe('b');
    expect(event.fields.Data).toBe('b');
  });

  it('also names a Binary item by its position, as the references do', () => {
    const event = normalizeWindowsEvent(
      record({ EventID: '6000', Channel: 'Application' }, [[null, 'WSearch'], ['Binary', 'D9060000']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.fields).toMatchObject({ 'Data[0]': 'WSearch', Binary: 'D9060000', 'Binary[1]': 'D9060000' });
  });

  it('never lets a data item overwrite a protected system name', () => {
    const event = normalizeWindowsEvent(
      sysmon(1, [['Computer', 'EVIL'], ['EventID', '4624'], ['Channel', 'Security'], ['Provider_Name', 'x'], ['EventRecordID', '1']]),
      'sysmon-xml',
      origin,
      '0:1',
    );
    expect(event.fields.Computer).toBe('DESKTOP-2KGM189');
    expect(event.fields.EventID).toBe('1');
    expect(event.fields.Channel).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(event.fields.Provider_Name).toBe('Microsoft-Windows-Sysmon');
    expect(event.fields.EventRecordID).toBe('1742');
    expect(event.fields.EventData_Computer).toBe('EVIL');
    expect(event.host).toBe('DESKTOP-2KGM189');
    expect(event.kind).toBe('process_creation');
  });

  it('keeps a data item over an unprotected system name and moves the system value aside', () => {
    const event = normalizeWindowsEvent(sysmon(4, [['Version', '10.4'], ['State', 'Started']], { Version: '3' }), 'sysmon-xml', origin, '0:1');
    expect(event.fields.Version).toBe('10.4');
    expect(event.fields.System_Version).toBe('3');
  });

  it('flattens UserData and keeps repeated leaf names', () => {
    const event = normalizeWindowsEvent(
      record(
        { EventID: '1102', Channel: 'Security', Computer: 'PC01', Security_UserID: 'S-1-5-21-1' },
        [['SubjectUserName', 'admin01'], ['SubjectDomainName', 'EXAMPLE'], ['Item', 'a'], ['Item', 'b'], ['Item', 'c']],
        { dataRoot: 'UserData', userDataRoot: 'LogFileCleared' },
      ),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.fields.UserDataRoot).toBe('LogFileCleared');
    expect(event.fields.Item).toBe('a');
    expect(event.fields.Item_1).toBe('b');
    expect(event.fields.Item_2).toBe('c');
    expect(event.user).toBe('EXAMPLE\\admin01');
  });

  it('never overwrites a value, whatever the names', () => {
    const event = normalizeWindowsEvent(
      record({ EventID: '1', Channel: 'Application' }, [['Item', 'a'], ['Item_1', 'b'], ['Item', 'c'], ['constructor', 'd'], ['__proto__', 'e']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.fields).toMatchObject({ Item: 'a', Item_1: 'b', Item_2: 'c', constructor: 'd' });
    expect(Object.getOwnPropertyDescriptor(event.fields, '__proto__')?.value).toBe('e');
    expect(Object.getPrototypeOf(event.fields)).toBe(Object.prototype);
  });

  it('survives an empty record', () => {
    const event = normalizeWindowsEvent({ system: {}, data: [], dataRoot: null }, 'evtx', origin, '0:1');
    expect(event).toMatchObject({ ts: null, kind: 'log', host: '', user: '', message: 'Windows log' });
  });
});

describe('normalizeWindowsEvent time', () => {
  const at = (time: string | undefined) =>
    normalizeWindowsEvent(record(time === undefined ? {} : { TimeCreated_SystemTime: time }), 'evtx', origin, '0:1').ts;

  it.each([
    ['2019-02-13T18:01:41.593830000Z', '2019-02-13T18:01:41.5938300Z'],
    ['2019-02-13T18:01:41.593830012Z', '2019-02-13T18:01:41.593830012Z'],
    ['2019-02-13T18:01:41.5938300Z', '2019-02-13T18:01:41.5938300Z'],
    ['2019-02-13 18:01:41.5938', '2019-02-13T18:01:41.5938Z'],
    ['2016-06-29 15:24:34.345999', '2016-06-29T15:24:34.345999Z'],
    ['2019-02-13T18:01:41Z', '2019-02-13T18:01:41Z'],
    ['2019-02-13T18:01:41.12+00:00', '2019-02-13T18:01:41.12Z'],
    ['2019-02-13T20:01:41.5+02:00', '2019-02-13T18:01:41.5Z'],
    ['2019-12-31T23:30:00-01:00', '2020-01-01T00:30:00Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00Z'],
  ])('%s -> %s', (input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it.each([undefined, '', 'yesterday', '2019-02-30T00:00:00Z', '2019-02-29T00:00:00Z', '2019-13-01T00:00:00Z', '2019-01-01T24:00:00Z'])(
    'rejects %s',
    (input) => {
      expect(at(input)).toBeNull();
    },
  );

  // The EVTX form (7 fraction digits, upper-case T and Z) is checked without the regular expression; these hold the
  // check to the same answers the expression gives.
  it.each([
    ['2020-02-29T23:59:59.9999999Z', '2020-02-29T23:59:59.9999999Z'],
    ['2000-02-29T00:00:00.0000000Z', '2000-02-29T00:00:00.0000000Z'],
    ['0001-01-01T00:00:00.0000000Z', '0001-01-01T00:00:00.0000000Z'],
    ['2019-02-13t18:01:41.5938300z', '2019-02-13T18:01:41.5938300Z'],
  ])('reads the EVTX form %s as %s', (input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it.each([
    '2100-02-29T00:00:00.0000000Z',
    '2019-04-31T00:00:00.0000000Z',
    '2019-00-10T00:00:00.0000000Z',
    '2019-01-00T00:00:00.0000000Z',
    '2019-01-01T24:00:00.0000000Z',
    '2019-01-01T00:60:00.0000000Z',
    '2019-01-01T00:00:60.0000000Z',
    '2019-01-01T00:00:00.00000a0Z',
    '2019-0a-01T00:00:00.0000000Z',
  ])('rejects the EVTX-shaped %s', (input) => {
    expect(at(input)).toBeNull();
  });
});

describe('normalizeWindowsEvent kinds', () => {
  it.each([
    [1, 'process_creation'], [2, 'file_change'], [3, 'network_connection'], [4, 'sysmon_status'],
    [5, 'process_termination'], [6, 'driver_load'], [7, 'image_load'], [8, 'create_remote_thread'],
    [9, 'raw_access_thread'], [10, 'process_access'], [11, 'file_event'], [13, 'registry_set'],
    [14, 'registry_rename'], [15, 'create_stream_hash'], [16, 'sysmon_status'], [17, 'pipe_created'],
    [18, 'pipe_created'], [19, 'wmi_event'], [20, 'wmi_event'], [21, 'wmi_event'], [22, 'dns_query'],
    [23, 'file_delete'], [24, 'clipboard_capture'], [25, 'process_tampering'], [26, 'file_delete_detected'],
    [27, 'file_block_executable'], [28, 'file_block_shredding'], [29, 'file_executable_detected'],
    [255, 'sysmon_error'], [30, 'log'],
  ])('Sysmon %i is %s', (eventId, kind) => {
    expect(normalizeWindowsEvent(sysmon(eventId, []), 'evtx', origin, '0:1').kind).toBe(kind);
  });

  it('splits Sysmon 12 by EventType', () => {
    const kindOf = (eventType: string) =>
      normalizeWindowsEvent(sysmon(12, [['EventType', eventType], ['TargetObject', 'HKLM\\X']]), 'evtx', origin, '0:1').kind;
    expect(kindOf('CreateKey')).toBe('registry_add');
    expect(kindOf('DeleteKey')).toBe('registry_delete');
    expect(kindOf('DeleteValue')).toBe('registry_delete');
    expect(kindOf('Other')).toBe('registry_event');
  });

  it('matches the Sysmon channel case-insensitively and only the Sysmon channel', () => {
    expect(normalizeWindowsEvent(sysmon(1, [], { Channel: 'microsoft-windows-sysmon/operational' }), 'evtx', origin, '0:1').kind).toBe(
      'process_creation',
    );
    expect(normalizeWindowsEvent(sysmon(1, [], { Channel: 'Application' }), 'evtx', origin, '0:1').kind).toBe('log');
  });

  it.each([
    ['Microsoft-Windows-PowerShell/Operational', 4103, 'ps_module'],
    ['Microsoft-Windows-PowerShell/Operational', 4104, 'ps_script'],
    ['PowerShellCore/Operational', 4104, 'ps_script'],
    ['Windows PowerShell', 400, 'ps_classic_start'],
    ['Windows PowerShell', 600, 'ps_classic_provider_start'],
    ['Windows PowerShell', 800, 'ps_classic_script'],
    ['Windows PowerShell', 4104, 'log'],
    ['Security', 4688, 'process_creation'],
    ['Security', 4624, 'authentication'],
    ['Security', 4779, 'authentication'],
    ['Security', 1102, 'log'],
    ['System', 4624, 'log'],
  ])('%s %i is %s', (channel, eventId, kind) => {
    expect(normalizeWindowsEvent(record({ Channel: channel, EventID: String(eventId) }), 'evtx', origin, '0:1').kind).toBe(kind);
  });
});

describe('Security 4688 aliases', () => {
  const base: WindowsRecord['data'] = [
    ['SubjectUserName', 'PC01$'],
    ['SubjectDomainName', 'CORP'],
    ['NewProcessName', 'C:\\Windows\\System32\\whoami.exe'],
    ['CommandLine', 'whoami /all'],
    ['ParentProcessName', 'C:\\Windows\\System32\\cmd.exe'],
  ];

  it('adds the Sysmon names and keeps the originals', () => {
    const event = normalizeWindowsEvent(
      security(4688, [...base, ['TargetUserName', 'bob'], ['TargetDomainName', 'CORP'], ['MandatoryLabel', 'S-1-16-12288']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.kind).toBe('process_creation');
    expect(event.fields.Image).toBe('C:\\Windows\\System32\\whoami.exe');
    expect(event.fields.NewProcessName).toBe('C:\\Windows\\System32\\whoami.exe');
    expect(event.fields.ParentImage).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(event.fields.User).toBe('CORP\\bob');
    expect(event.fields.IntegrityLevel).toBe('High');
    expect(event.fields.MandatoryLabel).toBe('S-1-16-12288');
    expect(event.user).toBe('CORP\\bob');
    expect(event.message).toBe('Security 4688 process_creation: whoami /all');
  });

  it.each([
    ['S-1-16-4096', 'Low'],
    ['S-1-16-8192', 'Medium'],
    ['S-1-16-16384', 'System'],
  ])('maps %s to %s', (label, level) => {
    const event = normalizeWindowsEvent(security(4688, [...base, ['MandatoryLabel', label]]), 'evtx', origin, '0:1');
    expect(event.fields.IntegrityLevel).toBe(level);
  });

  it('falls back to the subject when the target user is "-"', () => {
    const event = normalizeWindowsEvent(security(4688, [...base, ['TargetUserName', '-'], ['TargetDomainName', '-']]), 'evtx', origin, '0:1');
    expect(event.fields.User).toBe('CORP\\PC01$');
    expect(event.fields.IntegrityLevel).toBeUndefined();
  });

  it('does not alias Sysmon process creation', () => {
    const event = normalizeWindowsEvent(sysmon(1, [['NewProcessName', 'x.exe']]), 'evtx', origin, '0:1');
    expect(event.fields.Image).toBeUndefined();
  });
});

describe('authentication messages and users', () => {
  it('describes a failed logon', () => {
    const event = normalizeWindowsEvent(
      security(4625, [
        ['SubjectUserName', '-'],
        ['TargetUserName', 'bob'],
        ['TargetDomainName', ''],
        ['LogonType', '3'],
        ['IpAddress', '10.0.0.5'],
      ]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.kind).toBe('authentication');
    expect(event.user).toBe('bob');
    expect(event.message).toBe('Security 4625 authentication: failed logon (type 3) for bob from 10.0.0.5');
  });

  it('takes the subject for 4672 and the target for 4624', () => {
    const data: WindowsRecord['data'] = [
      ['SubjectUserName', 'PC01$'],
      ['SubjectDomainName', 'CORP'],
      ['TargetUserName', 'alice'],
      ['TargetDomainName', 'CORP'],
    ];
    expect(normalizeWindowsEvent(security(4624, data), 'evtx', origin, '0:1').user).toBe('CORP\\alice');
    expect(normalizeWindowsEvent(security(4672, data), 'evtx', origin, '0:1').user).toBe('CORP\\PC01$');
  });

  it('uses the account of a session reconnect', () => {
    const event = normalizeWindowsEvent(
      security(4778, [['AccountName', 'carol'], ['AccountDomain', 'CORP'], ['ClientAddress', '192.168.1.9']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.user).toBe('CORP\\carol');
    expect(event.message).toBe('Security 4778 authentication: session reconnected by CORP\\carol from 192.168.1.9');
  });

  it('falls back to the System SID', () => {
    const event = normalizeWindowsEvent(
      record({ EventID: '4104', Channel: 'Microsoft-Windows-PowerShell/Operational', Security_UserID: 'S-1-5-21-9' }, [
        ['ScriptBlockText', 'Invoke-Mimikatz\r\n-DumpCreds'],
      ]),
      'evtx',
      origin,
      '0:1',
    );
    expect(event.user).toBe('S-1-5-21-9');
    expect(event.message).toBe('Microsoft-Windows-PowerShell/Operational 4104 ps_script: Invoke-Mimikatz -DumpCreds');
  });
});

describe('messages', () => {
  it('describes network connections and process access', () => {
    const net = normalizeWindowsEvent(
      sysmon(3, [['Image', 'C:\\a.exe'], ['DestinationIp', '10.1.1.1'], ['DestinationPort', '445']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(net.message).toBe('Sysmon 3 network_connection: C:\\a.exe -> 10.1.1.1:445');
    const access = normalizeWindowsEvent(
      sysmon(10, [['SourceImage', 'C:\\m.exe'], ['TargetImage', 'C:\\Windows\\system32\\lsass.exe']]),
      'evtx',
      origin,
      '0:1',
    );
    expect(access.message).toBe('Sysmon 10 process_access: C:\\m.exe -> C:\\Windows\\system32\\lsass.exe');
  });

  it('bounds the message and keeps it on one line', () => {
    const long = 'A'.repeat(10_000);
    const event = normalizeWindowsEvent(sysmon(1, [['CommandLine', `x\n\t${long}`]]), 'evtx', origin, '0:1');
    expect(event.message.length).toBe(MAX_MESSAGE_CHARS);
    expect(event.message).not.toMatch(/[\n\t]/);
    expect(event.message.endsWith('…')).toBe(true);
    expect(event.fields.CommandLine).toBe(`x\n\t${long}`);
  });

  it('does not split a surrogate pair when cutting', () => {
    const emoji = '😀'.repeat(1000);
    const event = normalizeWindowsEvent(sysmon(1, [['CommandLine', emoji]]), 'evtx', origin, '0:1');
    expect(event.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
