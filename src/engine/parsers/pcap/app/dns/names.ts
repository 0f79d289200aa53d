/** Display names of DNS codes as Zeek's dns.log writes them (IANA DNS parameters registry). */

export const QTYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 10: 'NULL', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 17: 'RP',
  18: 'AFSDB', 24: 'SIG', 25: 'KEY', 28: 'AAAA', 29: 'LOC', 33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT',
  43: 'DS', 44: 'SSHFP', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 50: 'NSEC3', 52: 'TLSA', 64: 'SVCB', 65: 'HTTPS',
  99: 'SPF', 249: 'TKEY', 250: 'TSIG', 251: 'IXFR', 252: 'AXFR', 255: '*', 256: 'URI', 257: 'CAA',
};

export const QCLASS_NAMES: Readonly<Record<number, string>> = {
  1: 'C_INTERNET', 3: 'C_CHAOS', 4: 'C_HESIOD', 254: 'C_NONE', 255: 'C_ANY',
};

export const RCODE_NAMES: Readonly<Record<number, string>> = {
  0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED', 6: 'YXDOMAIN', 7: 'YXRRSET',
  8: 'NXRRSET', 9: 'NOTAUTH', 10: 'NOTZONE',
};

export const qtypeName = (code: number): string => QTYPE_NAMES[code] ?? `query-${code}`;
// mDNS (RFC 6762 section 5.4) uses the class's top bit as the unicast-response flag.
export const qclassName = (code: number): string => QCLASS_NAMES[code & 0x7fff] ?? `qclass-${code}`;
export const rcodeName = (code: number): string => RCODE_NAMES[code] ?? `rcode-${code}`;
