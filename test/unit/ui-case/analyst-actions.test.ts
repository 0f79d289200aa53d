import { describe, expect, it } from 'vitest';
import {
  MAX_NOTE_CHARS,
  analystState,
  describeAction,
  newestFirst,
  normalizeNote,
  statusesByCase,
  type AnalystAction,
} from '../../../src/ui/case/analyst-actions';

const at = (minute: number): string => `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('analystState', () => {
  it('is open with no false positives when nothing was done', () => {
    const state = analystState('c1', []);
    expect(state.status).toBe('open');
    expect(state.statusDecision).toBeUndefined();
    expect(state.falsePositives.size).toBe(0);
  });

  it('follows the latest status action by time, whatever the log order', () => {
    const log: AnalystAction[] = [
      { kind: 'resolve', resolution: 'noise', caseId: 'c1', note: 'benign scanner', at: at(5) },
      { kind: 'escalate', caseId: 'c1', note: 'looks bad', at: at(1) },
    ];
    const state = analystState('c1', log);
    expect(state.status).toBe('resolved-noise');
    expect(state.statusDecision).toEqual({ note: 'benign scanner', at: at(5) });
  });

  it('keeps log order for actions stamped at the same instant', () => {
    const log: AnalystAction[] = [
      { kind: 'escalate', caseId: 'c1', note: '', at: at(2) },
      { kind: 'resolve', resolution: 'tuning', caseId: 'c1', note: '', at: at(2) },
    ];
    expect(analystState('c1', log).status).toBe('resolved-tuning');
    expect(analystState('c1', [...log].reverse()).status).toBe('escalated');
  });

  it('reopens a resolved case', () => {
    const log: AnalystAction[] = [
      { kind: 'resolve', resolution: 'tuning', caseId: 'c1', note: '', at: at(1) },
      { kind: 'reopen', caseId: 'c1', note: 'new evidence', at: at(2) },
    ];
    expect(analystState('c1', log).status).toBe('open');
  });

  it('ignores actions of other cases', () => {
    const log: AnalystAction[] = [{ kind: 'escalate', caseId: 'other', note: '', at: at(1) }];
    expect(analystState('c1', log).status).toBe('open');
  });

  it('marks and withdraws false positives without touching the status', () => {
    const log: AnalystAction[] = [
      { kind: 'escalate', caseId: 'c1', note: '', at: at(1) },
      { kind: 'false-positive', caseId: 'c1', indicator: 'ipv4:8.8.8.8', falsePositive: true, note: 'resolver', at: at(2) },
      { kind: 'false-positive', caseId: 'c1', indicator: 'domain:a.example', falsePositive: true, note: '', at: at(3) },
      { kind: 'false-positive', caseId: 'c1', indicator: 'domain:a.example', falsePositive: false, note: 'was wrong', at: at(4) },
    ];
    const state = analystState('c1', log);
    expect(state.status).toBe('escalated');
    expect([...state.falsePositives.keys()]).toEqual(['ipv4:8.8.8.8']);
    expect(state.falsePositives.get('ipv4:8.8.8.8')).toEqual({ note: 'resolver', at: at(2) });
  });
});

describe('normalizeNote', () => {
  it('trims', () => {
    expect(normalizeNote('  checked with owner \n')).toBe('checked with owner');
  });
  it('keeps a note of exactly the limit and refuses a longer one instead of cutting it', () => {
    expect(normalizeNote('x'.repeat(MAX_NOTE_CHARS))).toHaveLength(MAX_NOTE_CHARS);
    expect(() => normalizeNote('x'.repeat(MAX_NOTE_CHARS + 1))).toThrow(RangeError);
  });
});

describe('describeAction', () => {
  it('shows indicators through the display function, never the canonical key', () => {
    const action: AnalystAction = { kind: 'false-positive', caseId: 'c1', indicator: 'url:http://evil.example/x', falsePositive: true, note: '', at: at(1) };
    const line = describeAction(action, () => 'hxxp[://]evil[.]example/x');
    expect(line).toBe('Marked hxxp[://]evil[.]example/x as false positive');
    expect(line).not.toContain('http://');
  });
  it('names each resolution', () => {
    expect(describeAction({ kind: 'resolve', resolution: 'noise', caseId: 'c', note: '', at: at(1) }, String)).toBe('Resolved as noise');
    expect(describeAction({ kind: 'resolve', resolution: 'tuning', caseId: 'c', note: '', at: at(1) }, String)).toBe('Resolved as tuning');
  });
});

describe('newestFirst', () => {
  it('orders by time descending, later log entries first on ties', () => {
    const log: AnalystAction[] = [
      { kind: 'escalate', caseId: 'c', note: 'first', at: at(1) },
      { kind: 'reopen', caseId: 'c', note: 'second', at: at(3) },
      { kind: 'escalate', caseId: 'c', note: 'third', at: at(3) },
    ];
    expect(newestFirst(log).map((action) => action.note)).toEqual(['third', 'second', 'first']);
  });
});

describe('statusesByCase', () => {
  it('folds each case of one log on its own; marks and untouched cases leave no status', () => {
    const log: AnalystAction[] = [
      { kind: 'escalate', caseId: 'a', note: '', at: '2026-01-01T00:00:01Z' },
      { kind: 'resolve', resolution: 'noise', caseId: 'b', note: '', at: '2026-01-01T00:00:02Z' },
      { kind: 'false-positive', caseId: 'c', indicator: 'ip:10.0.0.1', falsePositive: true, note: '', at: '2026-01-01T00:00:03Z' },
      { kind: 'resolve', resolution: 'tuning', caseId: 'a', note: '', at: '2026-01-01T00:00:04Z' },
      // Written later but stamped earlier: the fold goes by time, so b stays resolved.
      { kind: 'reopen', caseId: 'b', note: '', at: '2026-01-01T00:00:00Z' },
    ];
    expect(Object.fromEntries(statusesByCase(log))).toEqual({ a: 'resolved-tuning', b: 'resolved-noise' });
  });
});
