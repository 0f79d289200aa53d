import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from '../../../src/ui/state/routing';

describe('hash routes', () => {
  it('round-trips every view, including evidence ids with slashes and colons', () => {
    const routes: Route[] = [
      { view: 'home' },
      { view: 'settings' },
      { view: 'case', caseId: 'c1' },
      { view: 'case', caseId: 'c1', evidence: { kind: 'event', id: '0:1234' } },
      { view: 'case', caseId: 'c1', evidence: { kind: 'indicator', id: 'url:http://evil.example/a/b?c=d#e' } },
      { view: 'case', caseId: 'c-2', evidence: { kind: 'attestation', id: 'a-17' } },
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('falls back to home for unknown or malformed hashes', () => {
    expect(parseRoute('')).toEqual({ view: 'home' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'home' });
    expect(parseRoute('#/case/')).toEqual({ view: 'home' });
  });

  it('ignores an unknown evidence kind and keeps the case', () => {
    expect(parseRoute('#/case/c1/bogus/x')).toEqual({ view: 'case', caseId: 'c1' });
  });

  it('survives broken percent-encoding', () => {
    expect(parseRoute('#/case/c%E0%A4%A/event/0%3A1')).toEqual({ view: 'case', caseId: 'c%E0%A4%A', evidence: { kind: 'event', id: '0:1' } });
  });
});
