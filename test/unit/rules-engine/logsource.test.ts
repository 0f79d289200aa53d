import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/engine/rules';
import { event, matcher } from './helpers';

const SECURITY = 'Security';
const any = "  selection:\n    Marker: 'yes'\n  condition: selection";
const sees = (logsource: string) => matcher(any, { logsource });
const withMarker = (spec: Parameters<typeof event>[0]) => event({ ...spec, fields: { Marker: 'yes', ...spec?.fields } });

describe('logsource routing (Sigma spec section 5)', () => {
  it('routes Sysmon events by category', () => {
    const processCreation = sees('category: process_creation\n  product: windows');
    expect(processCreation(withMarker({ kind: 'process_creation' }))).toBe(true);
    expect(processCreation(withMarker({ kind: 'network_connection', fields: { EventID: 3 } }))).toBe(false);
  });

  it('derives the Sysmon category from the EventID when the parser gave a coarse kind', () => {
    expect(sees('category: process_access\n  product: windows')(withMarker({ kind: 'log', fields: { EventID: 10 } }))).toBe(true);
    expect(sees('category: process_access\n  product: windows')(withMarker({ kind: 'log', fields: { EventID: 11 } }))).toBe(false);
  });

  it('lets registry_event cover the four registry categories, and not the other way round', () => {
    const registryEvent = sees('category: registry_event\n  product: windows');
    const registrySet = sees('category: registry_set\n  product: windows');
    const setValue = withMarker({ kind: 'registry_set', fields: { EventID: 13 } });
    const createKey = withMarker({ kind: 'registry_add', fields: { EventID: 12, EventType: 'CreateKey' } });
    expect(registryEvent(setValue)).toBe(true);
    expect(registryEvent(createKey)).toBe(true);
    expect(registrySet(setValue)).toBe(true);
    expect(registrySet(createKey)).toBe(false);
    expect(classify(withMarker({ kind: 'registry_event', fields: { EventID: 12, EventType: 'DeleteValue' } })).categories).toContain('registry_delete');
  });

  it('shows Security 4688 to process_creation rules under Sysmon field names', () => {
    const match = matcher("  selection:\n    Image|endswith: '\\whoami.exe'\n    ParentImage|endswith: '\\cmd.exe'\n    IntegrityLevel: High\n    User: 'CORP\\bob'\n  condition: selection");
    const security4688 = event({
      kind: 'process_creation',
      fields: {
        Channel: SECURITY, EventID: 4688, NewProcessName: 'C:\\Windows\\System32\\whoami.exe', ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
        MandatoryLabel: 'S-1-16-12288', TargetUserName: 'bob', TargetDomainName: 'CORP', SubjectUserName: 'WS1$', SubjectDomainName: 'CORP',
      },
    });
    expect(match(security4688)).toBe(true);
    expect(match({ ...security4688, fields: { ...security4688.fields, EventID: 4689 } })).toBe(false);
  });

  it('maps the Channel to the service', () => {
    const security = sees('product: windows\n  service: security');
    expect(security(withMarker({ kind: 'log', fields: { Channel: SECURITY, EventID: 4624 } }))).toBe(true);
    expect(security(withMarker({ kind: 'log', fields: { Channel: 'System', EventID: 7045 } }))).toBe(false);
    const cases: [string, string][] = [
      ['Microsoft-Windows-PowerShell/Operational', 'powershell'], ['Windows PowerShell', 'powershell-classic'],
      ['Microsoft-Windows-TaskScheduler/Operational', 'taskscheduler'], ['Microsoft-Windows-Windows Defender/Operational', 'windefend'],
      ['Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational', 'terminalservices-remoteconnectionmanager'],
      ['Microsoft-Windows-SMBClient/Security', 'smbclient-security'], ['Microsoft-Windows-WinRM/Operational', 'winrm'],
    ];
    for (const [channel, service] of cases) {
      expect(classify(event({ kind: 'log', fields: { Channel: channel, EventID: 1 } })).services).toContain(service);
    }
  });

  it('product windows covers every Windows channel and no other source', () => {
    const windows = sees('product: windows');
    expect(windows(withMarker({ kind: 'log', fields: { Channel: 'Application', EventID: 1000 } }))).toBe(true);
    expect(windows(withMarker({ source: 'sysmon-xml', kind: 'dns_query', fields: { EventID: 22 } }))).toBe(true);
    expect(windows(withMarker({ source: 'text', kind: 'authentication', fields: { program: 'sshd' } }))).toBe(false);
  });

  it('routes Linux auth logs to product linux and their program service', () => {
    const sshd = sees('product: linux\n  service: sshd');
    const auth = sees('product: linux\n  service: auth');
    const line = withMarker({ source: 'text', kind: 'authentication', fields: { program: 'sshd', user: 'root', src_ip: '10.0.0.5' } });
    expect(sshd(line)).toBe(true);
    expect(auth(line)).toBe(true);
    expect(sees('product: linux\n  service: sudo')(line)).toBe(false);
    expect(sees('product: linux\n  service: sudo')(withMarker({ source: 'text', kind: 'authentication', fields: { program: 'sudo' } }))).toBe(true);
  });

  it('routes web, firewall, DNS, flow and mail events by category', () => {
    expect(sees('category: webserver')(withMarker({ source: 'text', kind: 'webserver' }))).toBe(true);
    expect(sees('category: firewall')(withMarker({ source: 'firewall', kind: 'firewall' }))).toBe(true);
    expect(sees('category: dns')(withMarker({ source: 'pcap', kind: 'dns' }))).toBe(true);
    expect(sees('category: network\n  service: connection')(withMarker({ source: 'pcap', kind: 'flow' }))).toBe(true);
    expect(sees('category: network\n  service: connection')(withMarker({ source: 'pcap', kind: 'dns' }))).toBe(false);
    expect(sees('category: email')(withMarker({ source: 'eml', kind: 'email' }))).toBe(true);
    expect(sees('category: firewall')(withMarker({ source: 'text', kind: 'webserver' }))).toBe(false);
  });
});

describe('EventID routing keeps the semantics', () => {
  it('routes by an EventID the condition requires', () => {
    const match = matcher("  selection:\n    EventID: 4625\n    Marker: 'yes'\n  condition: selection", { logsource: 'product: windows' });
    expect(match(withMarker({ kind: 'log', fields: { Channel: SECURITY, EventID: '4625' } }))).toBe(true);
    expect(match(withMarker({ kind: 'log', fields: { Channel: SECURITY, EventID: '4624' } }))).toBe(false);
  });

  it('does not route by an EventID that is only excluded', () => {
    const match = matcher("  selection:\n    Marker: 'yes'\n  filter:\n    EventID: 4625\n  condition: selection and not filter", { logsource: 'product: windows' });
    expect(match(withMarker({ kind: 'log', fields: { Channel: SECURITY, EventID: '4624' } }))).toBe(true);
    expect(match(withMarker({ kind: 'log', fields: { Channel: SECURITY, EventID: '4625' } }))).toBe(false);
  });

  it('routes by the union of EventIDs of an OR', () => {
    const match = matcher("  a:\n    EventID: 4624\n  b:\n    EventID:\n      - 4625\n      - 4771\n  condition: a or b", { logsource: 'product: windows' });
    expect(['4624', '4625', '4771'].map((id) => match(event({ kind: 'log', fields: { Channel: SECURITY, EventID: id } })))).toEqual([true, true, true]);
    expect(match(event({ kind: 'log', fields: { Channel: SECURITY, EventID: '4634' } }))).toBe(false);
  });
});
