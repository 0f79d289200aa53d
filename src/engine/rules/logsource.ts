import type { EventKind, FieldValue, NormalizedEvent } from '../events';
import type { FieldAliases, LogSource } from './types';

/**
 * Logsource routing (Sigma spec section 5): every event is classified into categories, a product and services; a
 * rule sees an event when each attribute the rule sets is among the event's.
 */
export interface Classification {
  categories: ReadonlySet<string>;
  product: string | undefined;
  services: ReadonlySet<string>;
}

/** Windows channel -> Sigma service, from the taxonomy appendix's service table (lower-cased channel names). */
export const WINDOWS_SERVICES: Readonly<Record<string, string>> = {
  'security': 'security',
  'system': 'system',
  'application': 'application',
  'microsoft-windows-sysmon/operational': 'sysmon',
  'microsoft-windows-powershell/operational': 'powershell',
  'powershellcore/operational': 'powershell',
  'windows powershell': 'powershell-classic',
  'microsoft-windows-taskscheduler/operational': 'taskscheduler',
  'microsoft-windows-wmi-activity/operational': 'wmi',
  'microsoft-windows-windows defender/operational': 'windefend',
  'microsoft-windows-windows firewall with advanced security/firewall': 'firewall-as',
  'microsoft-windows-bits-client/operational': 'bits-client',
  'microsoft-windows-terminalservices-localsessionmanager/operational': 'terminalservices-localsessionmanager',
  'microsoft-windows-terminalservices-remoteconnectionmanager/operational': 'terminalservices-remoteconnectionmanager',
  'microsoft-windows-winrm/operational': 'winrm',
  'microsoft-windows-dns-client/operational': 'dns-client',
  'dns server': 'dns-server',
  'microsoft-windows-dns-server/analytical': 'dns-server-analytic',
  'microsoft-windows-smbclient/security': 'smbclient-security',
  'microsoft-windows-smbserver/security': 'smbserver-security',
  'microsoft-windows-ntlm/operational': 'ntlm',
  'microsoft-windows-lsa/operational': 'lsa-server',
  'microsoft-windows-applocker/exe and dll': 'applocker',
  'microsoft-windows-applocker/msi and script': 'applocker',
  'microsoft-windows-applocker/packaged app-deployment': 'applocker',
  'microsoft-windows-applocker/packaged app-execution': 'applocker',
  'microsoft-windows-codeintegrity/operational': 'codeintegrity-operational',
  'msexchange management': 'msexchange-management',
  'microsoft-windows-driverframeworks-usermode/operational': 'driver-framework',
  'microsoft-windows-dhcp-server/operational': 'dhcp',
  'microsoft-windows-printservice/admin': 'printservice-admin',
  'microsoft-windows-printservice/operational': 'printservice-operational',
  'microsoft-windows-security-mitigations/kernel mode': 'security-mitigations',
  'microsoft-windows-security-mitigations/user mode': 'security-mitigations',
  'microsoft-windows-shell-core/operational': 'shell-core',
  'microsoft-windows-openssh/operational': 'openssh',
  'microsoft-windows-ldap-client/debug': 'ldap',
  'microsoft-windows-kernel-shimengine/operational': 'shim-engine',
  'microsoft-windows-appxdeploymentserver/operational': 'appxdeployment-server',
  'microsoft-windows-appxpackaging/operational': 'appxpackaging-om',
  'microsoft-windows-capi2/operational': 'capi2',
  'microsoft-windows-certificateservicesclient-lifecycle-system/operational': 'certificateservicesclient-lifecycle-system',
  'microsoft-windows-diagnosis-scripted/operational': 'diagnosis-scripted',
  'microsoft-windows-hyper-v-worker-admin': 'hyper-v-worker',
  'microsoft-windows-kernel-pnp/configuration': 'kernel-pnp',
  'microsoft-windows-vhdmp/operational': 'vhdmp',
  'microsoft-windows-wmi-activity/trace': 'wmi',
  'openssh/operational': 'openssh',
};

/** Sigma categories by Sysmon EventID, for parsers that emit a Sysmon event under a coarse kind. */
const SYSMON_CATEGORIES: Readonly<Record<string, string>> = {
  1: 'process_creation', 2: 'file_change', 3: 'network_connection', 4: 'sysmon_status', 5: 'process_termination',
  6: 'driver_load', 7: 'image_load', 8: 'create_remote_thread', 9: 'raw_access_thread', 10: 'process_access',
  11: 'file_event', 13: 'registry_set', 14: 'registry_rename', 15: 'create_stream_hash', 16: 'sysmon_status',
  17: 'pipe_created', 18: 'pipe_created', 19: 'wmi_event', 20: 'wmi_event', 21: 'wmi_event', 22: 'dns_query',
  23: 'file_delete', 24: 'clipboard_capture', 25: 'process_tampering', 26: 'file_delete_detected',
  27: 'file_block_executable', 28: 'file_block_shredding', 29: 'file_executable_detected', 255: 'sysmon_error',
};

/** Categories of other channels by EventID: Security 4688 is process creation, PowerShell logs have their own. */
const CHANNEL_CATEGORIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  security: { 4688: 'process_creation' },
  powershell: { 4103: 'ps_module', 4104: 'ps_script' },
  'powershell-classic': { 400: 'ps_classic_start', 600: 'ps_classic_provider_start', 800: 'ps_classic_script' },
};

const REGISTRY_CATEGORIES = new Set(['registry_add', 'registry_delete', 'registry_set', 'registry_rename']);

/** Our own kinds for non-Windows sources -> Sigma logsource (category, and a service where the spec names one). */
const GENERIC_KINDS: Partial<Record<EventKind, { categories: string[]; services: string[] }>> = {
  webserver: { categories: ['webserver'], services: [] },
  firewall: { categories: ['firewall'], services: [] },
  dns: { categories: ['dns', 'network'], services: ['dns'] },
  flow: { categories: ['network'], services: ['connection'] },
  email: { categories: ['email'], services: [] },
};

const NON_WINDOWS_KINDS = new Set<EventKind>(['authentication', 'webserver', 'firewall', 'dns', 'email', 'flow', 'log']);

/**
 * Packet-capture kinds -> the Zeek log (Sigma service under product zeek) whose fields they carry, and the Sigma
 * categories that also fit.
 */
const CAPTURE_KINDS: Partial<Record<EventKind, { categories: string[]; service: string }>> = {
  flow: { categories: ['network'], service: 'conn' },
  dns: { categories: ['dns', 'network'], service: 'dns' },
  // Seen on the wire, a request is what both the client's proxy and the server's access log would record.
  http: { categories: ['proxy', 'webserver', 'network'], service: 'http' },
  tls: { categories: ['network'], service: 'ssl' },
  kerberos: { categories: ['network'], service: 'kerberos' },
  smb: { categories: ['network'], service: 'smb_files' },
  dce_rpc: { categories: ['network'], service: 'dce_rpc' },
  ntlm: { categories: ['network'], service: 'ntlm' },
  arp: { categories: ['network'], service: 'arp' },
  ftp: { categories: ['network'], service: 'ftp' },
  smtp: { categories: ['network'], service: 'smtp' },
};

/** Programs of a Linux auth log and the Sigma services they are (taxonomy: product linux). */
const LINUX_AUTH_SERVICES: Readonly<Record<string, string>> = { sshd: 'sshd', sudo: 'sudo', su: 'su', cron: 'cron', crond: 'cron', systemd: 'systemd' };

/** Field names under which text parsers record the syslog program (`sshd[123]:`); the auth parser uses `service`. */
export const PROGRAM_FIELDS = ['program', 'service', 'process', 'app', 'appname'];

export function eventChannel(event: NormalizedEvent): string {
  const channel = event.fields.Channel;
  return typeof channel === 'string' ? channel : '';
}

export function eventIdText(event: NormalizedEvent): string {
  const id = event.fields.EventID;
  return id === undefined || id === null ? '' : String(id).trim();
}

export function eventProgram(event: NormalizedEvent): string {
  if (event.source !== 'text') return '';
  for (const field of PROGRAM_FIELDS) {
    const value = event.fields[field];
    // `/usr/sbin/sshd[812]` and `sshd` are the same program.
    if (typeof value === 'string' && value) return value.toLowerCase().replace(/\[\d+\]$/, '').replace(/^.*\//, '');
  }
  return '';
}

function registryCategory(eventId: string, eventType: string): string | undefined {
  if (eventId === '13') return 'registry_set';
  if (eventId === '14') return 'registry_rename';
  if (eventId !== '12') return undefined;
  return /^delete/i.test(eventType) ? 'registry_delete' : 'registry_add';
}

export function classify(event: NormalizedEvent): Classification {
  const categories = new Set<string>();
  const services = new Set<string>();
  if (event.source === 'evtx' || event.source === 'sysmon-xml') {
    const channel = eventChannel(event).toLowerCase();
    const service = WINDOWS_SERVICES[channel];
    const id = eventIdText(event);
    if (service) services.add(service);
    if (!NON_WINDOWS_KINDS.has(event.kind)) categories.add(event.kind);
    const derived = service === 'sysmon' ? SYSMON_CATEGORIES[id] : service ? CHANNEL_CATEGORIES[service]?.[id] : undefined;
    if (derived) categories.add(derived);
    if (service === 'sysmon' && id === '12') {
      const eventType = event.fields.EventType;
      categories.add(registryCategory(id, typeof eventType === 'string' ? eventType : '') ?? 'registry_add');
    }
    if ([...categories].some((category) => REGISTRY_CATEGORIES.has(category) || category === 'registry_event')) categories.add('registry_event');
    return { categories, product: 'windows', services };
  }
  const captured = event.source === 'pcap' ? CAPTURE_KINDS[event.kind] : undefined;
  if (captured) {
    captured.categories.forEach((category) => categories.add(category));
    // `connection` keeps the flow rules written before captures had their own product working.
    if (event.kind === 'flow') services.add('connection');
    services.add(captured.service);
    return { categories, product: 'zeek', services };
  }
  const generic = GENERIC_KINDS[event.kind];
  if (generic) {
    generic.categories.forEach((category) => categories.add(category));
    generic.services.forEach((service) => services.add(service));
  }
  if (event.source === 'text' && event.kind === 'authentication') {
    const program = eventProgram(event);
    services.add('auth');
    if (LINUX_AUTH_SERVICES[program]) services.add(LINUX_AUTH_SERVICES[program]);
    return { categories, product: 'linux', services };
  }
  return { categories, product: undefined, services };
}

export function logsourceMatches(logsource: LogSource, classification: Classification): boolean {
  if (logsource.category !== undefined && !classification.categories.has(logsource.category)) return false;
  if (logsource.product !== undefined && logsource.product !== classification.product) return false;
  if (logsource.service !== undefined && !classification.services.has(logsource.service)) return false;
  return true;
}

const INTEGRITY_LEVELS: Readonly<Record<string, string>> = {
  'S-1-16-0': 'Untrusted', 'S-1-16-4096': 'Low', 'S-1-16-8192': 'Medium', 'S-1-16-8448': 'Medium',
  'S-1-16-12288': 'High', 'S-1-16-16384': 'System', 'S-1-16-20480': 'ProtectedProcess',
};

const text = (event: NormalizedEvent, name: string): string | undefined => {
  const value = event.fields[name];
  return value === undefined || value === null || value === '' ? undefined : String(value);
};

const account = (event: NormalizedEvent, prefix: string): string | undefined => {
  const user = text(event, `${prefix}UserName`);
  if (!user) return undefined;
  const domain = text(event, `${prefix}DomainName`);
  return domain ? `${domain}\\${user}` : user;
};

/** Security 4688 read with Sysmon process_creation names (spec section 5, "Security 4688 as process_creation"). */
const SECURITY_4688_ALIASES: FieldAliases = {
  Image: (event) => text(event, 'NewProcessName'),
  ParentImage: (event) => text(event, 'ParentProcessName'),
  User: (event) => account(event, 'Target') ?? account(event, 'Subject'),
  IntegrityLevel: (event) => {
    const label = text(event, 'MandatoryLabel');
    return label === undefined ? undefined : (INTEGRITY_LEVELS[label.toUpperCase()] ?? label);
  },
  LogonId: (event) => text(event, 'SubjectLogonId'),
};

const field = (name: string) => (event: NormalizedEvent): FieldValue | undefined => {
  const value = event.fields[name];
  return value === null ? undefined : value;
};

/**
 * Capture events carry `src_ip`/`dst_ip`/`src_port`/`dst_port` (the names firewall logs use too); rules written for
 * Zeek (`id.orig_h` ...) or ECS (`source.ip` ...) read the same values.
 */
const CAPTURE_ALIASES: FieldAliases = {
  'id.orig_h': field('src_ip'), 'id.orig_p': field('src_port'), 'id.resp_h': field('dst_ip'), 'id.resp_p': field('dst_port'),
  'source.ip': field('src_ip'), 'source.port': field('src_port'), 'destination.ip': field('dst_ip'), 'destination.port': field('dst_port'),
};

export function routeAliases(event: NormalizedEvent): FieldAliases | null {
  if (event.source === 'pcap') return CAPTURE_ALIASES;
  const isWindows = event.source === 'evtx' || event.source === 'sysmon-xml';
  return isWindows && eventChannel(event).toLowerCase() === 'security' && eventIdText(event) === '4688' ? SECURITY_4688_ALIASES : null;
}
