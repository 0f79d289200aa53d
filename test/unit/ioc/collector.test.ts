import { describe, expect, it } from 'vitest';
import { MAX_INDICATOR_EVENT_REFS } from '../../../src/engine/case/indicator';
import type { NormalizedEvent } from '../../../src/engine/events';
import { IndicatorCollector } from '../../../src/engine/ioc';

const event = (id: string, ts: string | null, message: string, fields: NormalizedEvent['fields'] = {}): NormalizedEvent => ({
  id, ts, source: 'text', kind: 'log', host: 'h', user: '', message, fields, origin: { file: 'f', offset: 0 },
});

describe('IndicatorCollector', () => {
  it('deduplicates per case and links each indicator to its events in first-seen order', () => {
    const collector = new IndicatorCollector();
    collector.add(event('0:10', '2024-01-02T00:00:00Z', 'beacon to 8.8.8.8', { DestinationIp: '8.8.8.8' }));
    collector.add(event('0:20', '2024-01-01T00:00:00Z', 'again 8.8.8.8 and evil.example.com'));
    const [ip, domain] = collector.list();
    expect(ip).toMatchObject({
      type: 'ipv4', value: '8.8.8.8', defanged: '8[.]8[.]8[.]8', scope: 'public', count: 2, eventIds: ['0:10', '0:20'],
      firstSeen: '2024-01-01T00:00:00Z', lastSeen: '2024-01-02T00:00:00Z', tier: 'unknown', sources: [],
    });
    expect(domain).toMatchObject({ type: 'domain', value: 'evil.example.com', eventIds: ['0:20'] });
    expect(collector.size).toBe(2);
  });

  it('reads host-only fields as host names even with file-extension TLDs', () => {
    const collector = new IndicatorCollector();
    collector.add(event('0:1', null, 'dns', { QueryName: 'payload.zip' }));
    expect(collector.list().map((i) => i.value)).toEqual(['payload.zip']);
  });

  it('skips mail headers that name relays and ids, not evidence, but keeps the sender and the links', () => {
    const collector = new IndicatorCollector();
    const mail: NormalizedEvent = {
      ...event('0:1', null, ''),
      source: 'eml',
      kind: 'email',
      fields: {
        message_id: '<0123456789abcdef0123456789abcdef@mx.example.org>',
        received: 'from relay.internal.example (10.1.2.3) by mx.example.org',
        from_domain: 'billing.zip',
        urls: 'https://login.example.net/verify',
      },
    };
    collector.add(mail);
    expect(collector.list().map((i) => `${i.type} ${i.value}`)).toEqual(['domain billing.zip', 'url https://login.example.net/verify', 'domain login.example.net']);
    // The same fields in a text log are read like any other.
    collector.add(event('0:2', null, '', { message_id: '0123456789abcdef0123456789abcdef' }));
    expect(collector.list().some((i) => i.type === 'md5')).toBe(true);
  });

  it('caps the event references but keeps counting', () => {
    const collector = new IndicatorCollector();
    for (let i = 0; i < MAX_INDICATOR_EVENT_REFS + 10; i++) collector.add(event(`0:${i}`, null, 'to 1.1.1.1'));
    const [ip] = collector.list();
    expect(ip.count).toBe(MAX_INDICATOR_EVENT_REFS + 10);
    expect(ip.eventIds).toHaveLength(MAX_INDICATOR_EVENT_REFS);
  });

  it('ignores non-string fields and empty values', () => {
    const collector = new IndicatorCollector();
    collector.add(event('0:1', null, '', { port: 443, flag: true, none: null, empty: '' }));
    expect(collector.list()).toEqual([]);
  });
});
