import type { EventKind } from '../../events';
import {
  POWERSHELL_CORE_CHANNEL,
  POWERSHELL_OPERATIONAL_CHANNEL,
  SECURITY_CHANNEL,
  SYSMON_CHANNEL,
  WINDOWS_POWERSHELL_CHANNEL,
} from './record';

/**
 * Sysmon event ids to Sigma logsource categories (Sigma taxonomy appendix, "Sysmon" product mapping; event ids from
 * the Sysmon documentation). 12 is resolved by EventType in `sysmonKind`.
 */
const SYSMON_KINDS: ReadonlyMap<number, EventKind> = new Map<number, EventKind>([
  [1, 'process_creation'],
  [2, 'file_change'],
  [3, 'network_connection'],
  [4, 'sysmon_status'],
  [5, 'process_termination'],
  [6, 'driver_load'],
  [7, 'image_load'],
  [8, 'create_remote_thread'],
  [9, 'raw_access_thread'],
  [10, 'process_access'],
  [11, 'file_event'],
  [13, 'registry_set'],
  [14, 'registry_rename'],
  [15, 'create_stream_hash'],
  [16, 'sysmon_status'],
  [17, 'pipe_created'],
  [18, 'pipe_created'],
  [19, 'wmi_event'],
  [20, 'wmi_event'],
  [21, 'wmi_event'],
  [22, 'dns_query'],
  [23, 'file_delete'],
  [24, 'clipboard_capture'],
  [25, 'process_tampering'],
  [26, 'file_delete_detected'],
  [27, 'file_block_executable'],
  [28, 'file_block_shredding'],
  [29, 'file_executable_detected'],
  [255, 'sysmon_error'],
]);

/** Security log events about logons, logoffs and credential checks: Sigma rules on them use `authentication`-ish data. */
export const LOGON_EVENT_IDS: ReadonlySet<number> = new Set([
  4624, 4625, 4634, 4647, 4648, 4672, 4768, 4769, 4771, 4776, 4778, 4779,
]);

const POWERSHELL_OPERATIONAL_KINDS: ReadonlyMap<number, EventKind> = new Map<number, EventKind>([
  [4103, 'ps_module'],
  [4104, 'ps_script'],
]);

const WINDOWS_POWERSHELL_KINDS: ReadonlyMap<number, EventKind> = new Map<number, EventKind>([
  [400, 'ps_classic_start'],
  [600, 'ps_classic_provider_start'],
  [800, 'ps_classic_script'],
]);

/** Channel names are case-insensitive in the Windows event log service. */
function sameChannel(channel: string, expected: string): boolean {
  return channel.length === expected.length && channel.toLowerCase() === expected.toLowerCase();
}

export function isSysmonChannel(channel: string): boolean {
  return sameChannel(channel, SYSMON_CHANNEL);
}

/** Sysmon 12 carries both key creation and deletion; Sigma splits them by EventType (CreateKey / DeleteKey). */
function sysmonRegistryKind(eventType: string | undefined): EventKind {
  const type = (eventType ?? '').trim().toLowerCase();
  if (type === 'createkey' || type === 'createvalue') return 'registry_add';
  if (type === 'deletekey' || type === 'deletevalue') return 'registry_delete';
  return 'registry_event';
}

/**
 * The event's kind from its channel and id. `eventType` is the EventData EventType, needed only for Sysmon 12.
 * Unknown channels and ids are `log`, never guessed.
 */
export function windowsEventKind(channel: string, eventIdText: string, eventType: string | undefined): EventKind {
  const eventId = Number.parseInt(eventIdText, 10);
  if (!Number.isFinite(eventId)) return 'log';
  if (isSysmonChannel(channel)) {
    if (eventId === 12) return sysmonRegistryKind(eventType);
    return SYSMON_KINDS.get(eventId) ?? 'log';
  }
  if (sameChannel(channel, SECURITY_CHANNEL)) {
    if (eventId === 4688) return 'process_creation';
    return LOGON_EVENT_IDS.has(eventId) ? 'authentication' : 'log';
  }
  if (sameChannel(channel, POWERSHELL_OPERATIONAL_CHANNEL) || sameChannel(channel, POWERSHELL_CORE_CHANNEL)) {
    return POWERSHELL_OPERATIONAL_KINDS.get(eventId) ?? 'log';
  }
  if (sameChannel(channel, WINDOWS_POWERSHELL_CHANNEL)) return WINDOWS_POWERSHELL_KINDS.get(eventId) ?? 'log';
  return 'log';
}
