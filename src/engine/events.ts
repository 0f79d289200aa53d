/**
 * The normalized event: the one shape every parser emits and everything downstream reads.
 * Field names follow the Sigma taxonomy so rules match without a translation step.
 */

export type EventSource = 'evtx' | 'sysmon-xml' | 'firewall' | 'eml' | 'pcap' | 'text';

/** Sigma logsource categories where one exists, else our own coarse kinds. */
export type EventKind =
  | 'process_creation'
  | 'process_termination'
  | 'network_connection'
  | 'image_load'
  | 'driver_load'
  | 'process_access'
  | 'create_remote_thread'
  | 'raw_access_thread'
  | 'file_event'
  | 'file_change'
  | 'file_delete'
  | 'file_delete_detected'
  | 'file_block_executable'
  | 'file_block_shredding'
  | 'file_executable_detected'
  | 'create_stream_hash'
  | 'registry_event'
  | 'registry_add'
  | 'registry_delete'
  | 'registry_set'
  | 'registry_rename'
  | 'pipe_created'
  | 'wmi_event'
  | 'dns_query'
  | 'clipboard_capture'
  | 'process_tampering'
  | 'sysmon_status'
  | 'sysmon_error'
  | 'ps_module'
  | 'ps_script'
  | 'ps_classic_start'
  | 'ps_classic_provider_start'
  | 'ps_classic_script'
  | 'authentication'
  | 'webserver'
  | 'firewall'
  | 'dns'
  | 'email'
  | 'flow'
  // Application-layer records dissected from packet captures; names and fields follow Zeek's logs (http.log,
  // ssl.log, kerberos.log, smb_files.log, dce_rpc.log, ntlm.log, ...), so Sigma's product:zeek rules apply.
  | 'http'
  | 'tls'
  | 'kerberos'
  | 'smb'
  | 'dce_rpc'
  | 'ntlm'
  | 'arp'
  | 'ftp'
  | 'smtp'
  | 'log';

/** A field value as parsed. Windows values stay text (as rendered by Windows), counters may be numbers. */
export type FieldValue = string | number | boolean | null;

export type EventFields = Record<string, FieldValue>;

/** Where an event came from, so every piece of evidence can be traced back to its bytes. */
export interface EventOrigin {
  file: string;
  /** Byte offset of the record's first byte in the file. */
  offset: number;
  /** EVTX record number, pcap frame number, mail index: whatever the format counts. */
  record?: number;
  /** 1-based line number for line-oriented formats. */
  line?: number;
}

export interface NormalizedEvent {
  /** Stable within a case: see `eventId`. */
  id: string;
  /** ISO-8601 UTC with the full precision of the source (EVTX keeps 100 ns), or null when the record has none. */
  ts: string | null;
  source: EventSource;
  kind: EventKind;
  host: string;
  user: string;
  /** One human-readable line describing the event. */
  message: string;
  fields: EventFields;
  origin: EventOrigin;
}

/**
 * Event ids are `<file index>:<byte offset>`: unique within a case because two records of one file cannot start
 * at the same byte, and stable because they depend only on the input, not on parse order or parallelism. Formats
 * that derive several events from one record add a suffix: a packet capture's conversation is `<id>.flow` (its first
 * packet's offset), and a packet that completes several application records gives `<id>`, `<id>.2`, `<id>.3`...
 */
export function eventId(fileIndex: number, offset: number): string {
  return `${fileIndex}:${offset}`;
}

/** Reads a field as text; numbers and booleans are rendered, absent and null become undefined. */
export function fieldText(event: NormalizedEvent, name: string): string | undefined {
  const value = event.fields[name];
  return value === null || value === undefined ? undefined : String(value);
}

/** Orders events by time, then by id; events without a time sort first, as Timeline Explorer does. */
export function compareEvents(a: NormalizedEvent, b: NormalizedEvent): number {
  if (a.ts !== b.ts) {
    if (a.ts === null) return -1;
    if (b.ts === null) return 1;
    return a.ts < b.ts ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
