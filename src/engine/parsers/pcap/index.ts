import type { Parser } from '../types';
import { createAppDissector } from './app';
import { parseCapture } from './parse';
import { sniffCapture } from './sniff';

/** Packet captures (classic pcap and pcapng): conversations as flow events, application records from `app/`. */
export const parser: Parser = {
  meta: {
    id: 'pcap',
    source: 'pcap',
    label: 'Packet capture (pcap, pcapng)',
    extensions: ['.pcap', '.pcapng', '.cap'],
  },
  sniff: sniffCapture,
  parse: (input, ctx) => parseCapture(input, ctx, { dissector: createAppDissector() }),
};
