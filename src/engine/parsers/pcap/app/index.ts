import type { AppDissector, ProtocolModule } from '../segment';
import { ftpProtocol } from './cleartext/ftp';
import { shellProtocol } from './cleartext/shell';
import { smtpProtocol } from './cleartext/smtp';
import { createCompositeDissector } from './composite';
import { dnsProtocol } from './dns';
import { httpProtocol } from './http';
import { kerberosProtocol } from './kerberos';
import { tlsProtocol } from './tls';
import { windowsProtocols } from './windows';

/**
 * Every application protocol the capture decoder can hand a conversation to. Order only breaks ties: each module's
 * content test runs before any port test, and the content tests rarely overlap (a TLS record, an HTTP request line,
 * an SMTP greeting, a NetBIOS-framed SMB header).
 */
export const APP_PROTOCOLS: readonly ProtocolModule[] = [
  tlsProtocol,
  httpProtocol,
  smtpProtocol,
  ftpProtocol,
  kerberosProtocol,
  windowsProtocols,
  shellProtocol,
  dnsProtocol,
];

/** The per-file application dissector the capture decoder feeds (see segment.ts). */
export function createAppDissector(): AppDissector {
  return createCompositeDissector(APP_PROTOCOLS);
}
