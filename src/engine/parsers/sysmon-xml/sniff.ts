import { SniffScore } from '../types';
import type { XmlEncoding } from './event-splitter';

/** Bytes of the head searched for an event root: the XML declaration and the first tag fit well within it. */
export const SNIFF_CONTENT_BYTES = 1024;

const WINDOWS_EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';
const EVENTS_ROOT = /<Events[\s>]/;
const EVENT_ELEMENT = /<Event[\s>]/;

/**
 * Windows writes these exports as UTF-8 (Event Viewer, wevtutil to a file) or UTF-16LE (PowerShell 5 `>` redirection,
 * which adds a BOM). A UTF-16LE file without a BOM still starts with `<` followed by a zero byte.
 */
export function detectXmlEncoding(head: Uint8Array): XmlEncoding {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0x3c && head[1] === 0x00) return 'utf-16le';
  return 'utf-8';
}

export function sniffWindowsEventXml(head: Uint8Array, fileName: string): SniffScore {
  const encoding = detectXmlEncoding(head);
  const window = head.subarray(0, encoding === 'utf-16le' ? SNIFF_CONTENT_BYTES * 2 : SNIFF_CONTENT_BYTES);
  const text = new TextDecoder(encoding, { fatal: false }).decode(window);
  if (EVENTS_ROOT.test(text)) return SniffScore.Content;
  if (EVENT_ELEMENT.test(text) && text.includes(WINDOWS_EVENT_NAMESPACE)) return SniffScore.Content;
  return fileName.toLowerCase().endsWith('.xml') ? SniffScore.Extension : SniffScore.No;
}
