import { RuleError } from './types';

/** An IPv4 or IPv6 network from the `cidr` modifier; addresses are compared as bigints of 32 or 128 bits. */
export interface Network {
  readonly version: 4 | 6;
  readonly base: bigint;
  readonly mask: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): bigint | undefined {
  const found = IPV4.exec(text);
  if (!found) return undefined;
  let value = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(found[i]);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** RFC 4291 section 2.2 text forms: `::` compression and a trailing dotted IPv4 part; a zone (`%eth0`) is ignored. */
export function parseIpv6(input: string): bigint | undefined {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(':') || text.length > 45) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let value = 0n;
  for (const group of [...head, ...new Array<number>(missing).fill(0), ...tail]) value = (value << 16n) | BigInt(group);
  return value;
}

export function parseNetwork(text: string): Network {
  const [address, prefixText, extra] = text.trim().split('/');
  const version: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = version === 4 ? 32 : 128;
  const base = version === 4 ? parseIpv4(address) : parseIpv6(address);
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (base === undefined || extra !== undefined || !(prefix >= 0 && prefix <= bits)) throw new RuleError(`cidr: '${text}' is not an IPv4 or IPv6 network`);
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { version, base: base & mask, mask };
}

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) also matches an IPv4 network. */
export function networkContains(network: Network, addressText: string): boolean {
  const text = addressText.trim();
  if (network.version === 4) {
    let address = parseIpv4(text);
    if (address === undefined) {
      const v6 = parseIpv6(text);
      if (v6 !== undefined && v6 >> 32n === 0xffffn) address = v6 & 0xffffffffn;
    }
    return address !== undefined && (address & network.mask) === network.base;
  }
  const address = parseIpv6(text);
  return address !== undefined && (address & network.mask) === network.base;
}
