import { MAX_DATAGRAM_BYTES, MAX_FRAGMENT_BYTES, MAX_FRAGMENTS_PER_DATAGRAM, MAX_PENDING_DATAGRAMS } from './limits';
import type { IpHeader } from './ip';

interface PendingDatagram {
  pieces: { offset: number; bytes: Uint8Array }[];
  /** Known once the last fragment (More Fragments clear) has arrived. */
  total: number;
  held: number;
}

/**
 * IP reassembly as Wireshark does it with its defaults (ip.defragment and ipv6.defragment on): a fragment only joins
 * a datagram when all its bytes were captured; the datagram is whole once every byte from 0 to the end the last
 * fragment names is present, and only the fragment completing it carries the upper layer. Every other fragment is
 * plain IP to tshark, which is what its per-conversation counts reflect.
 */
export class FragmentReassembler {
  private pending = new Map<string, PendingDatagram>();
  private heldBytes = 0;

  /** The whole datagram's upper-layer bytes when this fragment completes it, else undefined. */
  add(ip: IpHeader, data: Uint8Array): Uint8Array | undefined {
    const fragment = ip.fragment;
    if (!fragment) return undefined;
    const length = ip.payloadEnd - ip.payloadAt;
    const end = fragment.offset + length;
    if (end > MAX_DATAGRAM_BYTES) return undefined;
    const key = `${ip.version}|${ip.src}|${ip.dst}|${ip.version === 4 ? ip.protocol : ''}|${fragment.id}`;
    let datagram = this.pending.get(key);
    if (!datagram) {
      datagram = { pieces: [], total: -1, held: 0 };
      this.pending.set(key, datagram);
      this.evictBeyondLimits(key);
    }
    if (datagram.pieces.length >= MAX_FRAGMENTS_PER_DATAGRAM) return undefined;
    datagram.pieces.push({ offset: fragment.offset, bytes: data.slice(ip.payloadAt, ip.payloadEnd) });
    datagram.held += length;
    this.heldBytes += length;
    if (!fragment.more) datagram.total = end;
    const whole = this.assemble(datagram);
    if (whole) this.drop(key, datagram);
    this.evictBeyondLimits(key);
    return whole;
  }

  private assemble(datagram: PendingDatagram): Uint8Array | undefined {
    if (datagram.total < 0 || datagram.held < datagram.total) return undefined;
    const pieces = [...datagram.pieces].sort((a, b) => a.offset - b.offset);
    let covered = 0;
    for (const piece of pieces) {
      if (piece.offset > covered) return undefined;
      covered = Math.max(covered, piece.offset + piece.bytes.length);
    }
    if (covered < datagram.total) return undefined;
    const whole = new Uint8Array(datagram.total);
    // Later pieces are written first so that the first copy of overlapping bytes wins, as in Wireshark.
    for (let i = datagram.pieces.length - 1; i >= 0; i--) {
      const piece = datagram.pieces[i];
      if (piece.offset >= datagram.total) continue;
      whole.set(piece.bytes.subarray(0, Math.max(0, datagram.total - piece.offset)), piece.offset);
    }
    return whole;
  }

  private drop(key: string, datagram: PendingDatagram): void {
    this.pending.delete(key);
    this.heldBytes -= datagram.held;
  }

  /** Oldest datagrams go first; the one being added to is kept unless it alone breaks the byte limit. */
  private evictBeyondLimits(current: string): void {
    for (const [key, datagram] of this.pending) {
      if (this.pending.size <= MAX_PENDING_DATAGRAMS && this.heldBytes <= MAX_FRAGMENT_BYTES) return;
      if (key === current && this.pending.size === 1) {
        this.drop(key, datagram);
        return;
      }
      if (key !== current) this.drop(key, datagram);
    }
  }
}
