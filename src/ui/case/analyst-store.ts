/**
 * Keeps analyst decisions with the case across reloads, in IndexedDB through Dexie, until the history store takes
 * them over. One row per action (an append-only log, see analyst-actions.ts), indexed by case id.
 */
import Dexie, { liveQuery, type EntityTable } from 'dexie';
import { from, type Accessor } from 'solid-js';
import { normalizeNote, statusesByCase, type AnalystAction, type CaseStatus, type Resolution } from './analyst-actions';

export const ANALYST_DB_NAME = 'soc-triage-analyst';

type StoredAction = AnalystAction & { seq?: number };

type AnalystDatabase = Dexie & { actions: EntityTable<StoredAction, 'seq'> };

let database: AnalystDatabase | undefined;

/** Opened on first use, so importing this module (tests, the CLI bundle's type graph) touches no IndexedDB. */
function analystDatabase(): AnalystDatabase {
  if (!database) {
    const db = new Dexie(ANALYST_DB_NAME) as AnalystDatabase;
    // `seq` keeps insertion order for actions stamped within the same millisecond.
    db.version(1).stores({ actions: '++seq, caseId' });
    database = db;
  }
  return database;
}

async function record(action: AnalystAction): Promise<void> {
  await analystDatabase().actions.add({ ...action, note: normalizeNote(action.note) });
}

function stamp(): string {
  return new Date().toISOString();
}

/** Keyboard shortcut `e` and the Escalate button. */
export function escalate(caseId: string, note: string): Promise<void> {
  return record({ kind: 'escalate', caseId, note, at: stamp() });
}

/** Keyboard shortcut `r` and the two Resolve buttons. */
export function resolve(caseId: string, kind: Resolution, note: string): Promise<void> {
  return record({ kind: 'resolve', resolution: kind, caseId, note, at: stamp() });
}

export function reopen(caseId: string, note: string): Promise<void> {
  return record({ kind: 'reopen', caseId, note, at: stamp() });
}

/** `indicator` is the indicator key `type:value`; `falsePositive: false` withdraws the mark. */
export function markFalsePositive(caseId: string, indicator: string, falsePositive: boolean, note: string): Promise<void> {
  return record({ kind: 'false-positive', caseId, indicator, falsePositive, note, at: stamp() });
}

function stripSeq({ seq: _seq, ...action }: StoredAction): AnalystAction {
  return action as AnalystAction;
}

export async function listActions(caseId: string): Promise<AnalystAction[]> {
  const rows = await analystDatabase().actions.where('caseId').equals(caseId).sortBy('seq');
  return rows.map(stripSeq);
}

/**
 * The case's actions as a Solid accessor that follows every write, including writes from keyboard shortcuts and
 * from other tabs (Dexie's liveQuery). Call inside a component: the subscription ends with its owner.
 */
export function watchActions(caseId: string): Accessor<AnalystAction[] | undefined> {
  return from(liveQuery(() => listActions(caseId)));
}

/**
 * The status of every case the analyst acted on, following every write (the queue's status badges). Call inside a
 * component: the subscription ends with its owner.
 */
export function watchStatuses(): Accessor<Map<string, CaseStatus> | undefined> {
  return from(liveQuery(async () => statusesByCase((await analystDatabase().actions.orderBy('seq').toArray()).map(stripSeq))));
}
