/**
 * Tricks that make a sender name or subject read as something it is not to a person while a filter sees other
 * characters: invisible characters between letters, and words that mix Latin letters with look-alike letters of
 * another script (Unicode TR 39, "mixed-script confusables": Cyrillic `а`, Greek `ο`, Armenian `օ`, Cherokee `Ꮤ`).
 */

/**
 * Zero-width and formatting characters that render as nothing: soft hyphen, combining grapheme joiner, Hangul
 * fillers, zero-width space/joiners, directional marks and overrides, word joiner and invisible operators, BOM, and
 * the Unicode tag block (U+E0000-E007F) and the supplementary variation selectors (U+E0100-E01EF), which select
 * glyph variants of CJK ideographs and do nothing after a Latin letter.
 */
const INVISIBLE = /[\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u3164\ufeff\uffa0]|[\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;

/** Scripts whose letters look like Latin ones (TR 39 confusables). */
const LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}\p{Script=Coptic}\p{Script=Lisu}\p{Script=Canadian_Aboriginal}\p{Script=Syriac}\p{Script=Nko}]/u;
/** Mathematical alphanumerics (U+1D400-1D7FF) and fullwidth Latin: styled letters that filters do not fold. */
const STYLED_LATIN = /[\u{1d400}-\u{1d7ff}\uff21-\uff3a\uff41-\uff5a]/u;
const LATIN_LETTER = /\p{Script=Latin}/u;

/** Minimum invisible characters for a finding: one can be an editor's stray BOM, two between letters is a pattern. */
export const MIN_INVISIBLE_CHARACTERS = 2;

/** Bidirectional overrides reverse how the rest of a name displays (`invoice\u202Efdp.exe` reads `invoiceexe.pdf`). */
const DIRECTION_OVERRIDE = /[\u202d\u202e\u2066-\u2069]/u;

/** Describes the tricks found in `text`, or returns an empty list. */
export function obfuscationFindings(text: string): string[] {
  const findings: string[] = [];
  if (DIRECTION_OVERRIDE.test(text)) findings.push('right-to-left override');
  const invisible = text.match(INVISIBLE)?.length ?? 0;
  if (invisible >= MIN_INVISIBLE_CHARACTERS) findings.push(`${invisible} invisible characters`);
  const visible = text.replace(INVISIBLE, '');
  for (const word of visible.split(/[\s"'“”<>(),:;!?]+/)) {
    if (word.length < 3 || !LATIN_LETTER.test(word)) continue;
    if (LOOKALIKE_SCRIPT.test(word) || STYLED_LATIN.test(word)) {
      findings.push(`mixed-script word '${word.slice(0, 40)}'`);
      break;
    }
  }
  return findings;
}

/**
 * Folds a sender name to the plain letters a reader perceives, so a brand spelt with invisible characters or
 * compatibility forms still reads as the brand: NFKC (fullwidth and mathematical letters to ASCII), invisible
 * characters and combining marks removed, lower case.
 */
export function perceivedText(text: string): string {
  const folded = text.replace(INVISIBLE, '').normalize('NFKD').replace(/\p{M}+/gu, '').normalize('NFKC').toLowerCase();
  let plain = '';
  for (const char of folded) plain += CONFUSABLE_LATIN[char] ?? char;
  // Punctuation of other scripts between letters (`Ap\u0700pl\u0700e`) is there to break words for filters only.
  return plain.replace(/[^\p{L}\p{N}\s.@&'-]/gu, '');
}

/** The most used look-alikes of Latin letters (TR 39 confusables.txt), keyed by their lower-case form. */
const CONFUSABLE_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries({
    'А': 'a', 'В': 'b', 'Е': 'e', 'Ё': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't',
    'У': 'y', 'Х': 'x', 'І': 'i', 'Ј': 'j', 'Ѕ': 's', 'Ԁ': 'd', 'Ԛ': 'q', 'Ԝ': 'w', 'Һ': 'h', 'ո': 'n', 'Օ': 'o',
    'Ս': 'u', 'հ': 'h', 'ց': 'g', 'ք': 'p', 'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ι': 'i', 'Κ': 'k', 'Ν': 'n', 'ν': 'v',
    'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'υ': 'u', 'Χ': 'x', 'Ꭺ': 'a', 'Ᏼ': 'b', 'Ꮯ': 'c', 'Ꭰ': 'd', 'Ꭼ': 'e', 'Ꮐ': 'g',
    'Ꮋ': 'h', 'Ꭻ': 'j', 'Ꮶ': 'k', 'Ꮮ': 'l', 'Ꮇ': 'm', 'Ꮲ': 'p', 'Ꮪ': 's', 'Ꭲ': 't', 'Ꮩ': 'v', 'Ꮃ': 'w', 'Ꮤ': 'w',
    'Ꮓ': 'z', 'ɑ': 'a', 'ɡ': 'g', 'ı': 'i', 'ℓ': 'l',
  }).map(([lookalike, latin]) => [lookalike.toLowerCase(), latin]),
);
