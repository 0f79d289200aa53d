import { MAX_BLOCK_BYTES, MAX_INTERFACES, MAX_PACKET_BYTES } from './limits';
import { u16, u32, type CaptureReader, type CaptureSink } from './capture';
import { MICROSECONDS, pcapngTime, timeResolution, type TimeResolution } from './timestamp';

/** Block types (pcapng draft, section 4 and appendix "Block Type Codes"). */
export const SECTION_HEADER_BLOCK = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION_BLOCK = 1;
const OBSOLETE_PACKET_BLOCK = 2;
const SIMPLE_PACKET_BLOCK = 3;
const ENHANCED_PACKET_BLOCK = 6;
/** Blocks skipped by length, listed so a resync only stops at a real block type. */
const SKIPPED_BLOCK_TYPES = new Set([4, 5, 7, 8, 9, 10, 0x0bad, 0x40000bad]);
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** The byte-order magic as a little-endian read sees it in a big-endian section. */
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;

/** The smallest legal total length per block type: header and trailer (12) plus the fixed fields. */
const MIN_BLOCK_BYTES: Readonly<Record<number, number>> = {
  [SECTION_HEADER_BLOCK]: 28,
  [INTERFACE_DESCRIPTION_BLOCK]: 20,
  [OBSOLETE_PACKET_BLOCK]: 32,
  [SIMPLE_PACKET_BLOCK]: 16,
  [ENHANCED_PACKET_BLOCK]: 32,
};
const BLOCK_ENVELOPE_BYTES = 12;

/** IDB options (section 4.2). */
const OPTION_END = 0;
const OPTION_IF_TSRESOL = 9;
const OPTION_IF_TSOFFSET = 14;

/** Where EPB (section 4.3) and the obsolete PB (appendix A) keep their fields after the interface id. */
const PACKET_TIMESTAMP_HIGH_AT = 12;
const PACKET_TIMESTAMP_LOW_AT = 16;
const PACKET_CAPLEN_AT = 20;
const PACKET_DATA_AT = 28;

interface Interface {
  linkType: number;
  snaplen: number;
  resolution: TimeResolution;
  offsetSeconds: number;
  snaplenWarned: boolean;
}

/**
 * pcapng: a sequence of sections, each a Section Header Block (which fixes the byte order) and the blocks after it.
 * Every block carries its total length twice, before and after the body; a mismatch, a length that is not a multiple
 * of 4 or one running past the file is damage, and the reader scans byte by byte for the next well-formed block.
 */
export class PcapngReader implements CaptureReader {
  private littleEndian = true;
  private interfaces: Interface[] = [];
  private frames = 0;
  private resyncFrom = -1;
  private sectionSeen = false;
  private interfacesCapped = false;

  constructor(private readonly sink: CaptureSink, private readonly fileSize: number) {}

  consume(window: Uint8Array, start: number, atEnd: boolean): number {
    let at = 0;
    while (at < window.length) {
      if (this.resyncFrom >= 0) {
        const found = this.findBlock(window, start, Math.max(at, this.resyncFrom - start), atEnd);
        if (found.more) return found.at;
        const where = found.at < window.length ? 'up to the next well-formed block' : 'to the end of the file';
        this.sink.issue(this.resyncFrom, 'pcapng block', `skipped ${start + found.at - this.resyncFrom} damaged bytes ${where}`);
        this.resyncFrom = -1;
        at = found.at;
        if (at >= window.length) return at;
      }
      if (window.length - at < BLOCK_ENVELOPE_BYTES) {
        if (atEnd) this.sink.issue(start + at, 'pcapng block header', `file ends ${window.length - at} bytes into a block header`);
        return atEnd ? window.length : at;
      }
      const check = this.checkBlock(window, start, at);
      if (check.problem) {
        this.sink.issue(start + at, 'pcapng block header', check.problem);
        this.resyncFrom = start + at;
        at++;
        continue;
      }
      if (window.length - at < check.length) {
        // checkBlock has made sure the block fits in the file, so more bytes will come.
        if (!atEnd) return at;
        this.sink.issue(start + at, 'pcapng block', `file ends inside a ${check.length}-byte block`);
        return window.length;
      }
      if (u32(window, at + check.length - 4, this.littleEndian) !== check.length) {
        this.sink.issue(start + at, 'pcapng block trailer', `trailing length ${u32(window, at + check.length - 4, this.littleEndian)} differs from the leading ${check.length}`);
        this.resyncFrom = start + at;
        at++;
        continue;
      }
      this.readBlock(window.subarray(at, at + check.length), start + at, check.type);
      at += check.length;
    }
    return at;
  }

  /** Reads the block header at `at`; a block is only sound if its length is legal and it fits in the file. */
  private checkBlock(window: Uint8Array, start: number, at: number): { type: number; length: number; problem?: string } {
    // The section header's type reads the same in either byte order; its byte-order magic sets the order from here on.
    const type = u32(window, at, this.littleEndian);
    if (type === SECTION_HEADER_BLOCK) {
      const littleEndian = sectionByteOrder(window, at);
      if (littleEndian === undefined) {
        return { type, length: 0, problem: `section header byte-order magic 0x${u32(window, at + 8, true).toString(16)} is neither 1a2b3c4d nor 4d3c2b1a` };
      }
      this.littleEndian = littleEndian;
    }
    return this.checkLength(type, u32(window, at + 4, this.littleEndian), start + at);
  }

  private checkLength(type: number, length: number, offset: number): { type: number; length: number; problem?: string } {
    const minimum = MIN_BLOCK_BYTES[type] ?? BLOCK_ENVELOPE_BYTES;
    let problem: string | undefined;
    if (length % 4 !== 0) problem = `block length ${length} is not a multiple of 4`;
    else if (length < minimum) problem = `block length ${length} is below the ${minimum} bytes a block of type 0x${type.toString(16)} needs`;
    else if (length > MAX_BLOCK_BYTES) problem = `block length ${length} exceeds the ${MAX_BLOCK_BYTES}-byte maximum`;
    else if (offset + length > this.fileSize) problem = `block length ${length} runs ${offset + length - this.fileSize} bytes past the end of the file`;
    return { type, length, problem };
  }

  private readBlock(block: Uint8Array, offset: number, type: number): void {
    switch (type) {
      case SECTION_HEADER_BLOCK:
        this.sectionSeen = true;
        // Interface ids are per section (section 4.1): a new section starts with none.
        this.interfaces = [];
        this.interfacesCapped = false;
        return;
      case INTERFACE_DESCRIPTION_BLOCK:
        if (this.interfaces.length < MAX_INTERFACES) this.interfaces.push(this.readInterface(block, offset));
        else if (!this.interfacesCapped) {
          this.interfacesCapped = true;
          this.sink.issue(offset, 'pcapng interface description block', `more than ${MAX_INTERFACES} interfaces in one section; the rest are ignored`);
        }
        return;
      case ENHANCED_PACKET_BLOCK:
        this.readPacket(block, offset, u32(block, 8, this.littleEndian));
        return;
      case OBSOLETE_PACKET_BLOCK:
        this.readPacket(block, offset, u16(block, 8, this.littleEndian));
        return;
      case SIMPLE_PACKET_BLOCK:
        this.readSimplePacket(block, offset);
        return;
      default:
        return;
    }
  }

  private readInterface(block: Uint8Array, offset: number): Interface {
    const found: Interface = {
      linkType: u16(block, 8, this.littleEndian),
      snaplen: u32(block, 12, this.littleEndian),
      resolution: MICROSECONDS,
      offsetSeconds: 0,
      snaplenWarned: false,
    };
    const end = block.length - 4;
    for (let at = 16; at + 4 <= end; ) {
      const code = u16(block, at, this.littleEndian);
      const length = u16(block, at + 2, this.littleEndian);
      if (code === OPTION_END) break;
      if (at + 4 + length > end) {
        this.sink.issue(offset + at, 'pcapng interface option', `option ${code} of ${length} bytes runs past its block`, 'warning');
        break;
      }
      if (code === OPTION_IF_TSRESOL && length >= 1) found.resolution = timeResolution(block[at + 4]);
      else if (code === OPTION_IF_TSOFFSET && length >= 8) found.offsetSeconds = this.readInt64(block, at + 4);
      at += 4 + ((length + 3) & ~3);
    }
    return found;
  }

  private readInt64(bytes: Uint8Array, at: number): number {
    const first = u32(bytes, at, this.littleEndian);
    const second = u32(bytes, at + 4, this.littleEndian);
    const [high, low] = this.littleEndian ? [second, first] : [first, second];
    return Number(BigInt.asIntN(64, (BigInt(high) << 32n) | BigInt(low)));
  }

  private interfaceFor(interfaceId: number, offset: number): Interface | undefined {
    const found = this.interfaces[interfaceId];
    if (!found) this.sink.issue(offset, 'pcapng packet block', `interface ${interfaceId} is not described in this section (${this.interfaces.length} are); packet skipped`);
    return found;
  }

  /** EPB (section 4.3) and the obsolete PB (appendix A) share their layout after the interface id. */
  private readPacket(block: Uint8Array, offset: number, interfaceId: number): void {
    const frame = ++this.frames;
    const found = this.interfaceFor(interfaceId, offset);
    if (!found) return;
    const caplen = u32(block, PACKET_CAPLEN_AT, this.littleEndian);
    const originalLength = u32(block, PACKET_CAPLEN_AT + 4, this.littleEndian);
    const room = block.length - PACKET_DATA_AT - 4;
    if (caplen > room || caplen > MAX_PACKET_BYTES) {
      this.sink.issue(offset, 'pcapng packet block', `captured length ${caplen} exceeds the ${Math.min(room, MAX_PACKET_BYTES)} bytes the block can hold; packet skipped`);
      return;
    }
    if (found.snaplen > 0 && caplen > found.snaplen && !found.snaplenWarned) {
      found.snaplenWarned = true;
      this.sink.issue(offset, 'pcapng packet block', `captured length ${caplen} exceeds the interface's snaplen ${found.snaplen} (reported once per interface)`, 'warning');
    }
    this.sink.frame({
      frame,
      offset,
      linkType: found.linkType,
      interfaceId,
      time: pcapngTime(u32(block, PACKET_TIMESTAMP_HIGH_AT, this.littleEndian), u32(block, PACKET_TIMESTAMP_LOW_AT, this.littleEndian), found.resolution, found.offsetSeconds),
      data: block.subarray(PACKET_DATA_AT, PACKET_DATA_AT + caplen),
      originalLength: Math.max(originalLength, caplen),
    });
  }

  /** SPB (section 4.4): interface 0, no timestamp; the captured length is implied by snaplen and the block. */
  private readSimplePacket(block: Uint8Array, offset: number): void {
    const frame = ++this.frames;
    const found = this.interfaceFor(0, offset);
    if (!found) return;
    const originalLength = u32(block, 8, this.littleEndian);
    let caplen = Math.min(originalLength, block.length - 16, MAX_PACKET_BYTES);
    if (found.snaplen > 0) caplen = Math.min(caplen, found.snaplen);
    this.sink.frame({ frame, offset, linkType: found.linkType, interfaceId: 0, time: null, data: block.subarray(12, 12 + caplen), originalLength });
  }

  /**
   * A resync target: a known block type whose leading and trailing lengths agree. `more` says the window ended
   * before the next candidate could be judged.
   */
  private findBlock(window: Uint8Array, start: number, from: number, atEnd: boolean): { at: number; more: boolean } {
    for (let at = from; at < window.length; at++) {
      if (window.length - at < BLOCK_ENVELOPE_BYTES) return atEnd ? { at: window.length, more: false } : { at, more: true };
      let littleEndian = this.littleEndian;
      const type = u32(window, at, littleEndian);
      if (type === SECTION_HEADER_BLOCK) {
        const order = sectionByteOrder(window, at);
        if (order === undefined) continue;
        littleEndian = order;
      } else if (!this.sectionSeen || !(type in MIN_BLOCK_BYTES || SKIPPED_BLOCK_TYPES.has(type))) {
        continue;
      }
      const length = u32(window, at + 4, littleEndian);
      if (this.checkLength(type, length, start + at).problem) continue;
      if (window.length - at < length) {
        if (atEnd) continue;
        return { at, more: true };
      }
      if (u32(window, at + length - 4, littleEndian) === length) return { at, more: false };
    }
    return { at: window.length, more: !atEnd };
  }
}

/** A Section Header Block's byte order from its byte-order magic (section 4.1); undefined when the magic is neither. */
export function sectionByteOrder(window: Uint8Array, at: number): boolean | undefined {
  const magic = u32(window, at + 8, true);
  if (magic === BYTE_ORDER_MAGIC) return true;
  return magic === BYTE_ORDER_MAGIC_SWAPPED ? false : undefined;
}
