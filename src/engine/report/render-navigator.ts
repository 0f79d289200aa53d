/**
 * The matched techniques as an ATT&CK Navigator layer (layer format 4.5, `layers/spec/v4.5/layerformat.md` in
 * mitre-attack/attack-navigator). Scores and colours follow the highest rule level behind each technique.
 */
import type { RuleLevel } from '../case';
import { ATTACK_VERSION, TACTICS } from '../mitre';
import type { CaseReport, ReportTechnique } from './schema';
import { collectDistinct, LEVEL_LABELS, ruleTitlesById, scoreText, shownText, VERDICT_LABELS } from './text';

export interface NavigatorMetadata {
  name: string;
  value: string;
}

export interface NavigatorTechnique {
  techniqueID: string;
  tactic?: string;
  score: number;
  color: string;
  comment: string;
  enabled: boolean;
  metadata: NavigatorMetadata[];
  showSubtechniques: boolean;
}

export interface NavigatorLayer {
  name: string;
  versions: { attack?: string; navigator: string; layer: string };
  domain: 'enterprise-attack';
  description: string;
  sorting: number;
  layout: {
    layout: 'side';
    showID: boolean;
    showName: boolean;
    showAggregateScores: boolean;
    countUnscored: boolean;
    aggregateFunction: 'max';
    expandedSubtechniques: 'annotated';
  };
  hideDisabled: boolean;
  techniques: NavigatorTechnique[];
  gradient: { colors: string[]; minValue: number; maxValue: number };
  legendItems: { label: string; color: string }[];
  showTacticRowBackground: boolean;
  tacticRowBackground: string;
  selectTechniquesAcrossTactics: boolean;
  selectSubtechniquesWithParent: boolean;
  selectVisibleTechniques: boolean;
  metadata: NavigatorMetadata[];
}

/** Navigator release the layer was written for; 4.5 layers need at least 4.9.0 (spec, Version Object). */
export const NAVIGATOR_VERSION = '5.1.0';
export const NAVIGATOR_LAYER_VERSION = '4.5';

export const LEVEL_SCORES: Record<RuleLevel, number> = { informational: 20, low: 40, medium: 60, high: 80, critical: 100 };

export const LEVEL_COLORS: Record<RuleLevel, string> = {
  informational: '#c6dbef',
  low: '#fde68a',
  medium: '#fdae6b',
  high: '#f87171',
  critical: '#b91c1c',
};

/** Rule titles listed in a technique's comment before the rest are counted. */
const COMMENT_MAX_RULES = 10;

/** The layer's `attack` version is the major release (`19` from `Enterprise ATT&CK v19.1`). */
function attackMajorVersion(): string | undefined {
  return /v(\d+)/.exec(ATTACK_VERSION)?.[1];
}

function techniqueEntries(technique: ReportTechnique, ruleTitles: Map<string, string>, expandParents: Set<string>): NavigatorTechnique[] {
  const titles = collectDistinct(technique.attestation_ids, (id) => ruleTitles.get(id));
  const shownTitles = titles.slice(0, COMMENT_MAX_RULES).map(shownText);
  const more = titles.length - shownTitles.length;
  const comment = `Matched by ${shownTitles.join('; ')}${more > 0 ? ` and ${more} more rules` : ''}. ${technique.event_count} event(s).`;
  const metadata: NavigatorMetadata[] = [
    { name: 'level', value: LEVEL_LABELS[technique.max_level] },
    { name: 'events', value: String(technique.event_count) },
    ...technique.rule_ids.slice(0, COMMENT_MAX_RULES).map((id) => ({ name: 'rule', value: id })),
  ];
  const known = new Set(TACTICS.map((tactic) => tactic.shortname));
  const tactics = technique.tactics.filter((tactic) => known.has(tactic));
  // Without a known tactic the entry omits `tactic`, which the spec defines as "under every tactic it belongs to".
  const columns: (string | undefined)[] = tactics.length ? tactics : [undefined];
  return columns.map((tactic) => {
    const entry: NavigatorTechnique = {
      techniqueID: technique.id,
      score: LEVEL_SCORES[technique.max_level],
      color: LEVEL_COLORS[technique.max_level],
      comment,
      enabled: true,
      metadata: metadata.map((item) => ({ ...item })),
      showSubtechniques: expandParents.has(technique.id),
    };
    if (tactic) entry.tactic = tactic;
    return entry;
  });
}

export function buildNavigatorLayer(report: CaseReport): NavigatorLayer {
  const expandParents = new Set(report.techniques.flatMap((technique) => (technique.parent ? [technique.parent] : [])));
  const attack = attackMajorVersion();
  const ruleTitles = ruleTitlesById(report);
  const verdict = VERDICT_LABELS[report.verdict];
  return {
    name: `SOC Triage ${report.id}: ${report.title}`.slice(0, 200),
    versions: { ...(attack ? { attack } : {}), navigator: NAVIGATOR_VERSION, layer: NAVIGATOR_LAYER_VERSION },
    domain: 'enterprise-attack',
    description: shownText(`Verdict ${verdict}, score ${scoreText(report.score)}, confidence ${scoreText(report.confidence)}. ${report.conclusion}`),
    sorting: 3,
    layout: {
      layout: 'side',
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      aggregateFunction: 'max',
      expandedSubtechniques: 'annotated',
    },
    hideDisabled: false,
    techniques: report.techniques.flatMap((technique) => techniqueEntries(technique, ruleTitles, expandParents)),
    gradient: { colors: ['#ffffff', LEVEL_COLORS.critical], minValue: 0, maxValue: 100 },
    legendItems: (Object.keys(LEVEL_COLORS) as RuleLevel[]).reverse().map((level) => ({ label: `${LEVEL_LABELS[level]} rule`, color: LEVEL_COLORS[level] })),
    showTacticRowBackground: false,
    tacticRowBackground: '#dddddd',
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [
      { name: 'case', value: report.id },
      { name: 'verdict', value: verdict },
      { name: 'created', value: report.created_at },
    ],
  };
}

export function renderNavigatorLayer(report: CaseReport): string {
  return JSON.stringify(buildNavigatorLayer(report), null, 2);
}
