/**
 * What an analyst decided about a case, as an append-only log: the current state is a fold over the log, so every
 * decision keeps its note and time and a later one never erases an earlier one (the audit trail a SOC ticket needs).
 * Pure: no storage, no DOM, so the fold is tested in Node.
 */

export type Resolution = 'tuning' | 'noise';

interface ActionBase {
  caseId: string;
  note: string;
  /** ISO-8601 time the analyst acted. */
  at: string;
}

export type AnalystAction =
  | (ActionBase & { kind: 'escalate' })
  | (ActionBase & { kind: 'resolve'; resolution: Resolution })
  | (ActionBase & { kind: 'reopen' })
  /** `indicator` is the case's indicator key `type:value`; `falsePositive: false` withdraws an earlier mark. */
  | (ActionBase & { kind: 'false-positive'; indicator: string; falsePositive: boolean });

export type CaseStatus = 'open' | 'escalated' | 'resolved-tuning' | 'resolved-noise';

export interface AnalystDecision {
  note: string;
  at: string;
}

export interface AnalystState {
  status: CaseStatus;
  /** The action that set the status; absent while the case was never touched. */
  statusDecision?: AnalystDecision;
  /** Indicator key -> the mark that is in force. */
  falsePositives: Map<string, AnalystDecision>;
}

/** A note longer than this is refused: a note is a ticket comment, not a place to paste evidence. */
export const MAX_NOTE_CHARS = 4000;

export const STATUS_LABELS: Record<CaseStatus, string> = {
  open: 'Open',
  escalated: 'Escalated',
  'resolved-tuning': 'Resolved: tuning',
  'resolved-noise': 'Resolved: noise',
};

/** Trims a note and refuses one over `MAX_NOTE_CHARS` rather than cutting what the analyst wrote. */
export function normalizeNote(note: string): string {
  const trimmed = note.trim();
  if (trimmed.length > MAX_NOTE_CHARS) {
    throw new RangeError(`note has ${trimmed.length} characters; at most ${MAX_NOTE_CHARS} are kept`);
  }
  return trimmed;
}

function statusAfter(action: AnalystAction, current: CaseStatus): CaseStatus {
  switch (action.kind) {
    case 'escalate':
      return 'escalated';
    case 'resolve':
      return action.resolution === 'tuning' ? 'resolved-tuning' : 'resolved-noise';
    case 'reopen':
      return 'open';
    case 'false-positive':
      return current;
  }
}

/** Folds the log in time order (ties keep log order); actions of other cases are ignored. */
export function analystState(caseId: string, actions: readonly AnalystAction[]): AnalystState {
  const ordered = actions
    .map((action, index) => ({ action, index }))
    .filter(({ action }) => action.caseId === caseId)
    .sort((a, b) => (a.action.at < b.action.at ? -1 : a.action.at > b.action.at ? 1 : a.index - b.index));
  const state: AnalystState = { status: 'open', falsePositives: new Map() };
  for (const { action } of ordered) {
    const decision = { note: action.note, at: action.at };
    if (action.kind === 'false-positive') {
      if (action.falsePositive) state.falsePositives.set(action.indicator, decision);
      else state.falsePositives.delete(action.indicator);
      continue;
    }
    state.status = statusAfter(action, state.status);
    state.statusDecision = decision;
  }
  return state;
}

/** Every case's status from one log (the queue shows them beside the verdicts); untouched cases are absent. */
export function statusesByCase(actions: readonly AnalystAction[]): Map<string, CaseStatus> {
  const byCase = new Map<string, AnalystAction[]>();
  for (const action of actions) {
    if (action.kind === 'false-positive') continue;
    const list = byCase.get(action.caseId);
    if (list) list.push(action);
    else byCase.set(action.caseId, [action]);
  }
  const statuses = new Map<string, CaseStatus>();
  for (const [caseId, list] of byCase) statuses.set(caseId, analystState(caseId, list).status);
  return statuses;
}

/**
 * One line per action for the case's history list. Indicator keys hold the canonical (live) value, so the caller
 * passes `displayIndicator` to show the defanged form instead.
 */
export function describeAction(action: AnalystAction, displayIndicator: (key: string) => string): string {
  switch (action.kind) {
    case 'escalate':
      return 'Escalated';
    case 'resolve':
      return action.resolution === 'tuning' ? 'Resolved as tuning' : 'Resolved as noise';
    case 'reopen':
      return 'Reopened';
    case 'false-positive':
      return action.falsePositive
        ? `Marked ${displayIndicator(action.indicator)} as false positive`
        : `Withdrew false-positive mark on ${displayIndicator(action.indicator)}`;
  }
}

export function newestFirst(actions: readonly AnalystAction[]): AnalystAction[] {
  return actions
    .map((action, index) => ({ action, index }))
    .sort((a, b) => (a.action.at < b.action.at ? 1 : a.action.at > b.action.at ? -1 : b.index - a.index))
    .map(({ action }) => action);
}
