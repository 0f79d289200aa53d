/** The HTML report's evidence sections: ATT&CK matrix, rule matches, unclassified evidence, next steps, files. */
import { SUBSET } from '../mitre';
import { levelRank } from './build-attack';
import { anchorId, anchorLink, escapeHtml } from './html-escape';
import { HTML_MAX_ATTESTATIONS, DOCUMENT_MAX_ISSUES_PER_FILE, HTML_MAX_MATCHES, HTML_MAX_LINKS, HTML_MAX_TEXT_CHARS } from './limits';
import type { CaseReport, ReportAttestation, ReportFile, ReportNextStep, ReportTactic, ReportTechnique } from './schema';
import { clip, collectDistinct, LEVEL_LABELS, shownText, techniqueLabel } from './text';

/** The context every section renders against: the report and the anchors that exist in the document. */
export interface HtmlContext {
  report: CaseReport;
  anchors: Set<string>;
}

/** Links to the first targets of a list, then a count of the rest. */
function linkList(ctx: HtmlContext, prefix: string, ids: string[]): string {
  const links = ids.slice(0, HTML_MAX_LINKS).map((id) => anchorLink(ctx.anchors, prefix, id, id));
  const more = ids.length - links.length;
  return links.join(', ') + (more > 0 ? ` <span class="note">and ${more} more</span>` : '');
}

export function eventLinks(ctx: HtmlContext, eventIds: string[]): string {
  return linkList(ctx, 'ev', eventIds);
}

function techniqueBox(technique: ReportTechnique, titles: Map<string, string>): string {
  const rules = collectDistinct(technique.attestation_ids, (id) => titles.get(id));
  const ruleList = rules.map((title) => escapeHtml(shownText(title))).join('; ');
  return `<div class="tech hit l-${escapeHtml(technique.max_level)}"><a href="#${anchorId('tech', technique.id)}">${escapeHtml(techniqueLabel(technique.id, technique.name))}</a>`
    + `<span class="rules">${escapeHtml(LEVEL_LABELS[technique.max_level])}: ${ruleList}</span></div>`;
}

/**
 * Tactic columns in kill-chain order. Besides the matched techniques, each column lists (greyed) the techniques of
 * the product's ATT&CK subset that were not seen, so the reader sees what was looked for as well as what was found.
 */
export function renderMatrix(ctx: HtmlContext): string {
  const { report } = ctx;
  const byId = new Map(report.techniques.map((technique) => [technique.id, technique]));
  const titles = new Map(report.attestations.map((attestation) => [attestation.id, attestation.rule_title]));
  const column = (tactic: ReportTactic): string => {
    const matched = tactic.techniques.map((id) => byId.get(id)).filter((technique) => technique !== undefined);
    matched.sort((a, b) => levelRank(b.max_level) - levelRank(a.max_level));
    const unseen = SUBSET.filter((info) => info.tactics.includes(tactic.shortname) && !byId.has(info.id));
    return `<td>${matched.map((technique) => techniqueBox(technique, titles)).join('')}`
      + `${unseen.map((info) => `<div class="tech">${escapeHtml(techniqueLabel(info.id, info.name))}</div>`).join('')}</td>`;
  };
  const head = report.tactics.map((tactic) => `<th>${escapeHtml(tactic.name)}<br><span class="note">${tactic.techniques.length} matched</span></th>`).join('');
  return `<div class="matrix"><table><thead><tr>${head}</tr></thead><tbody><tr>${report.tactics.map(column).join('')}</tr></tbody></table></div>`;
}

export function renderTechniqueTable(ctx: HtmlContext): string {
  if (!ctx.report.techniques.length) return '<p>No rule attested an ATT&amp;CK technique.</p>';
  const rows = ctx.report.techniques.map((technique) => {
    const attestations = linkList(ctx, 'att', technique.attestation_ids);
    return `<tr id="${anchorId('tech', technique.id)}"><td class="nowrap"><code>${escapeHtml(technique.id)}</code></td>`
      + `<td>${escapeHtml(technique.name ?? '(not in the shipped ATT&CK data)')}</td><td>${escapeHtml(technique.tactics.join(', '))}</td>`
      + `<td>${escapeHtml(LEVEL_LABELS[technique.max_level])}</td><td class="num">${technique.event_count}</td><td>${attestations}</td></tr>`;
  });
  return `<table><thead><tr><th>Technique</th><th>Name</th><th>Tactics</th><th>Level</th><th>Events</th><th>Rule matches</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function matchList(ctx: HtmlContext, attestation: ReportAttestation): string {
  const shown = attestation.matches.slice(0, HTML_MAX_MATCHES).map((match) => {
    const fields = Object.entries(match.fields)
      .map(([name, value]) => `<code>${escapeHtml(name)}</code> = <span class="mono">${escapeHtml(clip(shownText(value), HTML_MAX_TEXT_CHARS))}</span>`)
      .join('<br>');
    return `<li>${anchorLink(ctx.anchors, 'ev', match.event_id, match.event_id)}: ${fields || '<span class="note">no field values recorded</span>'}</li>`;
  });
  const more = attestation.matches.length - shown.length;
  return shown.length ? `<ul>${shown.join('')}${more > 0 ? `<li class="note">and ${more} more matches</li>` : ''}</ul>` : '';
}

export function renderAttestations(ctx: HtmlContext): string {
  const { attestations } = ctx.report;
  if (!attestations.length) return '<p>No rule matched.</p>';
  const items = attestations.slice(0, HTML_MAX_ATTESTATIONS).map((attestation) => {
    const correlation = attestation.correlation
      ? `<p class="note">Correlation (${escapeHtml(attestation.correlation.type)}) of ${escapeHtml(attestation.correlation.rules.join(', '))}`
        + ` grouped by ${escapeHtml(shownText(Object.entries(attestation.correlation.group_by).map(([k, v]) => `${k}=${v}`).join(', ')))}</p>`
      : '';
    return `<div id="${anchorId('att', attestation.id)}"><h3>${escapeHtml(shownText(attestation.rule_title))} <span class="tag l-${escapeHtml(attestation.level)}">${escapeHtml(LEVEL_LABELS[attestation.level])}</span></h3>`
      + `<p class="note">Rule <code>${escapeHtml(attestation.rule_id)}</code> · match <code>${escapeHtml(attestation.id)}</code> · `
      + `${escapeHtml(attestation.techniques.join(', ') || 'no technique')} · ${escapeHtml(attestation.first_ts ?? '(no time)')} to ${escapeHtml(attestation.last_ts ?? '(no time)')}</p>`
      + `${correlation}<p>Events: ${eventLinks(ctx, attestation.event_ids)}</p>${matchList(ctx, attestation)}</div>`;
  });
  const more = attestations.length - items.length;
  return items.join('') + (more > 0 ? `<p class="note">${more} more rule matches are in the JSON report.</p>` : '');
}

export function renderUnclassified(ctx: HtmlContext): string {
  const { unclassified } = ctx.report;
  if (!unclassified.length) return '<p>Nothing that no rule explains.</p>';
  const rows = unclassified.map((item) =>
    `<tr id="${anchorId('unc', item.id)}"><td>${escapeHtml(item.severity)}</td><td>${escapeHtml(shownText(item.reason))}</td>`
    + `<td>${eventLinks(ctx, item.event_ids)}</td><td class="mono">${item.indicators.map((value) => escapeHtml(shownText(value))).join('<br>')}</td></tr>`);
  return `<table><thead><tr><th>Severity</th><th>Why it looks wrong</th><th>Events</th><th>Indicators</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const STEP_HEADINGS: Record<ReportNextStep['kind'], string> = {
  containment: 'Contain',
  collection: 'Collect',
  confidence: 'Raise confidence',
};

export function renderNextSteps(ctx: HtmlContext): string {
  const steps = ctx.report.next_steps;
  if (!steps.length) return '<p>No next steps were proposed.</p>';
  return (Object.keys(STEP_HEADINGS) as ReportNextStep['kind'][]).map((kind) => {
    const ofKind = steps.filter((step) => step.kind === kind);
    if (!ofKind.length) return '';
    const items = ofKind.map((step) => {
      const technique = step.technique_id ? ` <span class="tag">${escapeHtml(step.technique_id)}</span>` : '';
      const targets = step.targets?.length ? `<br><span class="note">Targets: ${escapeHtml(step.targets.map(shownText).join(', '))}</span>` : '';
      return `<li>${escapeHtml(shownText(step.text))}${technique}${targets}</li>`;
    });
    return `<h3>${STEP_HEADINGS[kind]}</h3><ul>${items.join('')}</ul>`;
  }).join('');
}

function issueList(file: ReportFile): string {
  if (!file.issues.length) return '';
  const shown = file.issues.slice(0, DOCUMENT_MAX_ISSUES_PER_FILE);
  const more = file.errors + file.warnings - shown.length;
  const rows = shown.map((issue) =>
    `<tr><td class="num">${issue.offset}</td><td>${escapeHtml(issue.severity)}</td><td>${escapeHtml(issue.structure ?? '')}</td><td>${escapeHtml(shownText(issue.reason))}</td></tr>`);
  return `<h3>Parse issues in ${escapeHtml(file.name)}</h3><table><thead><tr><th>Offset</th><th>Severity</th><th>Structure</th><th>Reason</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>${more > 0 ? `<p class="note">${more} more issues are in the JSON report.</p>` : ''}`;
}

export function renderFiles(ctx: HtmlContext): string {
  const { files } = ctx.report;
  if (!files.length) return '<p>No files.</p>';
  const rows = files.map((file) =>
    `<tr id="${anchorId('file', String(file.index))}"><td>${escapeHtml(file.name)}</td><td>${escapeHtml(file.parser || '-')}</td><td>${escapeHtml(file.status)}</td>`
    + `<td class="num">${file.size}</td><td class="num">${file.events}</td><td class="num">${file.errors}</td><td class="num">${file.warnings}</td></tr>`);
  return `<table><thead><tr><th>File</th><th>Parser</th><th>Status</th><th>Bytes</th><th>Events</th><th>Errors</th><th>Warnings</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>${files.map(issueList).join('')}`;
}
