import { indicatorKey, type Attestation, type Indicator, type NextStep, type VerdictClass } from '../case';
import { fieldText, type NormalizedEvent } from '../events';
import { tacticRank } from './attack-names';
import { joinNames, plural } from './draft';
import type { RuleGroup } from './findings';
import { type Placeholder, type PlaybookEntry, fillTemplate, tacticEntries, techniqueEntries } from './playbook';
import type { TelemetryCoverage } from './telemetry';
import { MAX_NEXT_STEPS, MAX_TARGETS_NAMED, RULE_LEVEL_RANK, SMALL_SAMPLE_EVENTS } from './weights';

/**
 * Accounts that are the machine itself or a built-in service (by name, by well-known SID such as S-1-5-18 LocalSystem,
 * or as a per-session system account like DWM-1): resetting their password is not a response.
 */
const MACHINE_ACCOUNT = /^(?:.*\\)?(?:system|local service|network service|anonymous logon|-|n\/a|)$|\$$|^s-1-5-(?:7|18|19|20)$|^(?:window manager|font driver host)\\/i;

const LABELS: Record<Placeholder, [string, string]> = {
  host: ['host', 'hosts'],
  user: ['user', 'users'],
  ip: ['IP', 'IPs'],
  domain: ['domain', 'domains'],
  url: ['URL', 'URLs'],
  hash: ['hash', 'hashes'],
  email: ['address', 'addresses'],
};

/** Said when the case names nothing of that kind, so every step still reads as a sentence. */
const FALLBACKS: Record<Placeholder, string> = {
  host: 'the affected hosts',
  user: 'the accounts involved',
  ip: 'the remote addresses involved',
  domain: 'the domains involved',
  url: 'the URLs involved',
  hash: 'the file hashes involved',
  email: 'the sender',
};

/** Display names and canonical values of the case's targets, by placeholder; `seen` holds the values, for lookups. */
type Targets = Record<Placeholder, { shown: string[]; values: string[]; seen: Set<string> }>;

function emptyTargets(): Targets {
  const targets = {} as Targets;
  for (const name of Object.keys(LABELS) as Placeholder[]) targets[name] = { shown: [], values: [], seen: new Set() };
  return targets;
}

/** A set beside the list: a case with thousands of distinct hosts or addresses made the list search quadratic. */
function addTarget(targets: Targets, name: Placeholder, value: string, shown = value): void {
  const target = targets[name];
  if (target.seen.has(value)) return;
  target.seen.add(value);
  target.values.push(value);
  target.shown.push(shown);
}

function indicatorPlaceholder(indicator: Indicator): Placeholder | null {
  switch (indicator.type) {
    case 'ipv4':
    case 'ipv6':
      return indicator.scope === 'reserved' ? null : 'ip';
    case 'md5':
    case 'sha1':
    case 'sha256':
      return 'hash';
    default:
      return indicator.type;
  }
}

export interface NextStepContext {
  verdict: VerdictClass;
  attestations: readonly Attestation[];
  groups: readonly RuleGroup[];
  eventById: ReadonlyMap<string, NormalizedEvent>;
  /** Indicators seen in attested events, by event id. */
  indicatorsByEvent: ReadonlyMap<string, Indicator[]>;
  events: readonly NormalizedEvent[];
  coverage: TelemetryCoverage;
}

function targetsOf(attestations: readonly Attestation[], context: NextStepContext): Targets {
  const targets = emptyTargets();
  // Each indicator once, however many attested events carry it.
  const indicators = new Set<Indicator>();
  for (const attestation of attestations) {
    for (const eventId of attestation.eventIds) {
      const event = context.eventById.get(eventId);
      if (event?.host) addTarget(targets, 'host', event.host);
      if (event?.user && !MACHINE_ACCOUNT.test(event.user.trim())) addTarget(targets, 'user', event.user);
      for (const indicator of context.indicatorsByEvent.get(eventId) ?? []) indicators.add(indicator);
    }
  }
  const publicFirst = [...indicators];
  publicFirst.sort((a, b) => Number(b.scope === 'public') - Number(a.scope === 'public'));
  for (const indicator of publicFirst) {
    const name = indicatorPlaceholder(indicator);
    if (name) addTarget(targets, name, indicatorKey(indicator.type, indicator.value), indicator.defanged);
  }
  return targets;
}

function render(text: string, targets: Targets): { text: string; targets: string[] } {
  const used: string[] = [];
  const filled = fillTemplate(
    text,
    (name) => {
      const { shown, values } = targets[name];
      if (!shown.length) return null;
      used.push(...values.slice(0, MAX_TARGETS_NAMED));
      return `${LABELS[name][shown.length === 1 ? 0 : 1]} ${joinNames(shown, MAX_TARGETS_NAMED)}`;
    },
    (names) => (names.length === 1 ? FALLBACKS[names[0]] : `the ${joinNames(names.map((name) => LABELS[name][1]), names.length)} involved`),
  );
  return { text: filled.endsWith('.') ? filled : `${filled}.`, targets: [...new Set(used)] };
}

/** Techniques in the order a responder should act: highest rule level first, then first seen. */
function techniquesByPriority(attestations: readonly Attestation[]): { id: string; attestations: Attestation[] }[] {
  const byTechnique = new Map<string, { id: string; attestations: Attestation[]; rank: number }>();
  for (const attestation of attestations) {
    for (const id of attestation.techniques) {
      const entry = byTechnique.get(id) ?? { id, attestations: [], rank: -1 };
      byTechnique.set(id, entry);
      entry.attestations.push(attestation);
      entry.rank = Math.max(entry.rank, RULE_LEVEL_RANK[attestation.level]);
    }
  }
  return [...byTechnique.values()].sort((a, b) => b.rank - a.rank);
}

function playbookSteps(context: NextStepContext): NextStep[] {
  const kinds: NextStep['kind'][] =
    context.verdict === 'incident' ? ['containment', 'collection'] : context.verdict === 'suspicious' ? ['collection', 'containment'] : [];
  if (!kinds.length) return [];
  const techniques = techniquesByPriority(context.attestations);
  const covered = new Set<string>();
  const planned: { entries: PlaybookEntry[]; targets: Targets; extra: Partial<NextStep> }[] = [];
  for (const technique of techniques) {
    const found = techniqueEntries(technique.id);
    if (!found) continue;
    for (const tactic of technique.attestations.flatMap((a) => a.tactics)) covered.add(tactic);
    planned.push({ entries: found.entries, targets: targetsOf(technique.attestations, context), extra: { techniqueId: technique.id } });
  }
  // Tactics whose techniques have no playbook entry still get the tactic's generic steps.
  const byTactic = new Map<string, Attestation[]>();
  for (const attestation of context.attestations) {
    for (const tactic of attestation.tactics) {
      if (covered.has(tactic)) continue;
      const list = byTactic.get(tactic) ?? [];
      byTactic.set(tactic, list);
      list.push(attestation);
    }
  }
  for (const tactic of [...byTactic.keys()].sort((a, b) => tacticRank(a) - tacticRank(b))) {
    planned.push({ entries: tacticEntries(tactic), targets: targetsOf(byTactic.get(tactic)!, context), extra: { tactic } });
  }
  const steps: NextStep[] = [];
  for (const kind of kinds) {
    for (const plan of planned) {
      for (const entry of plan.entries) {
        if (entry.kind !== kind) continue;
        const rendered = render(entry.text, plan.targets);
        const step: NextStep = { kind, text: rendered.text, ...plan.extra };
        if (rendered.targets.length) step.targets = rendered.targets;
        steps.push(step);
      }
    }
  }
  return steps;
}

const POWERSHELL_IMAGE = /\\(?:powershell|pwsh)\.exe$/i;

function confidenceSteps(context: NextStepContext): NextStep[] {
  const steps: NextStep[] = [];
  const { coverage, events } = context;
  const hosts = coverage.windowsHosts;
  if (coverage.processEvents === 0 && hosts.length) {
    steps.push({ kind: 'confidence', text: `Deploy Sysmon on ${hosts.length === 1 ? 'host' : 'hosts'} ${joinNames(hosts, MAX_TARGETS_NAMED)}: process-level evidence is missing.`, targets: hosts.slice(0, MAX_TARGETS_NAMED) });
  } else if (coverage.processEvents === 0 && events.length) {
    steps.push({ kind: 'confidence', text: 'Collect endpoint telemetry (Sysmon or EDR) from the hosts in this case: it holds no process-level evidence.' });
  }
  const powershellHosts = new Set<string>();
  let scriptBlocks = 0;
  for (const event of events) {
    if (event.kind === 'ps_script') scriptBlocks++;
    else if (event.kind === 'process_creation' && POWERSHELL_IMAGE.test(fieldText(event, 'Image') ?? '')) powershellHosts.add(event.host);
  }
  if (powershellHosts.size && scriptBlocks === 0) {
    const names = [...powershellHosts].filter(Boolean);
    steps.push({ kind: 'confidence', text: `Enable PowerShell script block logging (event 4104) on ${names.length ? joinNames(names, MAX_TARGETS_NAMED) : 'the hosts involved'}: PowerShell ran but the scripts it ran are not visible.`, targets: names.slice(0, MAX_TARGETS_NAMED) });
  }
  if (coverage.unratedPublic.length) {
    steps.push({ kind: 'confidence', text: `Enable enrichment to rate the ${coverage.unratedPublic.length === 1 ? 'public indicator' : plural(coverage.unratedPublic.length, 'public indicator')}.` });
  }
  for (const file of coverage.damagedFiles) {
    steps.push({ kind: 'confidence', text: `Export ${file.name} again from the source system: ${file.status === 'done' ? 'some records could not be read' : `the file was ${file.status}`}.`, targets: [file.name] });
  }
  if (context.verdict === 'tuning') {
    const tunable = context.groups
      .filter((g) => RULE_LEVEL_RANK[g.level] <= RULE_LEVEL_RANK.medium)
      .sort((a, b) => RULE_LEVEL_RANK[b.level] - RULE_LEVEL_RANK[a.level] || b.attestations.length - a.attestations.length);
    for (const group of tunable.slice(0, MAX_TARGETS_NAMED)) {
      const where = group.hosts.length ? ` on ${joinNames(group.hosts, MAX_TARGETS_NAMED)}` : '';
      steps.push({ kind: 'confidence', text: `Check the matches of rule "${group.title}" against its documented false positives; if the activity is expected${where}, add an exclusion to the rule.`, targets: group.hosts.slice(0, MAX_TARGETS_NAMED) });
    }
  }
  if ((context.verdict === 'noise' || context.verdict === 'tuning') && events.length > 0 && events.length < SMALL_SAMPLE_EVENTS) {
    steps.push({ kind: 'confidence', text: `Collect a wider time window of logs: only ${plural(events.length, 'event')} ${events.length === 1 ? 'was' : 'were'} supplied.` });
  }
  return steps;
}

/** Playbook actions filled in with the case's targets, then what would raise or lower confidence; deduplicated and bounded. */
export function buildNextSteps(context: NextStepContext): NextStep[] {
  const confidence = confidenceSteps(context);
  const seen = new Set<string>();
  const actions: NextStep[] = [];
  for (const step of playbookSteps(context)) {
    if (seen.has(step.text)) continue;
    seen.add(step.text);
    actions.push(step);
  }
  return [...actions.slice(0, Math.max(0, MAX_NEXT_STEPS - confidence.length)), ...confidence];
}
