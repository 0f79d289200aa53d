import { eventId, type EventFields, type FieldValue, type NormalizedEvent } from '../../events';
import type { Flow } from './flow';
import { MAX_APP_FIELD_CHARS } from './limits';
import type { AppEvent } from './segment';
import { secondsBetween, type IsoFormatter } from './timestamp';

/**
 * Well-known responder ports and the service Zeek names for them: `service` when the dissector did not recognise
 * the protocol by its content but the conversation did carry payload (a bare SYN to 443 is no TLS).
 */
const PORT_SERVICES: Readonly<Record<string, string>> = {
  'tcp 21': 'ftp', 'tcp 22': 'ssh', 'tcp 23': 'telnet', 'tcp 25': 'smtp', 'tcp 53': 'dns', 'udp 53': 'dns',
  'udp 67': 'dhcp', 'udp 68': 'dhcp', 'tcp 80': 'http', 'tcp 88': 'krb_tcp', 'udp 88': 'krb', 'tcp 110': 'pop3',
  'udp 123': 'ntp', 'tcp 135': 'dce_rpc', 'udp 137': 'netbios-ns', 'udp 138': 'netbios-dgm', 'tcp 139': 'netbios-ssn',
  'tcp 143': 'imap', 'tcp 389': 'ldap', 'udp 389': 'ldap', 'tcp 443': 'ssl', 'tcp 445': 'smb', 'tcp 465': 'smtp',
  'tcp 587': 'smtp', 'tcp 636': 'ldap', 'tcp 993': 'imap', 'tcp 995': 'pop3', 'tcp 1433': 'mssql', 'tcp 3306': 'mysql',
  'tcp 3389': 'rdp', 'udp 5353': 'dns', 'udp 5355': 'dns', 'tcp 5985': 'http', 'tcp 8080': 'http',
};

/** IANA protocol names for the `ip_proto` of conversations without ports. */
const IP_PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  1: 'icmp', 2: 'igmp', 4: 'ipip', 6: 'tcp', 17: 'udp', 41: 'ipv6', 47: 'gre', 50: 'esp', 51: 'ah', 58: 'icmpv6',
  89: 'ospf', 103: 'pim', 112: 'vrrp', 132: 'sctp',
};

export function serviceByPort(flow: Flow): string | null {
  if (flow.proto === 'ip' || flow.origPayloadBytes + flow.respPayloadBytes === 0) return null;
  return PORT_SERVICES[`${flow.proto} ${flow.dstPort}`] ?? null;
}

const endpointText = (ip: string, port: number | null): string => (port === null ? ip : ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** The conn.log-like event of one conversation (field list in README.md). */
export function flowEvent(flow: Flow, service: string | null, fileName: string, fileIndex: number, iso: IsoFormatter): NormalizedEvent {
  const ports = flow.proto !== 'ip';
  const start = iso.format(flow.first.time);
  const end = iso.format(flow.last.time);
  const duration = flow.first.time && flow.last.time ? Math.max(0, secondsBetween(flow.first.time, flow.last.time)) : null;
  const connState = flow.connState;
  const ipProto = IP_PROTOCOL_NAMES[flow.ipProtocol] ?? String(flow.ipProtocol);
  const fields: EventFields = {
    proto: flow.proto,
    ip_proto: ipProto,
    src_ip: flow.srcIp,
    src_port: ports ? flow.srcPort : null,
    dst_ip: flow.dstIp,
    dst_port: ports ? flow.dstPort : null,
    packets: flow.packets,
    bytes: flow.bytes,
    orig_pkts: flow.origPackets,
    orig_bytes: flow.origBytes,
    resp_pkts: flow.respPackets,
    resp_bytes: flow.respBytes,
    orig_payload_bytes: flow.origPayloadBytes,
    resp_payload_bytes: flow.respPayloadBytes,
    duration: duration === null ? null : Number(duration.toFixed(9)),
    conn_state: connState,
    history: flow.history.text,
    service,
    src_mac: flow.srcMac,
    dst_mac: flow.dstMac,
    start,
    end,
  };
  const what = ports ? flow.proto : ipProto;
  const from = endpointText(flow.srcIp, ports ? flow.srcPort : null);
  const to = endpointText(flow.dstIp, ports ? flow.dstPort : null);
  const seconds = duration === null ? '' : ` in ${duration.toFixed(3)} s`;
  const message =
    `${what} ${from} -> ${to}${service ? ` (${service})` : ''} ${connState}${flow.history.text ? ` ${flow.history.text}` : ''}: ` +
    `${flow.packets} packets, ${flow.bytes} bytes${seconds}`;
  return {
    id: `${eventId(fileIndex, flow.first.offset)}.flow`,
    ts: start,
    source: 'pcap',
    kind: 'flow',
    host: flow.srcIp,
    user: '',
    message,
    fields,
    origin: { file: fileName, offset: flow.first.offset, record: flow.first.frame },
  };
}

/**
 * A text value cut to MAX_APP_FIELD_CHARS; other values as they are. The cut is copied out through JSON (exact, lone
 * surrogates included) because a plain slice shares its parent's characters in V8, and the event would keep the
 * whole long original alive.
 */
function cappedText<Value extends FieldValue>(value: Value): Value {
  if (typeof value !== 'string' || value.length <= MAX_APP_FIELD_CHARS) return value;
  return JSON.parse(JSON.stringify(value.slice(0, MAX_APP_FIELD_CHARS))) as Value;
}

/** Account fields the dissectors name (Zeek's ntlm.log `username`, several logs' `user`). */
const USER_FIELDS = ['user', 'username'];

/** An application record as a normalized event; `id` is given by the caller, which keeps ids unique per packet. */
export function appEvent(app: AppEvent, id: string, fileName: string): NormalizedEvent {
  const fields: EventFields = {};
  for (const name in app.fields) fields[name] = cappedText(app.fields[name]);
  if (app.flow) {
    fields.src_ip = app.flow.srcIp;
    fields.src_port = app.flow.srcPort;
    fields.dst_ip = app.flow.dstIp;
    fields.dst_port = app.flow.dstPort;
    fields.proto = app.flow.proto;
  }
  const user = USER_FIELDS.map((name) => fields[name]).find((value) => typeof value === 'string' && value !== '');
  const srcIp = fields.src_ip;
  return {
    id,
    ts: app.packet.ts,
    source: 'pcap',
    kind: app.kind,
    host: app.flow?.srcIp ?? (typeof srcIp === 'string' ? srcIp : ''),
    user: typeof user === 'string' ? user : '',
    message: cappedText(app.message),
    fields,
    origin: { file: fileName, offset: app.packet.offset, record: app.packet.frame },
  };
}
