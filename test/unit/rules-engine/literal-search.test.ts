import { describe, expect, it } from 'vitest';
import { LiteralIndex, NATIVE_SEARCH_MIN_CHARS_PER_LITERAL } from '../../../src/engine/rules/literal-index';

const LITERALS = ['unknown(', 'dbghelp.dll', 'dbgcore.dll'];

/** The literals found in `text`, as the case-insensitive substring test defines them. */
function expected(text: string): number[] {
  return LITERALS.flatMap((literal, id) => (text.toLowerCase().includes(literal) ? [id] : []));
}

function indexOf(literals: readonly string[]): LiteralIndex {
  const index = new LiteralIndex();
  for (const literal of literals) index.register('CallTrace', literal);
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
    let stamp = 0;
    for (const text of texts) {
      stamp = index.nextStamp();
      expect([...index.foundIds('CallTrace', text, stamp)].sort(), text.slice(-40)).toEqual(expected(text));
    }
    expect(stamp).toBe(texts.length);
  });

  it('answers per-literal questions from the same search', () => {
    const index = indexOf(LITERALS);
    const refs = LITERALS.map((literal) => index.register('CallTrace', literal));
    const text = `${long}${frame('dbghelp.dll')}`;
    const stamp = index.nextStamp();
    const ctx = { event: null as never, aliases: null, lowerFields: [], lowerValues: [], lowerBasenames: [], lowerCount: 0, stamp };
    expect(refs.map((ref) => index.contains(ref, ctx, 'CallTrace', text))).toEqual([false, true, false]);
  });
});
