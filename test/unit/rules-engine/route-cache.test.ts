import { describe, expect, it } from 'vitest';
import type { EventKind } from '../../../src/engine/events';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { event } from './helpers';

const RULES = [
  { file: 'proc.yml', text: "title: p\nid: proc\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\\\cmd.exe'\n  condition: selection\n" },
  { file: 'net.yml', text: "title: n\nid: net\nlogsource:\n  category: network_connection\n  product: windows\ndetection:\n  selection:\n    Image|endswith: '\\\\cmd.exe'\n  condition: selection\n" },
  { file: 'any.yml', text: "title: a\nid: any\nlogsource:\n  product: windows\ndetection:\n  selection:\n    EventID:\n      - 4688\n      - 13\n    Image|contains: 'cmd'\n  condition: selection\n" },
];

/** Twelve route keys (more than the cache remembers), some differing only in Channel or in EventID's type. */
const ROUTES: { kind: EventKind; Channel: string; EventID: number | string }[] = [
  ...[1, 3, 5, 7, 10, 11, 12, 13].map((id) => ({ kind: (id === 1 ? 'process_creation' : id === 3 ? 'network_connection' : 'log') as EventKind, Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: id })),
  { kind: 'process_creation', Channel: 'Security', EventID: 4688 },
  { kind: 'process_creation', Channel: 'Security', EventID: '4688' },
  { kind: 'log', Channel: 'Application', EventID: 13 },
  { kind: 'network_connection', Channel: 'Other', EventID: 3 },
];

describe('route cache', () => {
  it('gives every event the rules of its own route however routes interleave', () => {
    const images = ['C:\\Windows\\cmd.exe', 'C:\\x\\notepad.exe'];
    const events = Array.from({ length: 150 }, (_, n) => {
      // A stride that is neither 1 nor a divisor of the route count, so recent routes come back in changing order.
      const route = ROUTES[(n * 7 + (n >> 3)) % ROUTES.length];
      return event({ kind: route.kind, fields: { Channel: route.Channel, EventID: route.EventID, Image: images[n % 2] } });
    });
    const shared = new RuleEngine(compileRuleSet(RULES));
    const rulesOf = (engine: RuleEngine, e: (typeof events)[number]) => engine.push(e).map((found) => found.ruleId).join(',');
    const interleaved = events.map((e) => rulesOf(shared, e));
    // Each event on its own, through a rule set that has seen no other route.
    const alone = events.map((e) => rulesOf(new RuleEngine(compileRuleSet(RULES)), e));
    expect(interleaved).toEqual(alone);
    expect(new Set(interleaved)).toEqual(new Set(['', 'proc', 'net', 'any', 'proc,any']));
  });
});
