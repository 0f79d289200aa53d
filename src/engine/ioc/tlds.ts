import ianaTlds from 'tlds';

/** Every delegated top-level domain (IANA root zone, via the `tlds` package): `svchost.exe` has no real TLD. */
export const TLDS: ReadonlySet<string> = new Set(ianaTlds.map((tld) => tld.toLowerCase()));

/**
 * Real TLDs that are also common file extensions (`invoice.zip`, `setup.py`, `payload.ws`). A two-label name ending
 * in one of them is taken for a file, not a domain, unless it sits where only a host name can (a URL host, a mail
 * domain, a DNS query field).
 */
export const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  'ai', 'am', 'app', 'bz', 'cab', 'cc', 'cx', 'in', 'md', 'mk', 'ml', 'mov', 'one', 'pl', 'pm', 'ps', 'pub', 'py',
  'rs', 'run', 'sc', 'sh', 'so', 'vc', 'ws', 'zip',
]);
