/**
 * The PDF report for a ticket attachment: A4, selectable text, page numbers, the ATT&CK matrix as a table (one row
 * per tactic; a 14-column grid does not fit a portrait page), and capped lists that say where the rest is.
 */
import { indicatorKey } from '../case';
import { levelRank } from './build-attack';
import { DOCUMENT_MAX_ISSUES_PER_FILE, PDF_MAX_CELL_CHARS, PDF_MAX_INDICATOR_ROWS, PDF_MAX_TIMELINE_ROWS } from './limits';
import { PdfWriter } from './pdf-layout';
import type { CaseReport, ReportAttestation, ReportReasoningStep, ReportVerdict } from './schema';
import { clip, collectDistinct, ENRICHMENT_OFF, LEVEL_LABELS, originText, ruleTitlesById, scoreText, shownText, sourceBreakdown, techniqueLabel, timeText, VERDICT_LABELS, weightText } from './text';

const VERDICT_FILLS: Record<ReportVerdict, [number, number, number]> = {
  incident: [179, 38, 30],
  suspicious: [180, 83, 9],
  tuning: [59, 110, 165],
  noise: [75, 85, 99],
  pending: [107, 114, 128],
};

/** The origin column is narrow: the file's full path is in the files table, its name is enough on each row. */
function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1) || file;
}

function cell(text: string): string {
  return clip(shownText(text), PDF_MAX_CELL_CHARS);
}

function cappedNote(shown: number, total: number, what: string): string | null {
  return total > shown ? `Showing ${shown} of ${total} ${what}; the JSON report has them all.` : null;
}

function writeSteps(pdf: PdfWriter, report: CaseReport, steps: ReportReasoningStep[]): void {
  const titles = ruleTitlesById(report);
  const defanged = new Map(report.indicators.map((indicator) => [indicatorKey(indicator.type, indicator.value), indicator.defanged]));
  const fileNames = new Map(report.files.map((file) => [String(file.index), file.name]));
  steps.forEach((step, index) => {
    pdf.paragraph(`${index + 1}. [${weightText(step.weight)}] ${shownText(step.text)}`, { size: 10 });
    if (!step.refs.length) return;
    const refs = step.refs.map((ref) =>
      ref.kind === 'attestation' ? `rule ${shownText(titles.get(ref.id) ?? ref.id)}`
        : ref.kind === 'indicator' ? defanged.get(ref.id) ?? shownText(ref.id)
          : ref.kind === 'file' ? `file ${fileNames.get(ref.id) ?? ref.id}`
            : `${ref.kind} ${shownText(ref.id)}`);
    pdf.paragraph(`Evidence: ${countedLabels(refs).join(', ')}`, { size: 8, muted: true, indent: 14 });
  });
}

/** Several matches of one rule are one line of evidence on paper: `rule X (3 matches)`, not the title three times. */
function countedLabels(labels: string[]): string[] {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].map(([label, count]) => (count > 1 ? `${label} (${count} ${label.startsWith('rule ') ? 'matches' : 'times'})` : label));
}

function writeMatrix(pdf: PdfWriter, report: CaseReport): void {
  const byId = new Map(report.techniques.map((technique) => [technique.id, technique]));
  const titles = ruleTitlesById(report);
  const rows: string[][] = [];
  for (const tactic of report.tactics) {
    if (!tactic.techniques.length) continue;
    const techniques = tactic.techniques.map((id) => byId.get(id)).filter((technique) => technique !== undefined);
    techniques.sort((a, b) => levelRank(b.max_level) - levelRank(a.max_level));
    rows.push([
      `${tactic.name}${tactic.id ? ` (${tactic.id})` : ''}`,
      techniques.map((technique) => `${techniqueLabel(technique.id, technique.name)} [${LEVEL_LABELS[technique.max_level]}]`).join('\n'),
      cell(collectDistinct(techniques.flatMap((technique) => technique.attestation_ids), (id) => titles.get(id)).join('\n')),
    ]);
  }
  if (!rows.length) {
    pdf.paragraph('No rule attested an ATT&CK technique.');
    return;
  }
  pdf.table([{ title: 'Tactic', width: 0.2 }, { title: 'Techniques', width: 0.4 }, { title: 'Rules', width: 0.4 }], rows);
  const quiet = report.tactics.filter((tactic) => !tactic.techniques.length).map((tactic) => tactic.name);
  if (quiet.length) pdf.paragraph(`No technique matched under: ${quiet.join(', ')}.`, { size: 8, muted: true });
}

function writeTimeline(pdf: PdfWriter, report: CaseReport): void {
  if (!report.timeline.length) {
    pdf.paragraph('No events on the timeline.');
    return;
  }
  const titles = ruleTitlesById(report);
  const shown = report.timeline.slice(0, PDF_MAX_TIMELINE_ROWS);
  pdf.paragraph(report.timeline_complete ? `All ${report.counts.events} events of the case (UTC).` : `Events cited as evidence (UTC), of ${report.counts.events} in the case.`, { size: 8, muted: true });
  pdf.table(
    [{ title: 'Time (UTC)', width: 0.16, mono: true }, { title: 'Host / user', width: 0.16 }, { title: 'Event', width: 0.36 }, { title: 'Origin', width: 0.14 }, { title: 'Why', width: 0.18 }],
    shown.map((entry) => [
      timeText(entry.ts),
      [entry.host, entry.user].filter(Boolean).join('\n'),
      cell(`${entry.source}/${entry.kind}: ${entry.message}`),
      cell(originText({ ...entry, file: baseName(entry.file) })),
      cell([...collectDistinct(entry.attestation_ids, (id) => titles.get(id)), ...entry.unclassified_ids.map((id) => `unclassified ${id}`)].join('\n')),
    ]),
  );
  const note = cappedNote(shown.length, report.timeline.length + report.timeline_omitted, 'timeline events');
  if (note) pdf.paragraph(note, { size: 8, muted: true });
}

function writeIndicators(pdf: PdfWriter, report: CaseReport): void {
  if (!report.indicators.length) {
    pdf.paragraph('No indicators were extracted.');
    return;
  }
  const shown = report.indicators.slice(0, PDF_MAX_INDICATOR_ROWS);
  // Value and sources share one wide cell so a SHA-256 or a long URL stays on one line, ready to copy.
  pdf.table(
    [{ title: 'Type', width: 0.08 }, { title: 'Indicator (defanged) and sources', width: 0.76, mono: true }, { title: 'Tier', width: 0.09 }, { title: 'Seen', width: 0.07 }],
    shown.map((indicator) => [
      indicator.type + (indicator.scope ? `\n${indicator.scope}` : ''),
      [
        clip(indicator.defanged, PDF_MAX_CELL_CHARS) + (indicator.false_positive ? ' (false positive)' : ''),
        ...(sourceBreakdown(indicator).map((line) => `  ${cell(line)}`)),
        ...(indicator.sources.length ? [] : [`  ${ENRICHMENT_OFF}`]),
      ].join('\n'),
      indicator.tier,
      String(indicator.count),
    ]),
  );
  const note = cappedNote(shown.length, report.indicators.length, 'indicators');
  if (note) pdf.paragraph(note, { size: 8, muted: true });
}

/** Rule matches grouped by rule: a rule that fired a thousand times is one row, with its count. */
function writeRuleMatches(pdf: PdfWriter, report: CaseReport): void {
  const byRule = new Map<string, ReportAttestation[]>();
  for (const attestation of report.attestations) {
    const group = byRule.get(attestation.rule_id);
    if (group) group.push(attestation);
    else byRule.set(attestation.rule_id, [attestation]);
  }
  if (!byRule.size) {
    pdf.paragraph('No rule matched.');
    return;
  }
  const rows = [...byRule.values()]
    .map((group) => group.reduce((top, attestation) => (levelRank(attestation.level) > levelRank(top.level) ? attestation : top), group[0]))
    .sort((a, b) => levelRank(b.level) - levelRank(a.level))
    .map((top) => {
      const group = byRule.get(top.rule_id) ?? [top];
      const events = new Set(group.flatMap((attestation) => attestation.event_ids)).size;
      return [cell(`${top.rule_title}\n${top.rule_id}`), LEVEL_LABELS[top.level], [...new Set(group.flatMap((attestation) => attestation.techniques))].join(', '), `${group.length} / ${events}`];
    });
  pdf.table([{ title: 'Rule', width: 0.5 }, { title: 'Level', width: 0.1 }, { title: 'Techniques', width: 0.25 }, { title: 'Matches / events', width: 0.15 }], rows);
}

function writeFiles(pdf: PdfWriter, report: CaseReport): void {
  pdf.table(
    [{ title: 'File', width: 0.4 }, { title: 'Parser', width: 0.14 }, { title: 'Status', width: 0.1 }, { title: 'Events', width: 0.12 }, { title: 'Errors', width: 0.12 }, { title: 'Warnings', width: 0.12 }],
    report.files.map((file) => [cell(file.name), file.parser || '-', file.status, String(file.events), String(file.errors), String(file.warnings)]),
  );
  for (const file of report.files) {
    if (!file.issues.length) continue;
    const shown = file.issues.slice(0, DOCUMENT_MAX_ISSUES_PER_FILE);
    pdf.paragraph(`Parse issues in ${file.name}`, { size: 9, style: 'bold' });
    pdf.table(
      [{ title: 'Offset', width: 0.12 }, { title: 'Severity', width: 0.1 }, { title: 'Structure', width: 0.18 }, { title: 'Reason', width: 0.6 }],
      shown.map((issue) => [String(issue.offset), issue.severity, issue.structure ?? '', cell(issue.reason)]),
    );
    const note = cappedNote(shown.length, file.errors + file.warnings, 'issues');
    if (note) pdf.paragraph(note, { size: 8, muted: true });
  }
}

export function renderPdfReport(report: CaseReport): Uint8Array {
  const verdict = VERDICT_LABELS[report.verdict];
  const pdf = new PdfWriter(`${verdict}: ${report.title}`);
  pdf.heading(clip(report.title, PDF_MAX_CELL_CHARS), 16);
  pdf.paragraph(`Case ${report.id} - triaged ${report.created_at} - SOC Triage report`, { size: 9, muted: true });
  pdf.banner(`Verdict: ${verdict}   Score: ${scoreText(report.score)}   Confidence: ${scoreText(report.confidence)}`, VERDICT_FILLS[report.verdict]);
  pdf.heading('Conclusion');
  pdf.paragraph(shownText(report.conclusion), { size: 11 });
  const { counts } = report;
  pdf.paragraph(
    `${counts.events} events in ${counts.files} file(s), ${counts.parse_errors} parse errors, ${counts.techniques} techniques, `
      + `${report.attestations.length} rule matches, ${report.indicators.length} indicators, ${counts.unclassified} unclassified items.`,
    { size: 9, muted: true },
  );
  pdf.heading('Reasoning');
  const reasoning = report.reasoning.filter((step) => step.section !== 'history');
  if (reasoning.length) writeSteps(pdf, report, reasoning);
  else pdf.paragraph('No reasoning recorded yet.');
  pdf.heading('ATT&CK matrix');
  writeMatrix(pdf, report);
  pdf.heading('Evidence timeline');
  writeTimeline(pdf, report);
  pdf.heading('Indicators');
  writeIndicators(pdf, report);
  const history = report.reasoning.filter((step) => step.section === 'history');
  if (history.length) {
    pdf.heading('History');
    writeSteps(pdf, report, history);
  }
  pdf.heading('Unclassified evidence');
  if (report.unclassified.length) {
    pdf.table(
      [{ title: 'Severity', width: 0.1 }, { title: 'Why it looks wrong', width: 0.55 }, { title: 'Indicators', width: 0.35, mono: true }],
      report.unclassified.map((item) => [item.severity, cell(item.reason), cell(item.indicators.join('\n'))]),
    );
  } else pdf.paragraph('Nothing that no rule explains.');
  pdf.heading('Next steps');
  if (!report.next_steps.length) pdf.paragraph('No next steps were proposed.');
  for (const step of report.next_steps) {
    const targets = step.targets?.length ? ` (${step.targets.join(', ')})` : '';
    pdf.paragraph(`- [${step.kind}] ${shownText(step.text + targets)}`);
  }
  pdf.heading('Rule matches');
  writeRuleMatches(pdf, report);
  pdf.heading('Files and parse issues');
  writeFiles(pdf, report);
  return pdf.finish(`SOC Triage - case ${report.id} - ${verdict}`);
}
