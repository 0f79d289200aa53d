import { fieldText, type NormalizedEvent } from '../../events';
import { type Candidate, quoted, times } from './candidate';

/** Rarity needs a baseline: below this many events per host nothing counts as rare. */
export const RARE_BASELINE_EVENTS = 200;
/** An error (provider and event id) seen at most this often on a host is rare there. */
export const RARE_MAX_OCCURRENCES = 2;

/** Characters of the event's message quoted in the reason. */
export const MAX_MESSAGE_CHARS = 160;

/** Windows System/Level values: 1 critical, 2 error (MS-EVEN6 / event.xsd `Level`). */
const ERROR_LEVELS = new Set(['1', '2']);

function errorKey(event: NormalizedEvent): string | null {
  const level = (fieldText(event, 'Level') ?? fieldText(event, 'System_Level') ?? '').trim();
  if (!ERROR_LEVELS.has(level)) return null;
  const provider = fieldText(event, 'Provider_Name') ?? fieldText(event, 'Channel') ?? event.source;
  return `${event.host.toLowerCase()}\u0000${provider}\u0000${fieldText(event, 'EventID') ?? ''}`;
}

/**
 * Critical and error events that are rare on their host: a crash of a service or a failing driver can be the
 * trace of tampering or exploitation. Low severity: most are ordinary faults, but none should vanish unseen.
 */
export function rareErrorCandidates(events: readonly NormalizedEvent[]): Candidate[] {
  const perHost = new Map<string, number>();
  const errors = new Map<string, NormalizedEvent[]>();
  for (const event of events) {
    const host = event.host.toLowerCase();
    perHost.set(host, (perHost.get(host) ?? 0) + 1);
    const key = errorKey(event);
    if (key === null) continue;
    const list = errors.get(key) ?? [];
    errors.set(key, list);
    if (list.length <= RARE_MAX_OCCURRENCES) list.push(event);
  }
  const found: Candidate[] = [];
  for (const [key, list] of errors) {
    const first = list[0];
    if (list.length > RARE_MAX_OCCURRENCES || (perHost.get(first.host.toLowerCase()) ?? 0) < RARE_BASELINE_EVENTS) continue;
    const provider = key.split('\u0000')[1];
    for (const event of list) {
      found.push({
        group: `rare-error:${key}`,
        severity: 'low',
        reason: (n) => `${quoted(provider)} event ${quoted(fieldText(first, 'EventID') ?? '')} at error level occurred only ${times(n)} among ${perHost.get(first.host.toLowerCase())} events of ${quoted(first.host) || 'its host'}: ${first.message.slice(0, MAX_MESSAGE_CHARS)}`,
        eventId: event.id,
      });
    }
  }
  return found;
}
