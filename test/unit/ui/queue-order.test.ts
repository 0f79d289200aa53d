import { describe, expect, it } from 'vitest';
import { nextJobIndex } from '../../../src/ui/state/job-order';
import { holdRow, NO_FILTER, visibleCases, type QueueCase } from '../../../src/ui/state/queue-view';

describe('triage scheduling', () => {
  const waiting = [
    { id: 'big', bytes: 200e6 },
    { id: 'small', bytes: 4_000 },
    { id: 'medium', bytes: 2e6 },
    { id: 'small-too', bytes: 4_000 },
  ];

  it('runs the cheapest case first, equal sizes in drop order', () => {
    const order: string[] = [];
    const left = [...waiting];
    while (left.length) order.push(left.splice(nextJobIndex(left), 1)[0].id);
    expect(order).toEqual(['small', 'small-too', 'medium', 'big']);
  });

  it('runs the case the analyst has open before any other', () => {
    expect(waiting[nextJobIndex(waiting, 'big')].id).toBe('big');
    // An open case that is not waiting (done, or stored) does not change the order.
    expect(waiting[nextJobIndex(waiting, 'elsewhere')].id).toBe('small');
  });

  it('has nothing to run in an empty queue', () => {
    expect(nextJobIndex([], 'big')).toBe(-1);
  });
});

function queueCase(id: string, patch: Partial<QueueCase> = {}): QueueCase {
  return {
    id, title: id, createdAt: '2026-01-01T00:00:00Z', verdict: null, score: null, confidence: null, hosts: [],
    techniques: [], eventCount: 0, fileNames: [], firstEventAt: NaN, lastEventAt: NaN, status: 'queued', progress: 0,
    ...patch,
  };
}

describe('queue display while verdicts arrive', () => {
  const ids = (list: readonly QueueCase[]) => list.map((item) => item.id);

  it('keeps the selected row at its index while the others re-sort by risk', () => {
    const before = visibleCases([queueCase('a'), queueCase('b'), queueCase('c'), queueCase('d')], NO_FILTER, 'risk');
    expect(ids(before)).toEqual(['a', 'b', 'c', 'd']);
    const held = { id: 'b', index: 1 };
    // Verdicts arrive: d is an incident, a turns out to be noise, b (selected) is suspicious.
    const after = visibleCases([
      queueCase('a', { verdict: 'noise', score: 2 }), queueCase('b', { verdict: 'suspicious', score: 40 }),
      queueCase('c'), queueCase('d', { verdict: 'incident', score: 90 }),
    ], NO_FILTER, 'risk');
    expect(ids(after)).toEqual(['d', 'b', 'c', 'a']);
    expect(ids(holdRow(after, held))).toEqual(['d', 'b', 'c', 'a']);
    // Had b been selected at the top, it stays there and the incident goes right under it.
    expect(ids(holdRow(after, { id: 'b', index: 0 }))).toEqual(['b', 'd', 'c', 'a']);
  });

  it('sorts fully without a selection, and clamps a hold past the end (a filter shortened the list)', () => {
    const sorted = [queueCase('x'), queueCase('y'), queueCase('z')];
    expect(ids(holdRow(sorted, undefined))).toEqual(['x', 'y', 'z']);
    expect(ids(holdRow(sorted, { id: 'x', index: 7 }))).toEqual(['y', 'z', 'x']);
    expect(ids(holdRow(sorted, { id: 'gone', index: 0 }))).toEqual(['x', 'y', 'z']);
  });
});
