import type { EventFields, EventKind } from '../../events';
import { meaningful, qualifiedAccount } from './security-aliases';

/** A message is one line for the timeline; the full data stays in `fields`. */
export const MAX_MESSAGE_CHARS = 400;

/** Data values shown for an event of unknown meaning. */
const GENERIC_VALUES_SHOWN = 4;

/** Collapses line breaks, tabs and control characters so the message stays one line. */
const LINE_BREAKING = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

function text(fields: EventFields, name: string): string | undefined {
  return meaningful(fields[name]);
}

function arrow(from: string | undefined, to: string | undefined): string | undefined {
  if (from && to) return `${from} -> ${to}`;
  return from ?? to;
}

function endpoint(host: string | undefined, port: string | undefined): string | undefined {
  if (!host) return undefined;
  return port ? `${host}:${port}` : host;
}

/** Security logon-family wording, after the Windows event descriptions (learn.microsoft.com "Audit ..." pages). */
function authenticationDetail(fields: EventFields, eventId: number): string | undefined {
  const target = qualifiedAccount(fields, 'TargetDomainName', 'TargetUserName');
  const subject = qualifiedAccount(fields, 'SubjectDomainName', 'SubjectUserName');
  const from = text(fields, 'IpAddress') ?? text(fields, 'WorkstationName') ?? text(fields, 'Workstation');
  const fromPart = from ? ` from ${from}` : '';
  const logonType = text(fields, 'LogonType');
  const typePart = logonType ? ` (type ${logonType})` : '';
  switch (eventId) {
    case 4624:
      return `logon${typePart} for ${target ?? 'unknown account'}${fromPart}`;
    case 4625:
      return `failed logon${typePart} for ${target ?? 'unknown account'}${fromPart}`;
    case 4634:
      return `logoff${typePart} for ${target ?? 'unknown account'}`;
    case 4647:
      return `user-initiated logoff for ${target ?? 'unknown account'}`;
    case 4648:
      return `explicit-credential logon by ${subject ?? 'unknown account'} as ${target ?? 'unknown account'}` +
        (text(fields, 'TargetServerName') ? ` to ${text(fields, 'TargetServerName')}` : '');
    case 4672:
      return `special privileges assigned to ${subject ?? 'unknown account'}`;
    case 4768:
      return `Kerberos TGT request for ${target ?? 'unknown account'}${fromPart}`;
    case 4769:
      return `Kerberos service ticket for ${target ?? 'unknown account'} to ${text(fields, 'ServiceName') ?? 'unknown service'}${fromPart}`;
    case 4771:
      return `Kerberos pre-authentication failed for ${target ?? 'unknown account'}${fromPart}`;
    case 4776:
      return `NTLM credential validation for ${text(fields, 'TargetUserName') ?? 'unknown account'}` +
        (text(fields, 'Workstation') ? ` from ${text(fields, 'Workstation')}` : '');
    case 4778:
    case 4779: {
      const account = qualifiedAccount(fields, 'AccountDomain', 'AccountName') ?? 'unknown account';
      const client = text(fields, 'ClientAddress') ?? text(fields, 'ClientName');
      const verb = eventId === 4778 ? 'session reconnected' : 'session disconnected';
      return `${verb} by ${account}${client ? ` from ${client}` : ''}`;
    }
    default:
      return undefined;
  }
}

function kindDetail(fields: EventFields, kind: EventKind, eventId: number): string | undefined {
  switch (kind) {
    case 'process_creation':
      return text(fields, 'CommandLine') ?? text(fields, 'Image');
    case 'process_termination':
    case 'process_tampering':
      return text(fields, 'Image');
    case 'network_connection':
      return arrow(
        text(fields, 'Image'),
        endpoint(text(fields, 'DestinationHostname') ?? text(fields, 'DestinationIp'), text(fields, 'DestinationPort')),
      );
    case 'image_load':
    case 'driver_load':
      return text(fields, 'ImageLoaded');
    case 'process_access':
    case 'create_remote_thread':
      return arrow(text(fields, 'SourceImage'), text(fields, 'TargetImage'));
    case 'raw_access_thread':
      return arrow(text(fields, 'Image'), text(fields, 'Device'));
    case 'file_event':
    case 'file_change':
    case 'file_delete':
    case 'file_delete_detected':
    case 'file_block_executable':
    case 'file_block_shredding':
    case 'file_executable_detected':
    case 'create_stream_hash':
      return arrow(text(fields, 'Image'), text(fields, 'TargetFilename'));
    case 'registry_event':
    case 'registry_add':
    case 'registry_delete':
    case 'registry_set':
    case 'registry_rename': {
      const target = text(fields, 'TargetObject');
      const details = text(fields, 'Details') ?? text(fields, 'NewName');
      return target && details ? `${target} = ${details}` : target;
    }
    case 'pipe_created':
      return arrow(text(fields, 'Image'), text(fields, 'PipeName'));
    case 'wmi_event':
      return text(fields, 'Consumer') ?? text(fields, 'Name') ?? text(fields, 'Query') ?? text(fields, 'Destination');
    case 'dns_query':
      return arrow(text(fields, 'Image'), text(fields, 'QueryName'));
    case 'ps_script':
      return text(fields, 'ScriptBlockText');
    case 'ps_module':
      return text(fields, 'Payload') ?? text(fields, 'ContextInfo');
    case 'authentication':
      return authenticationDetail(fields, eventId);
    default:
      return undefined;
  }
}

/** The first few data values, for events whose meaning we do not model. */
function genericDetail(data: ReadonlyArray<readonly [string | null, string]>): string | undefined {
  const shown: string[] = [];
  for (const [name, value] of data) {
    if (shown.length >= GENERIC_VALUES_SHOWN) break;
    const trimmed = value.trim();
    if (trimmed) shown.push(name ? `${name}=${trimmed}` : trimmed);
  }
  return shown.length > 0 ? shown.join(' ') : undefined;
}

/** `Sysmon 1 process_creation: C:\Windows\System32\cmd.exe /c whoami`, bounded by MAX_MESSAGE_CHARS. */
export function windowsEventMessage(
  sourceLabel: string,
  eventIdText: string,
  kind: EventKind,
  fields: EventFields,
  data: ReadonlyArray<readonly [string | null, string]>,
): string {
  const detail = kindDetail(fields, kind, Number.parseInt(eventIdText, 10)) ?? genericDetail(data);
  let head = sourceLabel;
  if (eventIdText !== '') head = head === '' ? eventIdText : `${head} ${eventIdText}`;
  head = head === '' ? kind : `${head} ${kind}`;
  const line = (detail ? `${head}: ${detail}` : head).replace(LINE_BREAKING, ' ');
  if (line.length <= MAX_MESSAGE_CHARS) return line;
  // Do not cut between the two halves of a surrogate pair.
  let cut = MAX_MESSAGE_CHARS - 1;
  const last = line.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${line.slice(0, cut)}…`;
}
