import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../../src/cli/args';

describe('CLI arguments', () => {
  it('parses parse and triage with their formats', () => {
    expect(parseArgs(['parse', 'a.evtx', 'b.xml', '--format', 'csv'])).toMatchObject({ command: 'parse', files: ['a.evtx', 'b.xml'], format: 'csv' });
    expect(parseArgs(['triage', 'a.evtx', '--format', 'pdf', '--out', 'r.pdf', '--offline', '--rules', 'extra']))
      .toMatchObject({ command: 'triage', format: 'pdf', out: 'r.pdf', offline: true, rulesDirs: ['extra'] });
    expect(parseArgs(['triage', 'a.evtx']).format).toBe('json');
  });

  it('rejects unknown commands, options, formats and missing files', () => {
    for (const argv of [[], ['scan', 'x'], ['parse'], ['parse', 'a', '--format', 'pdf'], ['parse', 'a', '--bogus'], ['rules'], ['triage', 'a', '--out']]) {
      expect(() => parseArgs(argv), argv.join(' ')).toThrow(UsageError);
    }
  });
});
