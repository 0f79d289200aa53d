/**
 * Which queued triage runs next. The worker triages one case at a time, so the order decides how soon the analyst
 * sees verdicts: the case they have open comes first (they are waiting on it), then the cheapest case, since a
 * small file's verdict arrives in seconds while a 200 MB one takes minutes. Risk is unknown until a case is
 * triaged, so size is the only cost the queue can know up front; equal sizes keep the drop order.
 */

export interface WaitingJob {
  id: string;
  /** Bytes of evidence the triage reads: its cost. */
  bytes: number;
}

/** Index in `waiting` of the job to run next, or -1 when nothing waits. */
export function nextJobIndex(waiting: readonly WaitingJob[], openCaseId?: string): number {
  if (!waiting.length) return -1;
  if (openCaseId !== undefined) {
    const open = waiting.findIndex((job) => job.id === openCaseId);
    if (open >= 0) return open;
  }
  let best = 0;
  for (let index = 1; index < waiting.length; index++) {
    if (waiting[index].bytes < waiting[best].bytes) best = index;
  }
  return best;
}
