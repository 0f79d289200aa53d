import type { IpScope } from '../case/indicator';

/** Parses dotted-quad IPv4 into a 32-bit number, or undefined. Leading zeros are refused: `010.1.1.1` is octal to some tools. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part[0] === '0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

const V4_RANGES: ReadonlyArray<readonly [base: string, bits: number, scope: IpScope]> = [
  ['0.0.0.0', 8, 'reserved'], // "this network" (RFC 1122)
  ['10.0.0.0', 8, 'private'], // RFC 1918
  ['100.64.0.0', 10, 'private'], // shared address space / CGNAT (RFC 6598)
  ['127.0.0.0', 8, 'reserved'], // loopback
  ['169.254.0.0', 16, 'reserved'], // link-local
  ['172.16.0.0', 12, 'private'], // RFC 1918
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // TEST-NET-1 (RFC 5737)
  ['192.88.99.0', 24, 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16, 'private'], // RFC 1918
  ['198.18.0.0', 15, 'reserved'], // benchmarking (RFC 2544)
  ['198.51.100.0', 24, 'reserved'], // TEST-NET-2
  ['203.0.113.0', 24, 'reserved'], // TEST-NET-3
  ['224.0.0.0', 4, 'reserved'], // multicast
  ['240.0.0.0', 4, 'reserved'], // reserved for future use, includes broadcast
];

const V4_TABLE = V4_RANGES.map(([base, bits, scope]) => {
  const size = 2 ** (32 - bits);
  const start = parseIpv4(base) as number;
  return { start, end: start + size - 1, scope };
});

export function classifyIpv4(value: number): IpScope {
  for (const range of V4_TABLE) if (value >= range.start && value <= range.end) return range.scope;
  return 'public';
}

/** Parses IPv6 text (with optional embedded IPv4 tail and zone) into eight 16-bit groups, or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  let body = text;
  const zone = body.indexOf('%');
  if (zone !== -1) body = body.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(body) || body.length > 45) return undefined;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    const v4 = lastColon === -1 ? undefined : parseIpv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
    return groups.map((group) => parseInt(group, 16));
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1) return known === 8 ? [...head, ...tail] : undefined;
  if (known > 7) return undefined;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}

/** RFC 5952 text: lower case, longest run of zero groups (length >= 2) compressed to `::`. */
export function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function classifyIpv6(groups: number[]): IpScope {
  const [g0, g1] = groups;
  if (groups.every((group) => group === 0)) return 'reserved'; // unspecified
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return 'reserved'; // loopback
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return classifyIpv4(groups[6] * 65536 + groups[7]); // IPv4-mapped
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'reserved'; // link-local fe80::/10
  if ((g0 & 0xff00) === 0xff00) return 'reserved'; // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation 2001:db8::/32
  if ((g0 & 0xe000) === 0x2000) return 'public'; // global unicast 2000::/3
  return 'reserved';
}
