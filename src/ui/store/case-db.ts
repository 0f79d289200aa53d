import Dexie, { type Table } from 'dexie';
import type { NormalizedEvent } from '../../engine/events';
import type { CaseReport } from '../../engine/report';
import type { CaseSummary, EventRow } from '../bridge/protocol';

/**
 * Files cannot be re-read after a reload (the browser forgets them), so a triaged case is kept here: its summary
 * and document, and its events' essentials in time order. Full field sets are kept for the events the document
 * points at, and for every event of a small case.
 */
export interface CaseRecord {
  id: string;
  createdAt: string;
  summary: CaseSummary;
  report: CaseReport;
}

export interface EventRecord {
  caseId: string;
  /** Position in the case's time order: the primary key orders the timeline without sorting on read. */
  seq: number;
  eventId: string;
  row: EventRow;
  event?: NormalizedEvent;
}

/** A case with at most this many events keeps every event whole; larger cases keep only the referenced ones whole. */
export const FULL_EVENTS_UP_TO = 20_000;
/** Events of one case written per transaction: keeps each IndexedDB transaction short. */
export const EVENTS_PER_WRITE = 5_000;
/** Events read per page when a stored case's timeline is loaded. */
export const EVENTS_PER_READ = 5_000;

export class CaseDatabase extends Dexie {
  cases!: Table<CaseRecord, string>;
  events!: Table<EventRecord, [string, number]>;

  constructor() {
    super('soc-triage-cases');
    this.version(1).stores({
      cases: 'id, createdAt',
      events: '[caseId+seq], [caseId+eventId]',
    });
  }
}

let opened: CaseDatabase | undefined;

export function caseDatabase(): CaseDatabase {
  opened ??= new CaseDatabase();
  return opened;
}

export async function saveCase(
  record: CaseRecord,
  events: readonly NormalizedEvent[],
  toRow: (event: NormalizedEvent) => EventRow,
  keepWhole: (event: NormalizedEvent) => boolean,
): Promise<void> {
  const db = caseDatabase();
  await db.events.where('[caseId+seq]').between([record.id, Dexie.minKey], [record.id, Dexie.maxKey]).delete();
  const whole = events.length <= FULL_EVENTS_UP_TO;
  for (let from = 0; from < events.length; from += EVENTS_PER_WRITE) {
    const page: EventRecord[] = [];
    for (let seq = from; seq < Math.min(events.length, from + EVENTS_PER_WRITE); seq++) {
      const event = events[seq];
      const stored: EventRecord = { caseId: record.id, seq, eventId: event.id, row: toRow(event) };
      if (whole || keepWhole(event)) stored.event = event;
      page.push(stored);
    }
    await db.events.bulkPut(page);
  }
  await db.cases.put(record);
}

export async function listCases(): Promise<CaseRecord[]> {
  return caseDatabase().cases.orderBy('createdAt').toArray();
}

export async function loadCase(id: string): Promise<CaseRecord | undefined> {
  return caseDatabase().cases.get(id);
}

export async function forEachStoredRowPage(id: string, onPage: (rows: EventRow[]) => Promise<void>): Promise<void> {
  const db = caseDatabase();
  for (let from = 0; ; from += EVENTS_PER_READ) {
    const page = await db.events
      .where('[caseId+seq]')
      .between([id, from], [id, Dexie.maxKey])
      .limit(EVENTS_PER_READ)
      .toArray();
    if (!page.length) return;
    await onPage(page.map((record) => record.row));
    if (page.length < EVENTS_PER_READ) return;
  }
}

export async function loadStoredEvent(caseId: string, eventId: string): Promise<NormalizedEvent | undefined> {
  const record = await caseDatabase().events.where('[caseId+eventId]').equals([caseId, eventId]).first();
  return record?.event;
}

export async function deleteAllCases(): Promise<void> {
  const db = caseDatabase();
  await db.transaction('rw', db.cases, db.events, async () => {
    await db.cases.clear();
    await db.events.clear();
  });
}
