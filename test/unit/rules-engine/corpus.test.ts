import { existsSync, openAsBlob } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parseFile } from '../../../src/engine/parse-file';
import { compileRuleSet, RuleEngine, shippedRuleSources } from '../../../src/engine/rules';
import { newMatchContext } from '../../../src/engine/rules/fields';
import { classify, logsourceMatches, routeAliases } from '../../../src/engine/rules/logsource';
import { filesUnder } from '../../helpers/files';

const corpus = path.resolve(process.cwd(), '../shared/corpus');
const folders = ['sysmon-xml', 'evtx'].map((name) => path.join(corpus, name));
const exists = folders.every(existsSync);
if (!exists) console.warn(`rules-engine corpus test skipped: ${corpus} (sysmon-xml, evtx) not found`);

const dataFiles = (dir: string): string[] => filesUnder(dir, (name) => /\.(xml|evtx)$/.test(name));

describe.skipIf(!exists)('shipped rules over the corpus', () => {
  it('match the same events through the value index as when every rule is tested', async () => {
    const set = compileRuleSet(shippedRuleSources());
    const engine = new RuleEngine(set);
    let events = 0;
    let attested = 0;
    for (const [fileIndex, file] of folders.flatMap(dataFiles).sort().entries()) {
      const { batches } = await parseFile(await openAsBlob(file), { fileName: file, fileIndex });
      for await (const batch of batches) {
        for (const event of batch.events as NormalizedEvent[]) {
          events++;
          const ctx = newMatchContext(event, routeAliases(event), set.program.fields);
          const classification = classify(event);
          const expected = set.program.detections
            .filter((rule) => rule.emits && logsourceMatches(rule.logsource, classification) && rule.predicate.test(ctx))
            .map((rule) => rule.info.id);
          const found = engine.push(event).map((attestation) => attestation.ruleId);
          expect(found, `${file} ${event.id}`).toEqual(expected);
          attested += found.length;
        }
      }
    }
    engine.finish();
    expect(events).toBeGreaterThan(1000);
    expect(attested).toBeGreaterThan(0);
  });
});
