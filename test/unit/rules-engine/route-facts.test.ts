import { describe, expect, it } from 'vitest';
import type { EventFields, EventKind } from '../../../src/engine/events';
import { compileRuleSet, RuleEngine } from '../../../src/engine/rules';
import { newMatchContext } from '../../../src/engine/rules/fields';
import { classify, logsourceMatches, routeAliases } from '../../../src/engine/rules/logsource';
import { event, ruleText } from './helpers';

/** Rules for any Windows event that test Channel or EventID: each route decides those tests once. */
const windows = 'product: windows';
const rules: [string, string][] = [
  ['securityOnly', "  selection:\n    Channel: 'Security'\n    EventID: 4720\n  condition: selection"],
  ['bootOrBcdedit',
    "  boot:\n    Channel: 'Security'\n    EventID: 4826\n  weakened:\n    - KernelDebug: '%%1842'\n    - TestSigning: '%%1842'\n  bcdedit:\n    CommandLine|contains: 'bcdedit'\n" +
    '  condition: (boot and weakened) or bcdedit'],
  ['notSysmon', "  sysmon:\n    Channel|contains: 'sysmon'\n  image:\n    Image|endswith: '\\\\net.exe'\n  condition: image and not sysmon"],
  ['channelMissing', "  no_channel:\n    Channel: null\n  user:\n    user: 'root'\n  condition: no_channel and user"],
  ['channelExists', "  channel:\n    Channel|exists: true\n  image:\n    Image|endswith: '\\\\net.exe'\n  condition: channel and image"],
  ['eventIdNot', "  selection:\n    EventID|neq: 1\n    Image|endswith: '\\\\net.exe'\n  condition: selection"],
  ['eventIdHex', "  selection:\n    EventID: 4826\n    KernelDebug: '%%1842'\n  condition: selection"],
];

const set = compileRuleSet(rules.map(([id, detection]) => ({ file: `${id}.yml`, text: ruleText(detection, { id, logsource: windows }) })));

interface Shape {
  kind: EventKind;
  fields: EventFields;
}

const shapes: Shape[] = [
  { kind: 'process_creation', fields: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 } },
  { kind: 'process_creation', fields: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: '1' } },
  { kind: 'process_creation', fields: { Channel: 'Security', EventID: 4688 } },
  { kind: 'log', fields: { Channel: 'Security', EventID: 4720 } },
  { kind: 'log', fields: { Channel: 'SECURITY', EventID: '4826' } },
  { kind: 'log', fields: { Channel: 'Security', EventID: '0x12DA' } },
  { kind: 'log', fields: { Channel: null, EventID: 4826 } },
  { kind: 'log', fields: { EventID: 4720 } },
];
const extras: EventFields[] = [{}, { Image: 'C:\\x\\NET.exe' }, { CommandLine: 'bcdedit /set testsigning on' }, { KernelDebug: '%%1842' }, { TestSigning: '%%1842', user: 'root' },
  { NewProcessName: 'C:\\Windows\\net.exe' }];

describe('tests on the Channel and EventID of a route', () => {
  it('give the same matches as testing every rule on every event', () => {
    expect(set.errors).toEqual([]);
    const engine = new RuleEngine(set);
    let matched = 0;
    let compared = 0;
    for (const shape of shapes) for (const extra of extras) {
      const base = event({ kind: shape.kind });
      const subject = { ...base, fields: { ...shape.fields, ...extra } };
      if (!('Channel' in shape.fields)) delete subject.fields.Channel;
      const ctx = newMatchContext(subject, routeAliases(subject), set.program.fields);
      const expected = set.program.detections.filter((rule) => logsourceMatches(rule.logsource, classify(subject)) && rule.predicate.test(ctx)).map((rule) => rule.info.id);
      expect(engine.push(subject).map((found) => found.ruleId), JSON.stringify(subject.fields)).toEqual(expected);
      matched += expected.length;
      compared++;
    }
    expect(compared).toBe(shapes.length * extras.length);
    // Every rule matches somewhere, so agreeing is not agreeing on nothing.
    expect(matched).toBeGreaterThan(rules.length);
  });

  it('leave a rule out of the routes where its Channel or EventID test always fails', () => {
    const routeSize = (fields: EventFields) => set.program.routes.get(event({ kind: 'log', fields })).size;
    // securityOnly, bootOrBcdedit (by its bcdedit branch), notSysmon, channelExists and eventIdNot can match Security 4720.
    expect(routeSize({ Channel: 'Security', EventID: 4720 })).toBe(5);
    // On Sysmon 7 only bootOrBcdedit, channelExists and eventIdNot can; channelMissing needs no Channel, eventIdHex 4826.
    expect(routeSize({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 7 })).toBe(3);
  });
});
