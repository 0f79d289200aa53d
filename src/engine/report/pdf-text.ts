/**
 * jsPDF's built-in fonts (Helvetica, Courier) are Type 1 fonts in WinAnsiEncoding (PDF 32000-1 annex D.2): a
 * character outside that table prints as garbage or breaks text extraction. Every string bound for the PDF goes
 * through `toWinAnsi`, which keeps Latin-1 and the WinAnsi extras, strips accents it cannot show, spells out a few
 * common symbols and replaces anything else (Cyrillic, CJK, emoji, controls) with `?`. The JSON keeps the exact text.
 */

/** The 27 characters WinAnsiEncoding places in 0x80-0x9F, which jsPDF maps itself. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Readable ASCII for symbols that are common in logs and mail but absent from WinAnsi. */
const SPELLED_OUT: Record<string, string> = {
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2015': '-', '\u2212': '-',
  '\u2032': "'", '\u2033': '"', '\u2039': '<', '\u203A': '>',
  '\u2190': '<-', '\u2192': '->', '\u2194': '<->', '\u21D2': '=>',
  '\u2264': '<=', '\u2265': '>=', '\u2260': '!=', '\u2713': 'v', '\u2714': 'v', '\u2717': 'x', '\u2718': 'x',
  '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u3000': ' ',
  '\u200B': '', '\u200C': '', '\u200D': '', '\u2060': '', '\uFEFF': '', '\u00AD': '',
  // Latin letters with a stroke have no decomposition in Unicode, so NFKD cannot strip them.
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'Ŧ': 'T', 'ŧ': 't', 'Ƶ': 'Z', 'ƶ': 'z',
};

/** Unicode combining marks, dropped after NFKD so `ő` becomes `o` rather than `?`. */
const COMBINING_MARK = /\p{M}/u;

export const UNSHOWABLE_CHARACTER = '?';

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
}

function transliterate(char: string): string {
  const spelled = SPELLED_OUT[char];
  if (spelled !== undefined) return spelled;
  if (char === '\t') return '    ';
  if (char === '\n' || char === '\r') return char;
  let out = '';
  for (const part of char.normalize('NFKD')) {
    if (COMBINING_MARK.test(part)) continue;
    out += isWinAnsi(part) ? part : UNSHOWABLE_CHARACTER;
  }
  return out || UNSHOWABLE_CHARACTER;
}

export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text) out += isWinAnsi(char) ? char : transliterate(char);
  return out;
}
