import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../../src/engine/format/csv';

describe('CSV cells', () => {
  it('quotes separators, quotes and newlines', () => {
    expect(csvRow(['a,b', 'say "hi"', 'x\ny', 3])).toBe('"a,b","say ""hi""","x\ny",3\r\n');
  });

  it('neutralizes spreadsheet formulas from hostile values but keeps negative numbers', () => {
    expect(csvCell('=cmd|"/c calc"!A1')).toBe(`"'=cmd|""/c calc""!A1"`);
    expect(csvCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(null)).toBe('');
  });
});
