import { describe, expect, it } from 'vitest';
import { FieldLiterals, NATIVE_SEARCH_MIN_CHARS_PER_LITERAL, RECENT_SEARCHES } from '../../../src/engine/rules/literal-index';

const LITERALS = ['unknown(', 'dbghelp.dll', 'dbgcore.dll'];

/** The literals found in `text`, as the case-insensitive substring test defines them. */
function expected(text: string): number[] {
  return LITERALS.flatMap((literal, id) => (text.toLowerCase().includes(literal) ? [id] : []));
}

function indexOf(literals: readonly string[]): FieldLiterals {
  const index = new FieldLiterals();
  for (const literal of literals) index.register(literal);
  index.build();
  return index;
}

describe('literal search over long ASCII text (one includes per literal instead of the automaton)', () => {
  const frame = (name: string) => `C:\\Windows\\SYSTEM32\\${name}+a2e4|`;
  // Long enough for the per-literal search, and short ones the automaton scans: both must find the same literals.
  const long = frame('ntdll.dll').repeat(LITERALS.length * NATIVE_SEARCH_MIN_CHARS_PER_LITERAL);
  const texts = [
    long,
    `${long}UNKNOWN(00007FF8A1B2C3D4)`,
    `${long}${frame('DbgHelp.DLL')}`,
    `UnKnOwN(0)${long}${frame('dbgcore.dll')}`,
    'UNKNOWN(0)',
    'x|dbghelp.dll',
    // Non-ASCII text keeps the automaton, which folds each character on its own.
    `${long}\u00c9${frame('DBGCORE.DLL')}`,
  ];

  it('finds exactly the literals the text contains, in any case, on either path', () => {
    const index = indexOf(LITERALS);
    for (const text of texts) expect([...index.search(text)].sort(), text.slice(-40)).toEqual(expected(text));
  });

  it('answers per-literal questions from the same search', () => {
    const index = indexOf(LITERALS);
    const ids = LITERALS.map((literal) => index.register(literal));
    const text = `${long}${frame('dbghelp.dll')}`;
    expect(ids.map((id) => index.occursIn(id, text))).toEqual([false, true, false]);
  });

  it('keeps recent results only for the same texts: repeated, returning, evicted and equal-content texts get their own answers', () => {
    const index = indexOf(LITERALS);
    // Texts come back after one to six others, more than RECENT_SEARCHES, so results are reused, switched and evicted.
    const order = [0, 0, 4, 5, 4, 4, 2, 2, 3, 5, 1, 0, 6, 6, 2, 3, 4, 5, 6, 0, 1, 2, 0, 6, 1, 5, 1, 3];
    expect(new Set(order).size).toBeGreaterThan(RECENT_SEARCHES);
    for (const position of order) {
      // A fresh string object with the same content, as every parsed event carries.
      const text = [...texts[position]].join('');
      expect([...index.search(text)].sort(), `text ${position}`).toEqual(expected(text));
      expect(LITERALS.map((_, id) => index.occursIn(id, text)), `text ${position}`).toEqual(LITERALS.map((literal) => text.toLowerCase().includes(literal)));
    }
  });
});
