import type { VerdictClass } from '../case';
import type { DraftStep } from './draft';

export type NumberedStep = DraftStep & { id: string };

/** Evidence steps quoted in the conclusion, strongest first. */
export const CONCLUSION_STEPS = 3;

const MEANING: Record<VerdictClass, string> = {
  incident: 'Incident: escalate, the evidence points to a real intrusion.',
  suspicious: 'Suspicious: a person must look at this case.',
  tuning: 'Tuning: alerts fired on what looks like benign activity, so the detections need tuning.',
  noise: 'Noise: background activity, nothing to do.',
};

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * One paragraph for a ticket, made only of the reasoning steps: the verdict line, the strongest evidence, the
 * count of unclassified items, and the largest limit on confidence. Nothing is said that no step says.
 */
export function buildConclusion(verdict: VerdictClass, score: number, confidence: number, steps: readonly NumberedStep[]): string {
  const parts = [`${MEANING[verdict]} Score ${score} of 100, confidence ${confidence} of 100.`];
  const evidence = steps
    .filter((step) => step.section !== 'telemetry' && step.section !== 'unclassified' && step.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, CONCLUSION_STEPS);
  if (evidence.length) parts.push(`Main evidence: ${evidence.map((step) => `${sentence(step.text)} [${step.id}]`).join(' ')}`);
  const explanatory = steps.filter((step) => step.section === 'finding' && step.weight === 0 && step.confidence === undefined);
  for (const step of explanatory.slice(0, 1)) parts.push(`${sentence(step.text)} [${step.id}]`);
  const unclassified = steps.filter((step) => step.section === 'unclassified');
  if (unclassified.length) {
    const strongest = unclassified.reduce((a, b) => (b.weight > a.weight ? b : a));
    parts.push(`${unclassified.length === 1 ? 'One item' : `${unclassified.length} items`} of unclassified evidence ${unclassified.length === 1 ? 'is' : 'are'} kept for review, the strongest: ${sentence(strongest.text)} [${strongest.id}]`);
  }
  const limits = steps.filter((step) => (step.confidence ?? 0) < 0).sort((a, b) => (a.confidence ?? 0) - (b.confidence ?? 0));
  if (limits.length) parts.push(`Confidence is limited: ${sentence(limits[0].text)} [${limits[0].id}]`);
  return parts.join(' ');
}
