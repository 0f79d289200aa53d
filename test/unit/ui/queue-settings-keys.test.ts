import { describe, expect, it } from 'vitest';
import { handleKey, type KeyActions } from '../../../src/ui/state/keyboard';
import { NO_FILTER, visibleCases, type QueueCase } from '../../../src/ui/state/queue-view';
import { addUserRules, DEFAULT_SETTINGS, MAX_USER_RULE_BYTES, parseSettings } from '../../../src/ui/state/settings';

function queueCase(id: string, patch: Partial<QueueCase>): QueueCase {
  return {
    id, title: id, createdAt: '2026-01-01T00:00:00Z', verdict: null, score: null, confidence: null, hosts: [],
    techniques: [], eventCount: 0, fileNames: [`${id}.evtx`], firstEventAt: NaN, lastEventAt: NaN, status: 'done',
    progress: 1, ...patch,
  };
}

const cases = [
  queueCase('noise', { verdict: 'noise', score: 5, hosts: ['ws1'] }),
  queueCase('incident', { verdict: 'incident', score: 80, hosts: ['dc1'], techniques: ['T1003.001'], lastEventAt: 10 }),
  queueCase('pending', { status: 'running' }),
  queueCase('suspicious', { verdict: 'suspicious', score: 50, hosts: ['srv'], techniques: ['T1059.001'], lastEventAt: 20 }),
  queueCase('tuning', { verdict: 'tuning', score: 30, hosts: ['ws2'] }),
];

describe('case queue', () => {
  it('shows the highest risk first, pending between suspicious and tuning', () => {
    expect(visibleCases(cases, NO_FILTER, 'risk').map((c) => c.id)).toEqual(['incident', 'suspicious', 'pending', 'tuning', 'noise']);
  });

  it('sorts by latest event and by host', () => {
    expect(visibleCases(cases, NO_FILTER, 'time').slice(0, 2).map((c) => c.id)).toEqual(['suspicious', 'incident']);
    expect(visibleCases(cases, NO_FILTER, 'host')[0].id).toBe('incident');
  });

  it('filters by verdict, pending, technique (sub-techniques under their parent) and text', () => {
    expect(visibleCases(cases, { ...NO_FILTER, verdict: 'tuning' }, 'risk').map((c) => c.id)).toEqual(['tuning']);
    expect(visibleCases(cases, { ...NO_FILTER, verdict: 'pending' }, 'risk').map((c) => c.id)).toEqual(['pending']);
    expect(visibleCases(cases, { ...NO_FILTER, technique: 't1003' }, 'risk').map((c) => c.id)).toEqual(['incident']);
    expect(visibleCases(cases, { ...NO_FILTER, technique: 'T1003.00' }, 'risk')).toEqual([]);
    expect(visibleCases(cases, { ...NO_FILTER, text: 'SRV' }, 'risk').map((c) => c.id)).toEqual(['suspicious']);
  });
});

describe('settings', () => {
  it('falls back to defaults for missing or malformed storage, field by field', () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{not json')).toEqual(DEFAULT_SETTINGS);
    const parsed = parseSettings(JSON.stringify({
      theme: 'light', grouping: 'sideways', disabledCategories: ['execution', 4],
      userRules: [{ file: 'a.yml', text: 'x' }, { file: 3 }],
      assets: { criticality: { dc1: 9, ws1: 0, bad: 'x' }, roles: { dc1: 'domain-controller', x: 1 } },
    }));
    expect(parsed).toEqual({
      theme: 'light', grouping: 'auto', disabledCategories: ['execution'], userRules: [{ file: 'a.yml', text: 'x' }],
      assets: { criticality: { dc1: 5, ws1: 1 }, roles: { dc1: 'domain-controller' } },
    });
  });

  it('replaces user rules by file name and refuses more than the storage budget', () => {
    const rules = addUserRules([{ file: 'a.yml', text: 'old' }], [{ file: 'a.yml', text: 'new' }, { file: 'b.yml', text: 'b' }]);
    expect(rules).toEqual([{ file: 'a.yml', text: 'new' }, { file: 'b.yml', text: 'b' }]);
    expect(typeof addUserRules([], [{ file: 'big.yml', text: 'x'.repeat(MAX_USER_RULE_BYTES) }])).toBe('string');
  });
});

describe('keyboard', () => {
  const calls: string[] = [];
  const actions: KeyActions = {
    move: (step) => calls.push(`move${step}`), open: () => calls.push('open'), escalate: () => calls.push('escalate'),
    resolve: () => calls.push('resolve'), search: () => calls.push('search'), help: () => calls.push('help'),
    close: () => calls.push('close'),
  };
  const press = (key: string, target: unknown = { tagName: 'BODY' }, extra: Record<string, boolean> = {}) =>
    handleKey({ key, target, ctrlKey: false, metaKey: false, altKey: false, ...extra } as unknown as Parameters<typeof handleKey>[0], actions);

  it('maps the triage keys', () => {
    calls.length = 0;
    for (const key of ['j', 'k', 'Enter', 'e', 'r', '/', '?', 'Escape']) press(key);
    expect(calls).toEqual(['move1', 'move-1', 'open', 'escalate', 'resolve', 'search', 'help', 'close']);
  });

  it('leaves typing, modified keys and Enter on a button alone', () => {
    calls.length = 0;
    expect(press('j', { tagName: 'INPUT' })).toBe(false);
    expect(press('e', { tagName: 'DIV', isContentEditable: true })).toBe(false);
    expect(press('r', { tagName: 'BODY' }, { ctrlKey: true })).toBe(false);
    expect(press('Enter', { tagName: 'BUTTON' })).toBe(false);
    expect(calls).toEqual([]);
  });
});
