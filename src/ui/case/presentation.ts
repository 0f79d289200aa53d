/**
 * How case values look: labels and UnoCSS class strings, kept as whole literals so UnoCSS's extractor sees every
 * class. Colour never carries meaning alone: each badge also prints its label (WCAG 1.4.1), and each pairing keeps
 * at least 4.5:1 contrast in both themes (WCAG 1.4.3).
 */
import type { IndicatorTier, RuleLevel, VerdictClass } from '../../engine/case';

export const VERDICT_LABELS: Record<VerdictClass, string> = {
  incident: 'Incident',
  suspicious: 'Suspicious',
  tuning: 'Tuning',
  noise: 'Noise',
};

/** What each verdict asks of the analyst, shown under the badge. */
export const VERDICT_MEANINGS: Record<VerdictClass, string> = {
  incident: 'Malicious activity is attested: respond now.',
  suspicious: 'Evidence points to an attack but does not prove it: investigate.',
  tuning: 'Rules fired on activity that looks benign: tune the detections.',
  noise: 'Nothing here needs an analyst.',
};

export const VERDICT_BADGE_CLASS: Record<VerdictClass, string> = {
  incident: 'bg-red-700 text-white',
  suspicious: 'bg-amber-400 text-black',
  tuning: 'bg-sky-700 text-white',
  noise: 'bg-slate-600 text-white',
};

/** Heat of a matrix cell by the highest rule level behind the technique. */
export const LEVEL_HEAT_CLASS: Record<RuleLevel, string> = {
  informational: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50',
  low: 'bg-sky-200 text-sky-950 dark:bg-sky-900 dark:text-sky-50',
  medium: 'bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50',
  high: 'bg-orange-400 text-black dark:bg-orange-700 dark:text-white',
  critical: 'bg-red-700 text-white dark:bg-red-700 dark:text-white',
};

export const LEVEL_LABELS: Record<RuleLevel, string> = {
  informational: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

export const TIER_BADGE_CLASS: Record<IndicatorTier, string> = {
  critical: 'bg-red-700 text-white',
  high: 'bg-orange-400 text-black',
  medium: 'bg-amber-200 text-amber-950',
  low: 'bg-sky-200 text-sky-950',
  benign: 'bg-emerald-200 text-emerald-950',
  unknown: 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-50',
};

/*
 * The app loads no CSS reset, so every class below states what a reset would (border style, margins, list style,
 * button font): the components look the same whatever page mounts them.
 */

/** The card every section of the case document sits on. */
export const SECTION_CLASS = 'rounded-lg border border-solid border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900';
export const BUTTON_CLASS =
  'm-0 cursor-pointer rounded border border-solid border-slate-400 bg-slate-100 px-2 py-1 text-sm text-slate-900 [font-family:inherit] ' +
  'hover:bg-slate-200 disabled:cursor-default disabled:opacity-50 aria-disabled:cursor-default aria-disabled:opacity-50 ' +
  'dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700 ' +
  'focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500';
/**
 * A button that reads as a link (it opens evidence in the app; it never navigates). Padding, size and colour are
 * left to the caller so no two utilities of one property meet on an element.
 */
export const LINK_BUTTON_BASE =
  'm-0 cursor-pointer border-0 bg-transparent text-left [font-family:inherit] underline decoration-dotted underline-offset-2 ' +
  'disabled:cursor-default disabled:no-underline ' +
  'focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500';
/** An in-text link button in the link colour, at the size of the surrounding text. */
export const LINK_BUTTON_CLASS = `${LINK_BUTTON_BASE} p-0 [font-size:inherit] text-sky-800 dark:text-sky-300`;
/** Text inputs and selects: the reset's job (inherited font, theme colours) stated here. */
export const FIELD_CLASS =
  'rounded border border-solid border-slate-400 bg-white text-sm text-slate-900 [font-family:inherit] ' +
  'dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100 ' +
  'focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500';
/** Lists whose bullets and indent would only add noise (link lists, cards). */
export const PLAIN_LIST_CLASS = 'm-0 list-none p-0';
export const MUTED_TEXT_CLASS = 'text-slate-600 dark:text-slate-400';
