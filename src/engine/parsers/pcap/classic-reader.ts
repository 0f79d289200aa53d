import { MAX_PACKET_BYTES } from './limits';
import { u16, u32, type CaptureReader, type CaptureSink } from './capture';
import { classicTime } from './timestamp';

/** Classic pcap magics as read big-endian from the first four bytes (pcap draft, section 4). */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOSECONDS = 0xa1b23c4d;

const FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
/** The LinkType field's upper bits carry FCS information (pcap draft section 4, "LinkType and additional information"). */
const LINK_TYPE_MASK = 0x0fff_ffff;
/** An original length past this cannot be a real packet, which makes a resync candidate implausible. */
const MAX_ORIGINAL_BYTES = 16 * 1024 * 1024;

/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header and the captured bytes. Records
 * have no marker, so after a damaged header the reader scans for the next offset where two consecutive record
 * headers are plausible.
 */
export class ClassicPcapReader implements CaptureReader {
  private littleEndian = true;
  private nanosecond = false;
  private snaplen = 0;
  private linkType = 0;
  private headerRead = false;
  private frames = 0;
  private resyncFrom = -1;
  private snaplenWarned = false;

  constructor(private readonly sink: CaptureSink) {}

  consume(window: Uint8Array, start: number, atEnd: boolean): number {
    let at = 0;
    if (!this.headerRead) {
      if (window.length < FILE_HEADER_BYTES) {
        if (atEnd) this.sink.issue(start, 'pcap file header', `file ends after ${window.length} bytes, inside the 24-byte header`);
        return atEnd ? window.length : 0;
      }
      this.readFileHeader(window);
      at = FILE_HEADER_BYTES;
    }
    while (at < window.length) {
      if (this.resyncFrom >= 0) {
        const found = this.findRecord(window, Math.max(at, this.resyncFrom - start), atEnd);
        if (found.more) return found.at;
        this.sink.issue(this.resyncFrom, 'pcap record header', `skipped ${start + found.at - this.resyncFrom} damaged bytes ${found.at < window.length ? 'up to the next plausible record' : 'to the end of the file'}`);
        this.resyncFrom = -1;
        at = found.at;
        if (at >= window.length) return at;
      }
      if (window.length - at < RECORD_HEADER_BYTES) {
        if (atEnd) this.sink.issue(start + at, 'pcap record header', `file ends ${window.length - at} bytes into a 16-byte record header`);
        return atEnd ? window.length : at;
      }
      const caplen = u32(window, at + 8, this.littleEndian);
      const originalLength = u32(window, at + 12, this.littleEndian);
      if (caplen > MAX_PACKET_BYTES) {
        this.sink.issue(start + at, 'pcap record header', `captured length ${caplen} exceeds the ${MAX_PACKET_BYTES}-byte maximum`);
        this.resyncFrom = start + at;
        at++;
        continue;
      }
      if (window.length - at - RECORD_HEADER_BYTES < caplen) {
        if (atEnd) {
          this.sink.issue(start + at, 'pcap record', `record needs ${caplen} captured bytes, the file ends after ${window.length - at - RECORD_HEADER_BYTES}`);
          return window.length;
        }
        return at;
      }
      if (this.snaplen > 0 && caplen > this.snaplen && !this.snaplenWarned) {
        this.snaplenWarned = true;
        this.sink.issue(start + at, 'pcap record header', `captured length ${caplen} exceeds the file's snaplen ${this.snaplen}`, 'warning');
      }
      const seconds = u32(window, at, this.littleEndian);
      const fraction = u32(window, at + 4, this.littleEndian);
      this.sink.frame({
        frame: ++this.frames,
        offset: start + at,
        linkType: this.linkType,
        interfaceId: 0,
        time: classicTime(seconds, fraction, this.nanosecond),
        data: window.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + caplen),
        originalLength: Math.max(originalLength, caplen),
      });
      at += RECORD_HEADER_BYTES + caplen;
    }
    return at;
  }

  private readFileHeader(window: Uint8Array): void {
    const magic = u32(window, 0, false);
    this.littleEndian = magic !== PCAP_MAGIC_MICROSECONDS && magic !== PCAP_MAGIC_NANOSECONDS;
    this.nanosecond = u32(window, 0, this.littleEndian) === PCAP_MAGIC_NANOSECONDS;
    this.snaplen = u32(window, 16, this.littleEndian);
    this.linkType = u32(window, 20, this.littleEndian) & LINK_TYPE_MASK;
    this.headerRead = true;
    const major = u16(window, 4, this.littleEndian);
    if (major !== 2) this.sink.issue(4, 'pcap file header', `version ${major}.${u16(window, 6, this.littleEndian)}, expected 2.4; read as 2.4`, 'warning');
  }

  private plausibleHeader(window: Uint8Array, at: number): boolean {
    const fraction = u32(window, at + 4, this.littleEndian);
    const caplen = u32(window, at + 8, this.littleEndian);
    const originalLength = u32(window, at + 12, this.littleEndian);
    return (
      fraction < (this.nanosecond ? 1e9 : 1e6) &&
      caplen <= MAX_PACKET_BYTES &&
      caplen <= originalLength &&
      originalLength <= MAX_ORIGINAL_BYTES
    );
  }

  /**
   * The first offset from `from` where a plausible record header is followed by another one (or by the exact end of
   * the file). `more` says the window ended before that could be told from `at` on; at the end of the file, `at` is
   * the window's length when nothing plausible is left.
   */
  private findRecord(window: Uint8Array, from: number, atEnd: boolean): { at: number; more: boolean } {
    for (let at = from; at < window.length; at++) {
      if (window.length - at < RECORD_HEADER_BYTES) return atEnd ? { at: window.length, more: false } : { at, more: true };
      if (!this.plausibleHeader(window, at)) continue;
      const next = at + RECORD_HEADER_BYTES + u32(window, at + 8, this.littleEndian);
      if (next === window.length && atEnd) return { at, more: false };
      if (window.length - next < RECORD_HEADER_BYTES) {
        if (!atEnd) return { at, more: true };
        continue;
      }
      if (this.plausibleHeader(window, next)) return { at, more: false };
    }
    return { at: window.length, more: !atEnd };
  }
}
