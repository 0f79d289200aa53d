import { defang } from './fang';
import { scanIndicators } from './extract';

export { defang, refang } from './fang';
export { extractIndicators, hostIndicator, scanIndicators, MAX_SCAN_CHARS, type ExtractedIndicator } from './extract';
export { IndicatorCollector } from './collector';
export { classifyIpv4, classifyIpv6, formatIpv6, parseIpv4, parseIpv6 } from './ip';

/** Defangs every indicator found in free text (event messages, mail subjects) before it is shown or exported. */
export function defangText(text: string): string {
  let out = '';
  let at = 0;
  for (const found of scanIndicators(text, Infinity)) {
    if (found.start < at) continue;
    out += text.slice(at, found.start) + defang(found.type, text.slice(found.start, found.end));
    at = found.end;
  }
  return out + text.slice(at);
}
