import { describe, expect, it } from 'vitest';
import { lowerBasename, lowerText, newMatchContext } from '../../../src/engine/rules/fields';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { event } from './helpers';

describe('per-event lower-case cache', () => {
  it('gives the last path component with its backslash, the whole text at a leading backslash, else nothing', () => {
    const ctx = newMatchContext(event(), null);
    expect(lowerBasename(ctx, 'Image', 'C:\\Windows\\System32\\CMD.EXE')).toBe('\\cmd.exe');
    expect(lowerBasename(ctx, 'ParentImage', '\\Whoami.exe')).toBe('\\whoami.exe');
    expect(lowerBasename(ctx, 'OriginalFileName', 'Cmd.Exe')).toBe('');
    expect(lowerText(ctx, 'Image', 'C:\\Windows\\System32\\CMD.EXE')).toBe('c:\\windows\\system32\\cmd.exe');
  });

  it('starts over for each event the engine pushes', () => {
    const set = compileRuleSet([{
      file: 'r.yml',
      text: "title: r\nid: r\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\\\cmd.exe'\n  condition: selection\n",
    }]);
    const engine = new RuleEngine(set);
    const images = ['C:\\Windows\\cmd.exe', 'C:\\Windows\\notepad.exe', 'cmd.exe', 'D:\\CMD.EXE', 'C:\\cmd.exe\\x.exe'];
    expect(images.map((Image) => engine.push(event({ fields: { Image } })).length)).toEqual([1, 0, 0, 1, 0]);
  });
});
