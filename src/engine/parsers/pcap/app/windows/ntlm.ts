import type { EventFields } from '../../../../events';
import type { PacketRef } from '../../segment';
import { latin1, u16, u32, utf16, withoutNuls } from './bytes';
import type { Emit } from './emit';

/**
 * NTLMSSP messages (MS-NLMP 2.2.1), wherever they travel: raw or SPNEGO-wrapped in an SMB SESSION_SETUP security
 * buffer, in a DCE/RPC auth verifier, or base64 in an HTTP Authorization header.
 */

const SIGNATURE = [0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]; // "NTLMSSP\0"

/** MS-NLMP 2.2.2.5 NTLMSSP_NEGOTIATE_UNICODE: strings are UTF-16LE, else OEM. */
const NEGOTIATE_UNICODE = 0x00000001;

/** Security blobs searched for the NTLMSSP signature are cut here; real ones are a few hundred bytes. */
export const MAX_NTLM_SEARCH_BYTES = 64 * 1024;

/** MS-NLMP 2.3.1: an NTLMv1 NtChallengeResponse is exactly 24 bytes; NTLMv2 ones carry a blob and are longer. */
const NTLMV1_RESPONSE_BYTES = 24;

export interface NtlmChallenge {
  type: 2;
  targetName: string;
  /** MS-NLMP 2.2.2.1 AV_PAIRs of TargetInfo, by AvId name. */
  serverNbComputerName?: string;
  serverNbDomainName?: string;
  serverDnsComputerName?: string;
  serverDnsDomainName?: string;
  serverTreeName?: string;
}

export interface NtlmAuthenticate {
  type: 3;
  username: string;
  domainname: string;
  hostname: string;
  lmResponseLength: number;
  ntResponseLength: number;
}

export type NtlmMessage = { type: 1 } | NtlmChallenge | NtlmAuthenticate;

/** The offset of an NTLMSSP message inside a security blob (SPNEGO wraps it in DER we need not walk), or -1. */
export function findNtlmToken(blob: Uint8Array): number {
  const end = Math.min(blob.length, MAX_NTLM_SEARCH_BYTES) - SIGNATURE.length;
  for (let offset = 0; offset <= end; offset++) {
    if (blob[offset] !== 0x4e) continue;
    if (SIGNATURE.every((value, index) => blob[offset + index] === value)) return offset;
  }
  return -1;
}

/** MS-NLMP 2.2.1: a Len/MaxLen/BufferOffset field triple, offset relative to the message start. */
function payloadString(message: Uint8Array, fieldOffset: number, unicode: boolean, structure: string): string {
  const length = u16(message, fieldOffset, structure);
  const offset = u32(message, fieldOffset + 4, structure);
  if (length === 0) return '';
  return unicode ? utf16(message, offset, length, structure) : latin1(message, offset, length, structure);
}

/** MS-NLMP 2.2.2.1: AV_PAIR ids of the names a server reports about itself. */
const AV_NAMES: Readonly<Record<number, keyof NtlmChallenge>> = {
  1: 'serverNbComputerName', 2: 'serverNbDomainName', 3: 'serverDnsComputerName', 4: 'serverDnsDomainName', 5: 'serverTreeName',
};

function readTargetInfo(message: Uint8Array, challenge: NtlmChallenge): void {
  const length = u16(message, 40, 'NTLM TargetInfoFields');
  const start = u32(message, 44, 'NTLM TargetInfoFields');
  const end = Math.min(start + length, message.length);
  let offset = start;
  // Each pair advances by at least its 4-byte header; MsvAvEOL (0) ends the list.
  while (offset + 4 <= end) {
    const id = u16(message, offset, 'NTLM AV_PAIR');
    const valueLength = u16(message, offset + 2, 'NTLM AV_PAIR');
    if (id === 0) break;
    const name = AV_NAMES[id];
    if (name && offset + 4 + valueLength <= end) {
      (challenge as unknown as Record<string, string>)[name] = utf16(message, offset + 4, valueLength, 'NTLM AV_PAIR');
    }
    offset += 4 + valueLength;
  }
}

/** The NTLMSSP message inside a security blob, if it holds one; throws `InputError` on a truncated one. */
export function ntlmTokenIn(blob: Uint8Array): NtlmMessage | undefined {
  const at = findNtlmToken(blob);
  return at < 0 ? undefined : readNtlmMessage(blob, at);
}

/** Reads the message at `offset` of `blob`; throws `InputError` on a truncated one. */
export function readNtlmMessage(blob: Uint8Array, offset: number): NtlmMessage | undefined {
  const message = blob.subarray(offset);
  const type = u32(message, 8, 'NTLM message header');
  if (type === 1) return { type: 1 };
  if (type === 2) {
    const flags = u32(message, 20, 'NTLM CHALLENGE_MESSAGE');
    const challenge: NtlmChallenge = {
      type: 2,
      targetName: withoutNuls(payloadString(message, 12, (flags & NEGOTIATE_UNICODE) !== 0, 'NTLM TargetNameFields')),
    };
    if (message.length >= 48) readTargetInfo(message, challenge);
    return challenge;
  }
  if (type === 3) {
    const flags = u32(message, 60, 'NTLM AUTHENTICATE_MESSAGE');
    const unicode = (flags & NEGOTIATE_UNICODE) !== 0;
    return {
      type: 3,
      lmResponseLength: u16(message, 12, 'NTLM LmChallengeResponseFields'),
      ntResponseLength: u16(message, 20, 'NTLM NtChallengeResponseFields'),
      domainname: withoutNuls(payloadString(message, 28, unicode, 'NTLM DomainNameFields')),
      username: withoutNuls(payloadString(message, 36, unicode, 'NTLM UserNameFields')),
      hostname: withoutNuls(payloadString(message, 44, unicode, 'NTLM WorkstationFields')),
    };
  }
  return undefined;
}

/**
 * ntlm.log fields for one authentication, plus how it was made: `ntlm_version` from the NT response length
 * (MS-NLMP 3.3.1 vs 3.3.2) and `anonymous` for the null session (MS-NLMP 3.2.5.1.2: empty user and NT response).
 */
export function ntlmFields(auth: NtlmAuthenticate, challenge: NtlmChallenge | undefined, success: boolean | null): EventFields {
  const anonymous = auth.username === '' && auth.ntResponseLength === 0;
  return {
    username: auth.username,
    domainname: auth.domainname,
    hostname: auth.hostname,
    server_nb_computer_name: challenge?.serverNbComputerName ?? null,
    server_dns_computer_name: challenge?.serverDnsComputerName ?? null,
    server_tree_name: challenge?.serverTreeName ?? null,
    success,
    ntlm_version: auth.ntResponseLength === 0 ? null : auth.ntResponseLength === NTLMV1_RESPONSE_BYTES ? 'NTLMv1' : 'NTLMv2',
    anonymous,
  };
}

export function ntlmMessageLine(fields: EventFields): string {
  const who = fields.anonymous ? 'anonymous' : `${String(fields.domainname ?? '')}\\${String(fields.username ?? '')}`;
  const outcome = fields.success === true ? 'succeeded' : fields.success === false ? 'failed' : 'outcome not seen';
  return `NTLM ${String(fields.ntlm_version ?? '')} logon ${who} from ${String(fields.hostname ?? '')}: ${outcome}`.replace(/\s+/g, ' ');
}

/** Hands over the ntlm record of one authentication, with what the server's challenge said about itself. */
export function emitNtlmLogon(emit: Emit, auth: NtlmAuthenticate, challenge: NtlmChallenge | undefined, success: boolean | null, packet: PacketRef): void {
  const fields = ntlmFields(auth, challenge, success);
  emit('ntlm', ntlmMessageLine(fields), fields, packet);
}
