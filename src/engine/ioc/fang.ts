import type { IndicatorType } from '../case/indicator';

/**
 * Refanging undoes the defanging analysts and feeds apply (`hxxp://evil[.]com`), so shared reports and tickets
 * pasted into logs still yield their indicators.
 */
const REFANG_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bh(?:xx|XX|xX|Xx)p(s?)(?=\[?:)/g, 'http$1'],
  [/\bfxp(?=\[?:)/gi, 'ftp'],
  [/\[:\/\/\]|\[:\]\/\//g, '://'],
  [/\s?[[({](?:\.|dot)[\])}]\s?/gi, '.'],
  [/\[:\]/g, ':'],
  [/\s?[[({](?:@|at)[\])}]\s?/gi, '@'],
];

const XP = /xp/i;

/**
 * The first two rules need `xp` (any case) and a colon after it, the others a bracket: text with neither (most log
 * values) is returned as it is without running any of them.
 */
export function refang(text: string): string {
  const bracketed = text.includes('[') || text.includes('(') || text.includes('{');
  if (!bracketed && !(text.includes(':') && XP.test(text))) return text;
  let out = text;
  for (const [pattern, replacement] of REFANG_RULES) out = out.replace(pattern, replacement);
  return out;
}

const defangDots = (text: string): string => text.replace(/\./g, '[.]');

/** The display form: it cannot be clicked, pasted into a browser, or resolved by accident. */
export function defang(type: IndicatorType, value: string): string {
  switch (type) {
    case 'url': {
      const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(value);
      if (!match) return defangDots(value);
      const scheme = match[1].toLowerCase().replace(/^http/, 'hxxp').replace(/^ftp/, 'fxp');
      return `${scheme}[://]${defangDots(match[2])}${match[3].replace(/\./g, '[.]')}`;
    }
    case 'domain':
    case 'ipv4':
      return defangDots(value);
    case 'ipv6':
      return value.replace(/:/g, '[:]');
    case 'email':
      return defangDots(value.replace('@', '[@]'));
    default:
      return value;
  }
}
