/**
 * The standalone HTML report: one file with inline CSS and no script, readable offline and printable. Everything
 * from the case is escaped (html-escape.ts) and free text is defanged; the CSP forbids any script, frame, font or
 * remote load even if escaping were ever bypassed.
 */
import { indicatorKey } from '../case';
import { anchorId, anchorLink, escapeHtml } from './html-escape';
import { eventLinks, renderAttestations, renderFiles, renderMatrix, renderNextSteps, renderTechniqueTable, renderUnclassified, type HtmlContext } from './html-sections';
import { REPORT_CSS } from './html-style';
import { HTML_MAX_ATTESTATIONS, HTML_MAX_TEXT_CHARS } from './limits';
import type { CaseReport, ReportRef, ReportReasoningStep } from './schema';
import { clip, ENRICHMENT_OFF, originText, ruleTitlesById, scoreText, shownText, sourceBreakdown, timeText, VERDICT_LABELS, weightText } from './text';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Every anchor the document will contain, so links are only written to targets that exist. */
function documentAnchors(report: CaseReport): Set<string> {
  const anchors = new Set<string>();
  for (const entry of report.timeline) anchors.add(anchorId('ev', entry.event_id));
  for (const attestation of report.attestations.slice(0, HTML_MAX_ATTESTATIONS)) anchors.add(anchorId('att', attestation.id));
  for (const item of report.unclassified) anchors.add(anchorId('unc', item.id));
  for (const indicator of report.indicators) anchors.add(anchorId('ioc', indicatorKey(indicator.type, indicator.value)));
  for (const file of report.files) anchors.add(anchorId('file', String(file.index)));
  for (const technique of report.techniques) anchors.add(anchorId('tech', technique.id));
  for (const step of report.reasoning) anchors.add(anchorId('step', step.id));
  return anchors;
}

function refLink(ctx: HtmlContext, ref: ReportRef, labels: { rules: Map<string, string>; indicators: Map<string, string>; files: Map<string, string> }): string {
  switch (ref.kind) {
    case 'event':
      return anchorLink(ctx.anchors, 'ev', ref.id, `event ${ref.id}`);
    case 'attestation':
      return anchorLink(ctx.anchors, 'att', ref.id, shownText(labels.rules.get(ref.id) ?? ref.id));
    case 'unclassified':
      return anchorLink(ctx.anchors, 'unc', ref.id, `unclassified ${ref.id}`);
    case 'indicator':
      return anchorLink(ctx.anchors, 'ioc', ref.id, labels.indicators.get(ref.id) ?? shownText(ref.id));
    case 'file':
      return anchorLink(ctx.anchors, 'file', ref.id, labels.files.get(ref.id) ?? `file ${ref.id}`);
    case 'history':
      return `<span class="tag">history ${escapeHtml(shownText(ref.id))}</span>`;
  }
}

function renderSteps(ctx: HtmlContext, steps: ReportReasoningStep[]): string {
  const { report } = ctx;
  const labels = {
    rules: ruleTitlesById(report),
    indicators: new Map(report.indicators.map((indicator) => [indicatorKey(indicator.type, indicator.value), indicator.defanged])),
    files: new Map(report.files.map((file) => [String(file.index), file.name])),
  };
  const items = steps.map((step) => {
    const sign = step.weight > 0 ? 'pos' : step.weight < 0 ? 'neg' : '';
    const refs = step.refs.length ? `<br><span class="note">Evidence: ${step.refs.map((ref) => refLink(ctx, ref, labels)).join(', ')}</span>` : '';
    return `<li id="${anchorId('step', step.id)}"><span class="weight ${sign}">${escapeHtml(weightText(step.weight))}</span> `
      + `<span class="tag">${escapeHtml(step.section)}</span> ${escapeHtml(shownText(step.text))}${refs}</li>`;
  });
  return `<ol class="reasoning">${items.join('')}</ol>`;
}

function renderReasoning(ctx: HtmlContext): string {
  const steps = ctx.report.reasoning.filter((step) => step.section !== 'history');
  return steps.length ? renderSteps(ctx, steps) : '<p>No reasoning recorded yet.</p>';
}

function renderCounts(report: CaseReport): string {
  const { counts } = report;
  const byLevel = Object.entries(counts.attestations).filter(([, n]) => n > 0).map(([level, n]) => `${n} ${level}`).join(', ') || 'none';
  const byType = Object.entries(counts.indicators).filter(([, n]) => n > 0).map(([type, n]) => `${n} ${type}`).join(', ') || 'none';
  return `<table><tbody><tr><th>Events</th><td class="num">${counts.events}</td><th>Files</th><td class="num">${counts.files}</td>`
    + `<th>Parse errors / warnings</th><td class="num">${counts.parse_errors} / ${counts.parse_warnings}</td></tr>`
    + `<tr><th>Rule matches</th><td colspan="3">${escapeHtml(byLevel)}</td><th>Techniques</th><td class="num">${counts.techniques}</td></tr>`
    + `<tr><th>Indicators</th><td colspan="3">${escapeHtml(byType)}</td><th>Unclassified</th><td class="num">${counts.unclassified}</td></tr></tbody></table>`;
}

function renderTimeline(ctx: HtmlContext): string {
  const { report } = ctx;
  if (!report.timeline.length) return '<p>No events on the timeline.</p>';
  const titles = ruleTitlesById(report);
  const scope = report.timeline_complete
    ? `All ${report.counts.events} events of the case.`
    : `The ${report.timeline.length} events cited as evidence, of ${report.counts.events} in the case.`;
  const omitted = report.timeline_omitted ? ` ${report.timeline_omitted} further cited events were left out (weakest evidence first).` : '';
  const rows = report.timeline.map((entry) => {
    const why = [
      ...entry.attestation_ids.map((id) => anchorLink(ctx.anchors, 'att', id, shownText(titles.get(id) ?? id))),
      ...entry.unclassified_ids.map((id) => anchorLink(ctx.anchors, 'unc', id, `unclassified ${id}`)),
      ...entry.reasoning_ids.map((id) => anchorLink(ctx.anchors, 'step', id, `reasoning ${id}`)),
    ].join('<br>');
    return `<tr id="${anchorId('ev', entry.event_id)}"><td class="time mono">${escapeHtml(timeText(entry.ts))}</td>`
      + `<td>${escapeHtml(entry.source)}<br><span class="note">${escapeHtml(entry.kind)}</span></td><td>${escapeHtml(entry.host)}</td><td>${escapeHtml(entry.user)}</td>`
      + `<td class="mono">${escapeHtml(clip(shownText(entry.message), HTML_MAX_TEXT_CHARS))}</td><td class="note">${escapeHtml(originText(entry))}</td><td>${why}</td></tr>`;
  });
  return `<p class="note">${escapeHtml(scope + omitted)} Times are UTC as recorded by the source.</p>`
    + `<table><thead><tr><th>Time (UTC)</th><th>Source</th><th>Host</th><th>User</th><th>Event</th><th>Origin</th><th>Why it is here</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>`;
}

function renderIndicators(ctx: HtmlContext): string {
  const { indicators } = ctx.report;
  if (!indicators.length) return '<p>No indicators were extracted.</p>';
  const rows = indicators.map((indicator) => {
    const breakdown = sourceBreakdown(indicator);
    const sources = breakdown.length ? breakdown.map((line) => escapeHtml(shownText(line))).join('<br>') : `<span class="note">${ENRICHMENT_OFF}</span>`;
    const seen = [timeText(indicator.first_seen), timeText(indicator.last_seen)].map(escapeHtml).join('<br>');
    return `<tr id="${anchorId('ioc', indicatorKey(indicator.type, indicator.value))}"><td>${escapeHtml(indicator.type)}</td>`
      + `<td class="mono">${escapeHtml(indicator.defanged)}${indicator.false_positive ? ' <span class="tag">false positive</span>' : ''}</td>`
      + `<td>${escapeHtml(indicator.scope ?? '')}</td><td>${escapeHtml(indicator.tier)}</td><td class="num">${indicator.count}</td>`
      + `<td class="mono note">${seen}</td><td>${sources}</td><td>${eventLinks(ctx, indicator.event_ids.slice(0, 5))}</td></tr>`;
  });
  return `<table><thead><tr><th>Type</th><th>Indicator (defanged)</th><th>Scope</th><th>Tier</th><th>Seen</th><th>First / last</th><th>Sources</th><th>First events</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The conclusion cites its reasoning steps as `[step-id]`; each citation becomes a link to the step. Defanged
 * text also holds brackets (`[.]`), but only a bracketed exact step id is turned into a link.
 */
function conclusionHtml(ctx: HtmlContext): string {
  const steps = new Map(ctx.report.reasoning.map((step) => [escapeHtml(step.id), step.id]));
  return escapeHtml(shownText(ctx.report.conclusion)).replace(/\[([^\[\]<>]{1,200})\]/g, (whole, inner: string) => {
    const id = steps.get(inner);
    return id === undefined ? whole : `[${anchorLink(ctx.anchors, 'step', id, id)}]`;
  });
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

export function renderHtmlReport(report: CaseReport): string {
  const ctx: HtmlContext = { report, anchors: documentAnchors(report) };
  const history = report.reasoning.filter((step) => step.section === 'history');
  const verdict = VERDICT_LABELS[report.verdict];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${verdict}: ${report.title}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(report.title)}</h1>
<p class="meta">Case <code>${escapeHtml(report.id)}</code> · triaged ${escapeHtml(report.created_at)} · SOC Triage report (${escapeHtml(report.schema)})</p>
<div class="verdict v-${escapeHtml(report.verdict)}">Verdict: <strong>${escapeHtml(verdict)}</strong> · score ${escapeHtml(scoreText(report.score))} · confidence ${escapeHtml(scoreText(report.confidence))}</div>
</header>
${section('conclusion', 'Conclusion', `<p class="conclusion">${conclusionHtml(ctx)}</p>${renderCounts(report)}`)}
${section('reasoning', 'Reasoning', renderReasoning(ctx))}
${section('attack', 'ATT&CK matrix', renderMatrix(ctx) + renderTechniqueTable(ctx))}
${section('timeline', 'Evidence timeline', renderTimeline(ctx))}
${section('rule-matches', 'Rule matches', renderAttestations(ctx))}
${section('indicators', 'Indicators', renderIndicators(ctx))}
${history.length ? section('history', 'History', renderSteps(ctx, history)) : ''}
${section('unclassified', 'Unclassified evidence', renderUnclassified(ctx))}
${section('next-steps', 'Next steps', renderNextSteps(ctx))}
${section('files', 'Files and parse issues', renderFiles(ctx))}
<footer class="note"><p>Indicators and addresses in this report are defanged. The JSON report holds the exact values and every event.</p></footer>
</body>
</html>
`;
}
