import { describe, expect, it } from 'vitest';
import { FieldState, FieldStates } from '../../../src/engine/rules/field-state';
import { MAX_EVENT_FIELD_STATES } from '../../../src/engine/rules/limits';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { event } from './helpers';

describe('field state (lower case and last path component, kept while the text repeats)', () => {
  it('gives the last path component with its backslash, the whole text at a leading backslash, else nothing', () => {
    const state = new FieldState('Image');
    expect(state.basename('C:\\Windows\\System32\\CMD.EXE')).toBe('\\cmd.exe');
    expect(state.basename('\\Whoami.exe')).toBe('\\whoami.exe');
    expect(state.basename('Cmd.Exe')).toBe('');
    expect(state.lower('C:\\Windows\\System32\\CMD.EXE')).toBe('c:\\windows\\system32\\cmd.exe');
  });

  it('answers for the text it is given, whatever it answered before', () => {
    const state = new FieldState('Image');
    // Equal texts in distinct string objects, texts that differ only in case, and the same text again.
    const texts = ['C:\\A\\B.EXE', ['C:\\A\\', 'B.EXE'].join(''), 'c:\\a\\b.exe', 'C:\\A\\B.EXE', 'X', '\\X', 'C:\\İ\\ΣΑΣ.EXE', 'C:\\A\\B.EXE'];
    for (const text of texts) {
      const lower = text.toLowerCase();
      expect(state.lower(text)).toBe(lower);
      const slash = lower.lastIndexOf('\\');
      expect(state.basename(text), text).toBe(slash < 0 ? '' : lower.slice(slash));
    }
  });

  it('keeps states for at most MAX_EVENT_FIELD_STATES field names first met in events, and still answers past them', () => {
    const states = new FieldStates();
    const ruleField = states.declare('Image');
    for (let n = 0; n < MAX_EVENT_FIELD_STATES; n++) expect(states.of(`f${n}`)).toBe(states.of(`f${n}`));
    const past = states.of('one-more');
    expect(past).not.toBe(states.of('one-more'));
    expect(past.lower('ABC')).toBe('abc');
    expect(states.of('Image')).toBe(ruleField);
  });

  it('gives every event the answer for its own value', () => {
    const set = compileRuleSet([{
      file: 'r.yml',
      text: "title: r\nid: r\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\\\cmd.exe'\n  condition: selection\n",
    }]);
    const engine = new RuleEngine(set);
    const images = ['C:\\Windows\\cmd.exe', 'C:\\Windows\\cmd.exe', 'C:\\Windows\\notepad.exe', 'cmd.exe', 'D:\\CMD.EXE', 'D:\\CMD.EXE', 'C:\\cmd.exe\\x.exe'];
    expect(images.map((Image) => engine.push(event({ fields: { Image } })).length)).toEqual([1, 1, 0, 0, 1, 1, 0]);
  });
});
