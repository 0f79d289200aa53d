import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventFields, NormalizedEvent } from '../../../src/engine/events';
import { compileRuleSet, RuleEngine, shippedRuleSources } from '../../../src/engine/rules';
import { newMatchContext } from '../../../src/engine/rules/fields';
import { classify, logsourceMatches, routeAliases } from '../../../src/engine/rules/logsource';
import { toNormalizedEvent, type FixtureEvent } from '../rules/rule-test-events';

/**
 * Field states keep what they derived from a field's text (lower case, last path component, literals found) and the
 * value read for the current event across events. Whatever came before, an event must get exactly the matches it gets
 * on its own: the shipped rules over every rule fixture, pushed so that consecutive events repeat values in new string
 * objects, change them only in case, and alternate between two engines sharing the rule set.
 */

const FIXTURE_DIR = path.resolve(__dirname, '../../fixtures/rules');

function fixtureEvents(): NormalizedEvent[] {
  return readdirSync(FIXTURE_DIR).sort().flatMap((folder) =>
    ['positive', 'negative'].flatMap((which) => {
      const file = path.join(FIXTURE_DIR, folder, `${which}.json`);
      if (!existsSync(file)) return [];
      const partials = JSON.parse(readFileSync(file, 'utf8')) as FixtureEvent[];
      return partials.map((partial, position) => toNormalizedEvent(partial, position, file));
    }),
  );
}

/** Route keys (Channel, EventID) keep their values, so every variant of an event takes its route. */
function withValues(event: NormalizedEvent, change: (text: string) => string): NormalizedEvent {
  const fields: EventFields = {};
  for (const [name, value] of Object.entries(event.fields)) {
    fields[name] = typeof value === 'string' && name !== 'Channel' && name !== 'EventID' ? change(value) : value;
  }
  return { ...event, fields, message: change(event.message) };
}

/** Equal content in new string objects, as every freshly parsed event carries. */
const copied = (event: NormalizedEvent) => withValues(event, (text) => [...text].join(''));
const upper = (event: NormalizedEvent) => withValues(event, (text) => text.toUpperCase());
/** Every value replaced by one no other event has, so nothing derived from an earlier value can be reused. */
let scrambles = 0;
const scrambled = (event: NormalizedEvent) => withValues(event, (text) => `\u0001${scrambles++}\u0001${text.length}`);

/** What an attestation says about its event: the rule and the field values that matched. */
const outcome = (found: { ruleId: string; matches: { fields: Record<string, string> }[] }[]) =>
  found.map((attestation) => `${attestation.ruleId} ${JSON.stringify(attestation.matches.map((match) => match.fields))}`);

describe('field states across events', () => {
  const set = compileRuleSet(shippedRuleSources());
  const fixtures = fixtureEvents();
  const sequence = fixtures.flatMap((event) => [event, copied(event), upper(event), copied(event), event]);

  it('give every event the matches it gets after values it shares nothing with', () => {
    const reference = new RuleEngine(compileRuleSet(shippedRuleSources()));
    const engines = [new RuleEngine(set), new RuleEngine(set)];
    const label = (event: NormalizedEvent, position: number) => `${position} ${path.basename(path.dirname(event.origin.file))} ${event.id}`;
    const expected = sequence.map((event, position) => {
      reference.push(scrambled(event));
      return [label(event, position), ...outcome(reference.push(event))];
    });
    const found = sequence.map((event, position) => [label(event, position), ...outcome(engines[position % 2].push(event))]);
    expect(found).toEqual(expected);
    expect(fixtures.length).toBeGreaterThan(300);
    expect(found.filter((entry) => entry.length > 1).length).toBeGreaterThan(fixtures.length / 2);
  });

  it('select the same rules as testing every rule of the logsource on its own context', () => {
    const engine = new RuleEngine(set);
    for (const event of sequence) {
      const ctx = newMatchContext(event, routeAliases(event), set.program.fields);
      const classification = classify(event);
      const expected = set.program.detections
        .filter((rule) => rule.emits && logsourceMatches(rule.logsource, classification) && rule.predicate.test(ctx))
        .map((rule) => rule.info.id);
      expect(engine.push(event).map((attestation) => attestation.ruleId), `${event.origin.file} ${event.id}`).toEqual(expected);
    }
  });
});
