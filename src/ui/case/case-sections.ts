/**
 * Orders and groups the report's lists the way the case document presents them: reasoning by section, next steps
 * by kind, unclassified evidence by severity; and reads the verdict out of a report that may still be pending.
 * Order within a group is the report's own (the verdict engine's order of argument); groups come in a fixed order,
 * and a section or kind this UI does not know yet still gets a group of its own rather than being dropped.
 */
import type { NextStepKind, ReasoningSection, UnclassifiedSeverity, VerdictClass } from '../../engine/case';
import type { CaseReport, ReportNextStep, ReportReasoningStep, ReportUnclassified } from '../../engine/report';

export interface Group<K extends string, T> {
  key: K | string;
  title: string;
  items: T[];
}

export const REASONING_SECTION_TITLES: Record<ReasoningSection, string> = {
  finding: 'Findings',
  telemetry: 'Telemetry',
  history: 'History',
  unclassified: 'Unclassified evidence',
};

export const NEXT_STEP_TITLES: Record<NextStepKind, string> = {
  containment: 'Containment',
  collection: 'Collection',
  confidence: 'Raise confidence',
};

function groupInOrder<K extends string, T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  titles: Record<K, string>,
): Group<K, T>[] {
  const groups = new Map<string, Group<K, T>>();
  for (const key of Object.keys(titles) as K[]) groups.set(key, { key, title: titles[key], items: [] });
  for (const item of items) {
    const key = keyOf(item);
    let group = groups.get(key);
    if (!group) {
      group = { key, title: key, items: [] };
      groups.set(key, group);
    }
    group.items.push(item);
  }
  return [...groups.values()].filter((group) => group.items.length > 0);
}

export function groupReasoning(steps: readonly ReportReasoningStep[]): Group<ReasoningSection, ReportReasoningStep>[] {
  return groupInOrder(steps, (step) => step.section, REASONING_SECTION_TITLES);
}

/** Sum of a section's weights: how much it moved the score. */
export function sectionWeight(steps: readonly ReportReasoningStep[]): number {
  return steps.reduce((sum, step) => sum + (Number.isFinite(step.weight) ? step.weight : 0), 0);
}

export function groupNextSteps(steps: readonly ReportNextStep[]): Group<NextStepKind, ReportNextStep>[] {
  return groupInOrder(steps, (step) => step.kind, NEXT_STEP_TITLES);
}

const SEVERITY_RANK: Record<UnclassifiedSeverity, number> = { high: 0, medium: 1, low: 2 };

/** Most severe first; the report's order otherwise. */
export function orderUnclassified(items: readonly ReportUnclassified[]): ReportUnclassified[] {
  return [...items].sort((a, b) => (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3));
}

const VERDICTS: readonly VerdictClass[] = ['incident', 'suspicious', 'tuning', 'noise'];

/** The decided verdict, or null while pending (the report says `pending`; an early snapshot may carry null). */
export function decidedVerdict(report: Pick<CaseReport, 'verdict'>): VerdictClass | null {
  const verdict = report.verdict as string | null | undefined;
  return verdict && VERDICTS.includes(verdict as VerdictClass) ? (verdict as VerdictClass) : null;
}

export type ConclusionPart = { text: string } | { step: string };

/** `[step-N]` in the verdict's conclusion cites reasoning step `step-N` (src/engine/verdict/index.ts numbers them). */
const STEP_CITATION = /\[(step-\d+)\]/g;

/**
 * The conclusion as prose and step citations, so the page can show citations as small links to the reasoning
 * instead of raw brackets in the middle of a sentence.
 */
export function splitConclusion(text: string): ConclusionPart[] {
  const parts: ConclusionPart[] = [];
  let from = 0;
  for (const match of text.matchAll(STEP_CITATION)) {
    const at = match.index ?? 0;
    const before = text.slice(from, at).replace(/\s+$/, '');
    if (before) parts.push({ text: before });
    parts.push({ step: match[1] });
    from = at + match[0].length;
  }
  const rest = text.slice(from);
  if (rest) parts.push({ text: rest });
  return parts;
}

/** Page id of a reasoning step's list item: the target of a conclusion's citation. */
export function reasoningStepElementId(stepId: string): string {
  return `reasoning-${stepId}`;
}
