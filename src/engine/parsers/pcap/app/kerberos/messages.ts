import { CLASS_APPLICATION, CLASS_UNIVERSAL, DerError, bitOf, childrenOf, contextField, integerOf, readTlv, stringOf, type Tlv } from './der';

/** RFC 4120 section 5.10: the APPLICATION tags of the messages a KDC exchanges. */
export const AS_REQ = 10;
export const AS_REP = 11;
export const TGS_REQ = 12;
export const TGS_REP = 13;
export const KRB_ERROR = 30;

export interface KdcRequest {
  type: typeof AS_REQ | typeof TGS_REQ;
  padataTypes: number[];
  client?: string;
  realm: string;
  service?: string;
  etypes: number[];
  forwardable: boolean;
  renewable: boolean;
  till?: string;
}

export interface KdcReply {
  type: typeof AS_REP | typeof TGS_REP;
  client?: string;
  realm: string;
  service?: string;
  /** Encryption type of the ticket (what a roasting tool cracks) and of the part sealed with the client's key. */
  ticketEtype?: number;
  replyEtype?: number;
}

export interface KdcError {
  type: typeof KRB_ERROR;
  errorCode: number;
  client?: string;
  realm: string;
  service?: string;
  text?: string;
}

export type KerberosMessage = KdcRequest | KdcReply | KdcError;

const SEQUENCE = 16;

function sequenceIn(bytes: Uint8Array, outer: Tlv): Tlv {
  const inner = readTlv(bytes, outer.start, outer.end);
  if (inner.tagClass !== CLASS_UNIVERSAL || inner.tag !== SEQUENCE) throw new DerError('SEQUENCE expected');
  return inner;
}

const optionalInt = (bytes: Uint8Array, sequence: Tlv, n: number): number | undefined => {
  const field = contextField(bytes, sequence, n);
  return field ? integerOf(bytes, field) : undefined;
};

const optionalString = (bytes: Uint8Array, sequence: Tlv, n: number): string | undefined => {
  const field = contextField(bytes, sequence, n);
  return field ? stringOf(bytes, field) : undefined;
};

/** PrincipalName (RFC 4120 section 5.2.2): name-string components joined with `/`, as `krbtgt/REALM`. */
function principal(bytes: Uint8Array, sequence: Tlv, n: number): string | undefined {
  const field = contextField(bytes, sequence, n);
  if (!field) return undefined;
  const strings = contextField(bytes, field, 1);
  return strings ? childrenOf(bytes, strings).map((part) => stringOf(bytes, part)).join('/') : undefined;
}

/** EncryptedData (RFC 4120 section 5.2.9): its etype. */
function etypeOf(bytes: Uint8Array, encrypted: Tlv | undefined): number | undefined {
  return encrypted ? optionalInt(bytes, encrypted, 0) : undefined;
}

/** KDC-REQ (RFC 4120 section 5.4.1). */
function request(bytes: Uint8Array, body: Tlv, type: KdcRequest['type']): KdcRequest {
  const padata = contextField(bytes, body, 3);
  const padataTypes = padata ? childrenOf(bytes, padata).map((entry) => optionalInt(bytes, entry, 1) ?? -1) : [];
  const reqBody = contextField(bytes, body, 4);
  if (!reqBody) throw new DerError('req-body missing');
  const options = contextField(bytes, reqBody, 0);
  const etypes = contextField(bytes, reqBody, 8);
  return {
    type,
    padataTypes,
    client: principal(bytes, reqBody, 1),
    realm: optionalString(bytes, reqBody, 2) ?? '',
    service: principal(bytes, reqBody, 3),
    etypes: etypes ? childrenOf(bytes, etypes).map((etype) => integerOf(bytes, etype)) : [],
    // KDCOptions bits (section 5.4.1): forwardable is bit 1, renewable bit 8.
    forwardable: options ? bitOf(bytes, options, 1) : false,
    renewable: options ? bitOf(bytes, options, 8) : false,
    till: optionalString(bytes, reqBody, 5),
  };
}

/** KDC-REP (RFC 4120 section 5.4.2); the ticket is [APPLICATION 1] around a SEQUENCE (section 5.3). */
function reply(bytes: Uint8Array, body: Tlv, type: KdcReply['type']): KdcReply {
  const ticketField = contextField(bytes, body, 5);
  let ticketEtype: number | undefined;
  let service: string | undefined;
  if (ticketField && ticketField.tagClass === CLASS_APPLICATION && ticketField.tag === 1) {
    const ticket = sequenceIn(bytes, ticketField);
    service = principal(bytes, ticket, 2);
    ticketEtype = etypeOf(bytes, contextField(bytes, ticket, 3));
  }
  return {
    type,
    client: principal(bytes, body, 4),
    realm: optionalString(bytes, body, 3) ?? '',
    service,
    ticketEtype,
    replyEtype: etypeOf(bytes, contextField(bytes, body, 6)),
  };
}

/** KRB-ERROR (RFC 4120 section 5.9.1). */
function error(bytes: Uint8Array, body: Tlv): KdcError {
  return {
    type: KRB_ERROR,
    errorCode: optionalInt(bytes, body, 6) ?? -1,
    client: principal(bytes, body, 8),
    realm: optionalString(bytes, body, 9) ?? '',
    service: principal(bytes, body, 10),
    text: optionalString(bytes, body, 11),
  };
}

/** Parses one Kerberos message; undefined when the bytes are not a complete, well-formed KDC message. */
export function parseKerberos(bytes: Uint8Array): KerberosMessage | undefined {
  try {
    const outer = readTlv(bytes, 0);
    if (outer.tagClass !== CLASS_APPLICATION) return undefined;
    const body = sequenceIn(bytes, outer);
    switch (outer.tag) {
      case AS_REQ:
      case TGS_REQ:
        return request(bytes, body, outer.tag);
      case AS_REP:
      case TGS_REP:
        return reply(bytes, body, outer.tag);
      case KRB_ERROR:
        return error(bytes, body);
      default:
        return undefined;
    }
  } catch (thrown) {
    if (thrown instanceof DerError) return undefined;
    throw thrown;
  }
}

/** The APPLICATION tag of bytes that start like a KDC message, for claiming a conversation. */
export function kdcMessageTag(bytes: Uint8Array): number | undefined {
  if (bytes.length < 2 || bytes[0] >> 5 !== 0b011) return undefined;
  const tag = bytes[0] & 0x1f;
  return [AS_REQ, AS_REP, TGS_REQ, TGS_REP, KRB_ERROR].includes(tag) ? tag : undefined;
}
