import type { EventFields, FieldValue, NormalizedEvent } from '../events';
import type { CompiledDetection } from './compiled';
import type { FieldState, FieldStates } from './field-state';
import { newMatchContext, parseNumber } from './fields';
import { MAX_ROUTE_CACHE_ENTRIES } from './limits';
import { classify, eventIdText, eventProgram, logsourceMatches, routeAliases } from './logsource';
import type { FieldAliases, IndexAtom, MatchContext, RouteFacts } from './types';

/** Looks rules up by one field's value: equal values, last path components or `contains` literal ids. */
interface FieldProbe {
  state: FieldState;
  cased: Map<string, CompiledDetection[]> | null;
  equals: Map<string, CompiledDetection[]> | null;
  basename: Map<string, CompiledDetection[]> | null;
  contains: Map<number, CompiledDetection[]> | null;
}

/**
 * The rules one route (source, kind, channel, EventID) can match, split into those tested on every event and those
 * selected by a value the event must have, so most events are tested against a handful of rules.
 */
export class Route {
  private readonly always: CompiledDetection[] = [];
  private readonly probes: FieldProbe[];
  private readonly selected: CompiledDetection[] = [];
  readonly size: number;

  /**
   * `facts`: the Channel and EventID every event of the route has, so tests on them are decided here. Each rule's
   * atoms are first chosen on their own merits, then again, rule by rule, preferring fields the other rules probe: a
   * field read for one rule alone is dropped when that rule has atoms on a field read anyway.
   */
  constructor(routed: readonly CompiledDetection[], readonly aliases: FieldAliases | null, states: FieldStates, facts: RouteFacts) {
    const fieldsOf = (atoms: IndexAtom[] | null | 'never') => (Array.isArray(atoms) ? new Set(atoms.map((atom) => atom.field)) : new Set<string>());
    const rulesPerField = new Map<string, number>();
    const count = (fields: Set<string>, change: number) => {
      for (const field of fields) rulesPerField.set(field, (rulesPerField.get(field) ?? 0) + change);
    };
    const first = routed.map((rule) => fieldsOf(indexAtoms(rule, facts, states)));
    for (const fields of first) count(fields, 1);
    const chosen = routed.map((rule, index) => {
      count(first[index], -1);
      const probed = new Set([...rulesPerField].filter(([, rules]) => rules > 0).map(([field]) => field));
      const atoms = indexAtoms(rule, { ...facts, probed }, states);
      count(fieldsOf(atoms), 1);
      return atoms;
    });
    const probes = new Map<string, FieldProbe>();
    const rules: CompiledDetection[] = [];
    for (const [index, rule] of routed.entries()) {
      const atoms = chosen[index];
      // A test on the route's Channel or EventID that fails for all of its events: the rule cannot match here.
      if (atoms === 'never') continue;
      rules.push(rule);
      if (!atoms) {
        this.always.push(rule);
        continue;
      }
      for (const atom of atoms) {
        let probe = probes.get(atom.field);
        if (!probe) probes.set(atom.field, (probe = { state: states.declare(atom.field), cased: null, equals: null, basename: null, contains: null }));
        for (const value of atom.values) {
          if (atom.kind === 'contains') addRule((probe.contains ??= new Map()), states.literalId(atom.field, value) as number, rule);
          else addRule((probe[atom.kind] ??= new Map()), value, rule);
        }
      }
    }
    this.probes = [...probes.values()];
    this.size = rules.length;
  }

  /** The rules to test for the event in `ctx`, in rule-set order; valid until the next call. */
  candidates(ctx: MatchContext): readonly CompiledDetection[] {
    if (this.probes.length === 0) return this.always;
    const stamp = ctx.stamp;
    const selected = this.selected;
    selected.length = 0;
    for (let index = 0; index < this.probes.length; index++) this.probe(this.probes[index], this.probes[index].state.read(ctx), stamp);
    if (selected.length === 0) return this.always;
    for (const rule of this.always) selected.push(rule);
    // Insertion sort: a handful of rules, and no comparator call per pair.
    for (let i = 1; i < selected.length; i++) {
      const rule = selected[i];
      let j = i - 1;
      while (j >= 0 && selected[j].order > rule.order) {
        selected[j + 1] = selected[j];
        j--;
      }
      selected[j + 1] = rule;
    }
    return selected;
  }

  /** Selects the rules whose atoms on the probe's field hold for `value`, the field's value in this event. */
  private probe(probe: FieldProbe, value: FieldValue | undefined, stamp: number): void {
    if (value === undefined || value === null) return;
    const text = typeof value === 'string' ? value : String(value);
    if (probe.cased) this.add(probe.cased.get(text), stamp);
    if (probe.contains) {
      const found = probe.state.literals.search(text);
      for (let i = 0; i < found.length; i++) this.add(probe.contains.get(found[i]), stamp);
    }
    if (probe.equals) this.add(probe.equals.get(probe.state.lower(text)), stamp);
    if (probe.basename) {
      const basename = probe.state.basename(text);
      if (basename) this.add(probe.basename.get(basename), stamp);
    }
  }

  private add(rules: CompiledDetection[] | undefined, stamp: number): void {
    if (!rules) return;
    for (const rule of rules) {
      if (rule.selectedStamp === stamp) continue;
      rule.selectedStamp = stamp;
      this.selected.push(rule);
    }
  }
}

/**
 * The atoms the route can index a rule by: 'never' when the rule cannot match on the route, null when it must be
 * tested on every event (no atoms, or a `contains` literal its field has no automaton for).
 */
function indexAtoms(rule: CompiledDetection, facts: RouteFacts, states: FieldStates): IndexAtom[] | null | 'never' {
  const needs = rule.predicate.atoms(facts);
  if (needs === 'never') return 'never';
  if (!Array.isArray(needs)) return null;
  return needs.every((atom) => atom.kind !== 'contains' || atom.values.every((value) => states.literalId(atom.field, value) !== undefined)) ? needs : null;
}

function addRule<Key>(map: Map<Key, CompiledDetection[]>, key: Key, rule: CompiledDetection): void {
  const list = map.get(key);
  if (!list) map.set(key, [rule]);
  else if (!list.includes(rule)) list.push(rule);
}

/** Routes remembered by their key before the nested maps are asked (see `RouteCache.get`). */
const RECENT_ROUTES = 8;

/** Fields whose values are part of the route key. */
const ROUTE_KEY_FIELDS: readonly string[] = ['Channel', 'EventID'];

/**
 * The routes of a rule set, built on first sight of each (kind, Channel, EventID, source, program) and shared by every
 * engine of the set, so a case with a few thousand events does not pay for building them again.
 */
export class RouteCache {
  private readonly routes = new Map<string, Map<FieldValue | undefined, Map<FieldValue | undefined, Map<string, Route>>>>();
  private count = 0;
  /**
   * The last `RECENT_ROUTES` route keys and routes, in parallel arrays so a change of route allocates nothing. Corpus
   * logs interleave a few kinds of event (a process start, its network connection, its registry writes), so the route
   * changes about every third event but is mostly one seen a few events before.
   */
  private readonly recentKind: (string | undefined)[] = new Array(RECENT_ROUTES).fill(undefined);
  private readonly recentSource: (string | undefined)[] = new Array(RECENT_ROUTES).fill(undefined);
  private readonly recentEventId: (FieldValue | undefined)[] = new Array(RECENT_ROUTES).fill(undefined);
  private readonly recentChannel: (FieldValue | undefined)[] = new Array(RECENT_ROUTES).fill(undefined);
  private readonly recentRoute: (Route | undefined)[] = new Array(RECENT_ROUTES).fill(undefined);
  /** The slot of the last hit, tried first; and the slot the next miss overwrites (round robin). */
  private lastSlot = 0;
  private nextSlot = 0;

  constructor(private readonly detections: readonly CompiledDetection[], private readonly states: FieldStates) {}

  /**
   * Routes are cached by kind, Channel, EventID, then source and program, in nested maps so the lookup builds no key
   * string per event. Text events are routed by program too, so they always take the nested maps.
   */
  get(event: NormalizedEvent): Route {
    if (event.source === 'text') return this.lookup(event);
    const fields = event.fields;
    const kind = event.kind;
    const source = event.source;
    const eventId = fields.EventID;
    const channel = fields.Channel;
    let slot = this.lastSlot;
    for (let tried = 0; tried < RECENT_ROUTES; tried++) {
      const route = this.recentRoute[slot];
      if (route === undefined) break;
      if (this.recentKind[slot] === kind && this.recentSource[slot] === source && this.recentEventId[slot] === eventId && this.recentChannel[slot] === channel) {
        this.lastSlot = slot;
        return route;
      }
      slot = slot === 0 ? RECENT_ROUTES - 1 : slot - 1;
    }
    const route = this.lookup(event);
    slot = this.nextSlot;
    this.nextSlot = (slot + 1) % RECENT_ROUTES;
    this.recentKind[slot] = kind;
    this.recentSource[slot] = source;
    this.recentEventId[slot] = eventId;
    this.recentChannel[slot] = channel;
    this.recentRoute[slot] = route;
    this.lastSlot = slot;
    return route;
  }

  private lookup(event: NormalizedEvent): Route {
    const fields = event.fields;
    let byChannel = this.routes.get(event.kind);
    if (!byChannel) this.routes.set(event.kind, (byChannel = new Map()));
    let byEventId = byChannel.get(fields.Channel);
    if (!byEventId) byChannel.set(fields.Channel, (byEventId = new Map()));
    let bySource = byEventId.get(fields.EventID);
    if (!bySource) byEventId.set(fields.EventID, (bySource = new Map()));
    const sourceKey = event.source === 'text' ? `text\u0000${eventProgram(event)}` : event.source;
    let route = bySource.get(sourceKey);
    if (route) return route;
    const classification = classify(event);
    const idNumber = parseNumber(eventIdText(event));
    const eventId = idNumber === undefined ? eventIdText(event) : String(idNumber);
    const rules = this.detections.filter(
      (rule) => logsourceMatches(rule.logsource, classification) && (!rule.eventIds || rule.eventIds.has(eventId)),
    );
    const aliases = routeAliases(event);
    route = new Route(rules, aliases, this.states, this.facts(event, aliases));
    if (++this.count > MAX_ROUTE_CACHE_ENTRIES) {
      this.routes.clear();
      this.count = 0;
    }
    bySource.set(sourceKey, route);
    return route;
  }

  /**
   * The route key holds the event's Channel and EventID values as they are (Map keys compare them exactly), so every
   * event of the route reads the same values for them, unless one is missing and an alias computes it per event.
   */
  private facts(event: NormalizedEvent, aliases: FieldAliases | null): RouteFacts {
    const shared: EventFields = {};
    for (const field of ROUTE_KEY_FIELDS) {
      const value = event.fields[field];
      if (value !== undefined) shared[field] = value;
    }
    const ctx = newMatchContext({ ...event, fields: shared }, null, this.states);
    return { ctx, decides: (field) => ROUTE_KEY_FIELDS.includes(field) && (shared[field] !== undefined || !aliases?.[field]) };
  }
}
