/**
 * Lookups from an evidence reference to what it names and to what cites it, built once per report so the drawer
 * and the evidence links stay constant-time per row. Linear in the report's size, which the report already caps.
 */
import type { EvidenceRef, IndicatorType } from '../../engine/case';
import { defang } from '../../engine/ioc';
import type {
  CaseReport,
  ReportAttestation,
  ReportEvent,
  ReportFile,
  ReportIndicator,
  ReportReasoningStep,
  ReportTechnique,
  ReportTimelineEntry,
  ReportUnclassified,
} from '../../engine/report';
import { displayText, formatTime } from './format';
import { indicatorKeyOf } from './indicator-rows';

export interface EvidenceIndex {
  attestation(id: string): ReportAttestation | undefined;
  indicator(key: string): ReportIndicator | undefined;
  /** Unclassified evidence names indicators by canonical value, without the type. */
  indicatorByValue(value: string): ReportIndicator | undefined;
  unclassified(id: string): ReportUnclassified | undefined;
  technique(id: string): ReportTechnique | undefined;
  file(index: string): ReportFile | undefined;
  /** The file an event id (`<file index>:<offset>`) belongs to. */
  fileOfEvent(eventId: string): ReportFile | undefined;
  timelineEntry(eventId: string): ReportTimelineEntry | undefined;
  /** The full event, when the report was built with its events. */
  event(eventId: string): ReportEvent | undefined;
  attestationsOfEvent(eventId: string): ReportAttestation[];
  indicatorsOfEvent(eventId: string): ReportIndicator[];
  unclassifiedOfEvent(eventId: string): ReportUnclassified[];
  /** Reasoning steps that cite exactly this reference. */
  reasoningCiting(ref: EvidenceRef): ReportReasoningStep[];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const refKey = (ref: EvidenceRef): string => `${ref.kind}\u0000${ref.id}`;

export function buildEvidenceIndex(report: CaseReport): EvidenceIndex {
  const attestations = new Map(report.attestations.map((item) => [item.id, item]));
  const indicators = new Map(report.indicators.map((item) => [indicatorKeyOf(item), item]));
  const indicatorsByValue = new Map<string, ReportIndicator>();
  for (const item of report.indicators) if (!indicatorsByValue.has(item.value)) indicatorsByValue.set(item.value, item);
  const unclassified = new Map(report.unclassified.map((item) => [item.id, item]));
  const techniques = new Map(report.techniques.map((item) => [item.id, item]));
  const files = new Map(report.files.map((item) => [String(item.index), item]));
  const timeline = new Map(report.timeline.map((entry) => [entry.event_id, entry]));
  const events = new Map((report.events ?? []).map((event) => [event.id, event]));

  const attestationsByEvent = new Map<string, ReportAttestation[]>();
  for (const item of report.attestations) for (const id of new Set(item.event_ids)) pushTo(attestationsByEvent, id, item);
  const indicatorsByEvent = new Map<string, ReportIndicator[]>();
  for (const item of report.indicators) for (const id of new Set(item.event_ids)) pushTo(indicatorsByEvent, id, item);
  const unclassifiedByEvent = new Map<string, ReportUnclassified[]>();
  for (const item of report.unclassified) for (const id of new Set(item.event_ids)) pushTo(unclassifiedByEvent, id, item);
  const reasoningByRef = new Map<string, ReportReasoningStep[]>();
  for (const step of report.reasoning) {
    for (const key of new Set(step.refs.map(refKey))) pushTo(reasoningByRef, key, step);
  }

  return {
    attestation: (id) => attestations.get(id),
    indicator: (key) => indicators.get(key),
    indicatorByValue: (value) => indicatorsByValue.get(value),
    unclassified: (id) => unclassified.get(id),
    technique: (id) => techniques.get(id),
    file: (index) => files.get(index),
    fileOfEvent: (eventId) => files.get(eventId.slice(0, eventId.indexOf(':'))),
    timelineEntry: (eventId) => timeline.get(eventId),
    event: (eventId) => events.get(eventId),
    attestationsOfEvent: (eventId) => attestationsByEvent.get(eventId) ?? [],
    indicatorsOfEvent: (eventId) => indicatorsByEvent.get(eventId) ?? [],
    unclassifiedOfEvent: (eventId) => unclassifiedByEvent.get(eventId) ?? [],
    reasoningCiting: (ref) => reasoningByRef.get(refKey(ref)) ?? [],
  };
}

const INDICATOR_TYPES: readonly IndicatorType[] = ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'];

/**
 * Display form of an indicator key: the report's own defanged value when it holds the indicator, else the key
 * defanged here, so a canonical (live) value never reaches the screen.
 */
export function displayIndicatorKey(key: string, index: Pick<EvidenceIndex, 'indicator'>): string {
  const known = index.indicator(key);
  if (known) return known.defanged;
  const colon = key.indexOf(':');
  const type = key.slice(0, colon) as IndicatorType;
  if (colon > 0 && INDICATOR_TYPES.includes(type)) return defang(type, key.slice(colon + 1));
  return defang('url', key);
}

/** Display form of a canonical indicator value whose type is not given (unclassified evidence lists them so). */
export function displayIndicatorValue(value: string, index: EvidenceIndex): string {
  const known = index.indicatorByValue(value);
  if (known) return known.defanged;
  return value.includes('://') ? defang('url', value) : value.includes('@') ? defang('email', value) : defang('domain', value);
}

/** Characters of an event's message in a link label: enough to tell events apart, short enough for one line. */
export const EVENT_LABEL_CHARS = 100;
/** Characters of a message defanged for a label: bounded (a message can be megabytes), far beyond the label. */
export const EVENT_LABEL_SCAN_CHARS = 4 * 1024;

/**
 * `time · message` from the timeline when the report holds the event, else its id (honest, not invented). The
 * message is defanged whole and cut afterwards: cutting first could split a URL or domain so that the defanger no
 * longer recognises it and a live prefix of it reaches the screen.
 */
export function eventLabel(eventId: string, index: EvidenceIndex, around?: string): string {
  const entry = index.timelineEntry(eventId) ?? index.event(eventId);
  if (!entry) return `event ${eventId}`;
  const safe = displayText(entry.message.slice(0, EVENT_LABEL_SCAN_CHARS));
  return `${formatTime(entry.ts)} · ${excerpt(safe, around)}`;
}

/** Characters kept before the quoted text when a label is centred on it. */
const EXCERPT_LEAD_CHARS = 30;

/**
 * At most `EVENT_LABEL_CHARS` of `text`: its start, or, when `around` (already defanged) occurs past the cut, a
 * window that shows it, so "Seen in events" shows the indicator in each event rather than a path that hides it.
 */
function excerpt(text: string, around?: string): string {
  if (text.length <= EVENT_LABEL_CHARS) return text;
  const at = around ? text.indexOf(around) : -1;
  const start = at < 0 || at + around!.length <= EVENT_LABEL_CHARS
    ? 0
    : Math.max(0, Math.min(at - EXCERPT_LEAD_CHARS, text.length - EVENT_LABEL_CHARS));
  const end = start + EVENT_LABEL_CHARS;
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

/** The short label of an evidence link: what the analyst will see when opening it. */
export function describeRef(ref: EvidenceRef, index: EvidenceIndex): string {
  switch (ref.kind) {
    case 'event':
      return eventLabel(ref.id, index);
    case 'indicator':
      return displayIndicatorKey(ref.id, index);
    case 'attestation': {
      const attestation = index.attestation(ref.id);
      return attestation ? attestation.rule_title : `match ${ref.id}`;
    }
    case 'unclassified': {
      const item = index.unclassified(ref.id);
      return item ? `unclassified: ${displayText(item.reason)}` : `unclassified ${ref.id}`;
    }
    case 'file': {
      const file = index.file(ref.id);
      return file ? `file ${file.name}` : `file ${ref.id}`;
    }
    case 'history':
      return `history ${ref.id}`;
  }
}

/** An event's fields as name/value rows in the event's own order; numbers and booleans rendered as text. */
export function fieldRows(fields: ReportEvent['fields']): Array<[string, string | null]> {
  return Object.entries(fields).map(([name, value]) => [name, value === null || value === undefined ? null : String(value)]);
}
