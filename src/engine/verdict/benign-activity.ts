/**
 * Positive evidence that a medium or high rule fired on benign activity: the only way such a match reads as `tuning`
 * instead of `suspicious` (Sigma spec, `level`: medium is "relevant ... reviewed manually", high "requires a prompt
 * review"; critical is "never false positive" and is never explained away). A rule's matches are explained only when
 * every matched event is, and each explanation names its evidence:
 * - an indicator of the event confirmed false positive (marked by the analyst, or closed so in an earlier case);
 * - a host role from the settings whose routine work is the matched technique (`ROLE_EXPECTED_TECHNIQUES`);
 * - a known benign tool (`BENIGN_TOOLS`) acting, recognised by its image name and, where the event carries one,
 *   its company and signer where the event carries them, and only for the techniques its documented work produces.
 */
import type { Attestation, Indicator } from '../case';
import { indicatorKey } from '../case';
import { fieldText, type NormalizedEvent } from '../events';
import type { AssetLookup } from './assets';
import { RefList, joinNames } from './draft';
import { isFalsePositive } from './indicators';
import { MAX_TARGETS_NAMED, ROLE_EXPECTED_TECHNIQUES, RULE_LEVEL_RANK } from './weights';

interface BenignTool {
  name: string;
  /** Lower-case basenames of the acting image. */
  images: readonly string[];
  /** Every `Company` and `Signature` value the event carries must match (Sysmon 1 and 7 carry them, 10 does not). */
  vendor: RegExp;
  /** Techniques the tool's documented work produces; a match on anything else stays unexplained. */
  techniques: readonly string[];
}

/**
 * Tools whose normal work trips credential and injection rules. Process Monitor and Process Explorer open every
 * process, LSASS included, with full access to read its modules (SigmaHQ filters both in its LSASS access rules).
 */
export const BENIGN_TOOLS: readonly BenignTool[] = [
  {
    name: 'Sysinternals Process Monitor',
    images: ['procmon.exe', 'procmon64.exe', 'procmon64a.exe'],
    vendor: /sysinternals|microsoft/i,
    techniques: ['T1003.001', 'T1055'],
  },
  {
    name: 'Sysinternals Process Explorer',
    images: ['procexp.exe', 'procexp64.exe', 'procexp64a.exe'],
    vendor: /sysinternals|microsoft/i,
    techniques: ['T1003.001', 'T1055'],
  },
];

/** Fields that name the acting program, in order of preference (process access names it `SourceImage`). */
const ACTOR_FIELDS = ['SourceImage', 'Image'] as const;
const VENDOR_FIELDS = ['Company', 'Signature'] as const;

export interface BenignExplanation {
  /** One sentence per distinct reason, joined. */
  reason: string;
  /** Indicators, events and settings behind the reasons. */
  refs: RefList;
}

const basename = (path: string): string => path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1).toLowerCase();

const coversTechnique = (expected: readonly string[], technique: string): boolean =>
  expected.some((id) => technique === id || technique.startsWith(`${id}.`));

/** Why the acting program is a known benign tool whose work produces every one of `techniques`, or null. */
export function benignToolOf(event: NormalizedEvent, techniques: readonly string[]): string | null {
  for (const field of ACTOR_FIELDS) {
    const image = fieldText(event, field);
    if (!image) continue;
    const name = basename(image);
    const tool = BENIGN_TOOLS.find((t) => t.images.includes(name));
    if (!tool || !techniques.length || !techniques.every((t) => coversTechnique(tool.techniques, t))) return null;
    const vendors = VENDOR_FIELDS.map((f) => fieldText(event, f)).filter((v): v is string => !!v && v !== '-');
    if (!vendors.every((v) => tool.vendor.test(v))) return null;
    return `${name} is ${tool.name}${vendors.length ? ` (${vendors[0]})` : ''}, whose normal work produces this`;
  }
  return null;
}

export interface BenignContext {
  eventById: ReadonlyMap<string, NormalizedEvent>;
  indicators: readonly Indicator[];
  historyFalsePositives: ReadonlySet<string>;
  assets: AssetLookup;
}

function falsePositivesByEvent(context: BenignContext): Map<string, Indicator[]> {
  const byEvent = new Map<string, Indicator[]>();
  for (const indicator of context.indicators) {
    if (!isFalsePositive(indicator, context.historyFalsePositives)) continue;
    for (const eventId of indicator.eventIds) byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), indicator]);
  }
  return byEvent;
}

/**
 * The explanation of one rule's matches, or null when any matched event lacks one. Only medium and high rules are
 * explained: low matches are `tuning` without help, critical ones are never false positives.
 */
export function explainRule(attestations: readonly Attestation[], context: BenignContext, falsePositives = falsePositivesByEvent(context)): BenignExplanation | null {
  if (!attestations.length) return null;
  const reasons: string[] = [];
  const refs = new RefList();
  const note = (reason: string) => {
    if (!reasons.includes(reason)) reasons.push(reason);
  };
  for (const attestation of attestations) {
    const rank = RULE_LEVEL_RANK[attestation.level];
    if (rank < RULE_LEVEL_RANK.medium || rank > RULE_LEVEL_RANK.high || attestation.correlation) return null;
    for (const eventId of attestation.eventIds) {
      const event = context.eventById.get(eventId);
      const marked = falsePositives.get(eventId);
      if (marked?.length) {
        note(`indicator ${joinNames(marked.map((i) => i.defanged), MAX_TARGETS_NAMED)} is confirmed false positive`);
        refs.add('indicator', marked.map((i) => indicatorKey(i.type, i.value))).add('event', [eventId]);
        continue;
      }
      if (!event) return null;
      const role = context.assets.role(event.host);
      const expected = role === undefined ? undefined : ROLE_EXPECTED_TECHNIQUES[role.toLowerCase()];
      if (expected && attestation.techniques.length && attestation.techniques.every((t) => coversTechnique(expected, t))) {
        note(`host ${event.host} has the role ${role} in the settings, whose routine work is ${attestation.techniques.join(', ')}`);
        refs.add('event', [eventId]);
        continue;
      }
      const tool = benignToolOf(event, attestation.techniques);
      if (!tool) return null;
      note(tool);
      refs.add('event', [eventId]);
    }
  }
  return { reason: reasons.join('; '), refs };
}

/** Explanations of every explainable rule, by rule id. */
export function explainRules(byRule: ReadonlyMap<string, readonly Attestation[]>, context: BenignContext): Map<string, BenignExplanation> {
  const falsePositives = falsePositivesByEvent(context);
  const explained = new Map<string, BenignExplanation>();
  for (const [ruleId, attestations] of byRule) {
    const explanation = explainRule(attestations, context, falsePositives);
    if (explanation) explained.set(ruleId, explanation);
  }
  return explained;
}
