import { SniffScore } from '../types';
import { u32 } from './capture';
import { PCAP_MAGIC_MICROSECONDS, PCAP_MAGIC_NANOSECONDS } from './classic-reader';
import { SECTION_HEADER_BLOCK, sectionByteOrder } from './pcapng-reader';

export type CaptureFormat = 'pcap' | 'pcapng';

const byteSwapped = (value: number): number =>
  (((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24)) >>> 0;

/**
 * The format by its magic alone, whatever the file is called: captures named `.pcap` are often pcapng. Classic pcap
 * magics come in both byte orders; pcapng starts with the palindromic SHB type and a byte-order magic at offset 8.
 */
export function captureFormat(head: Uint8Array): CaptureFormat | undefined {
  if (head.length < 4) return undefined;
  const magic = u32(head, 0, false);
  for (const known of [PCAP_MAGIC_MICROSECONDS, PCAP_MAGIC_NANOSECONDS]) {
    if (magic === known || magic === byteSwapped(known)) return 'pcap';
  }
  if (magic === SECTION_HEADER_BLOCK && head.length >= 12 && sectionByteOrder(head, 0) !== undefined) return 'pcapng';
  return undefined;
}

const CAPTURE_EXTENSIONS = /\.(pcap|pcapng|cap|dmp)$/i;

export function sniffCapture(head: Uint8Array, fileName: string): SniffScore {
  if (captureFormat(head)) return SniffScore.Magic;
  // A name alone is not enough to parse binary garbage as packets, but it beats the text fallback.
  return CAPTURE_EXTENSIONS.test(fileName) && head.length > 0 && !isMostlyText(head) ? SniffScore.Extension : SniffScore.No;
}

function isMostlyText(head: Uint8Array): boolean {
  let printable = 0;
  for (const byte of head) if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127)) printable++;
  return printable * 10 >= head.length * 9;
}
