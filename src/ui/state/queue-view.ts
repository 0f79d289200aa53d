import type { VerdictClass } from '../../engine/case';
import type { CaseSummary } from '../bridge/protocol';

export type CaseStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface QueueCase extends CaseSummary {
  status: CaseStatus;
  /** 0..1 of the bytes read, while running. */
  progress: number;
  /** Why a triage failed (a bug of ours, shown rather than swallowed). */
  failure?: string;
}

export type QueueSort = 'risk' | 'score' | 'time' | 'host' | 'title';

export interface QueueFilter {
  text: string;
  verdict: VerdictClass | 'pending' | 'all';
  technique: string;
}

export const NO_FILTER: QueueFilter = { text: '', verdict: 'all', technique: '' };

const VERDICT_RANK: Record<VerdictClass, number> = { incident: 5, suspicious: 4, tuning: 2, noise: 1 };
/** Cases still being triaged may still turn out to be incidents: they sit between "suspicious" and "tuning". */
const PENDING_RANK = 3;

export function riskRank(item: Pick<QueueCase, 'verdict'>): number {
  return item.verdict ? VERDICT_RANK[item.verdict] : PENDING_RANK;
}

export function matchesFilter(item: QueueCase, filter: QueueFilter): boolean {
  if (filter.verdict === 'pending' ? item.verdict !== null : filter.verdict !== 'all' && item.verdict !== filter.verdict) return false;
  const technique = filter.technique.trim().toUpperCase();
  if (technique && !item.techniques.some((id) => id === technique || id.startsWith(`${technique}.`))) return false;
  const text = filter.text.trim().toLowerCase();
  if (!text) return true;
  return item.title.toLowerCase().includes(text)
    || item.hosts.some((host) => host.toLowerCase().includes(text))
    || item.techniques.some((id) => id.toLowerCase().includes(text))
    || item.fileNames.some((name) => name.toLowerCase().includes(text));
}

function byNumberDesc(a: number | null, b: number | null): number {
  const x = a === null || Number.isNaN(a) ? -Infinity : a;
  const y = b === null || Number.isNaN(b) ? -Infinity : b;
  return y - x;
}

const COMPARATORS: Record<QueueSort, (a: QueueCase, b: QueueCase) => number> = {
  risk: (a, b) => riskRank(b) - riskRank(a) || byNumberDesc(a.score, b.score) || b.createdAt.localeCompare(a.createdAt),
  score: (a, b) => byNumberDesc(a.score, b.score) || riskRank(b) - riskRank(a),
  time: (a, b) => byNumberDesc(a.lastEventAt, b.lastEventAt) || b.createdAt.localeCompare(a.createdAt),
  host: (a, b) => (a.hosts[0] ?? '\uffff').localeCompare(b.hosts[0] ?? '\uffff') || riskRank(b) - riskRank(a),
  title: (a, b) => a.title.localeCompare(b.title),
};

/** The queue as shown: filtered, then sorted; ties fall back to the id so the order never flickers. */
export function visibleCases(cases: readonly QueueCase[], filter: QueueFilter, sort: QueueSort): QueueCase[] {
  const compare = COMPARATORS[sort];
  return cases.filter((item) => matchesFilter(item, filter)).sort((a, b) => compare(a, b) || a.id.localeCompare(b.id));
}

/** Where the analyst's row sits on screen: the case they selected and the row index it was shown at. */
export interface HeldRow {
  id: string;
  index: number;
}

/**
 * The shown order with the held row kept at its index: verdicts arriving in the background re-sort the other rows
 * around it, so the row under the analyst's cursor (and the keyboard selection) never jumps away. The hold is
 * released by selecting another case, or by a filter or sort change (a new order the analyst asked for).
 */
export function holdRow<T extends { id: string }>(sorted: readonly T[], held: HeldRow | undefined): T[] {
  const list = [...sorted];
  if (!held) return list;
  const at = list.findIndex((item) => item.id === held.id);
  if (at < 0) return list;
  const [row] = list.splice(at, 1);
  list.splice(Math.min(Math.max(0, held.index), list.length), 0, row);
  return list;
}
