import { describe, expect, it } from 'vitest';
import type { TriageCase } from '../../../src/engine/case';
import { buildCaseReport, renderCaseReport } from '../../../src/engine/report';
import { sampleCase } from './fixtures';

/** Deterministic pseudo-random strings built from the characters that matter to HTML, CSV, STIX and WinAnsi. */
function hostileStrings(count: number, seed = 7): string[] {
  const alphabet = ['<', '>', '&', '"', "'", '/', '=', '\\', '\n', '\r', '\u0000', '\u202E', '\uD800', 'é', 'Я', '中', '😀', 'a', ' ', 'script', 'style', 'onload', 'http://x.example/', '1.2.3.4', '-->', '<!--', ']]>'];
  let state = seed;
  const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: count }, () => Array.from({ length: 1 + (next() % 40) }, () => alphabet[next() % alphabet.length]).join(''));
}

function poisoned(text: string): TriageCase {
  const triaged = sampleCase();
  triaged.title = text;
  for (const event of triaged.events) {
    event.message = text;
    event.host = text;
    event.user = text;
    event.origin.file = text;
  }
  triaged.attestations[0].ruleTitle = text;
  triaged.attestations[0].matches[0].fields = { [text]: text };
  triaged.files[0].name = text;
  triaged.files[0].issues[0].reason = text;
  triaged.unclassified[0].reason = text;
  if (triaged.verdict) {
    triaged.verdict.conclusion = text;
    triaged.verdict.reasoning[0].text = text;
    triaged.verdict.nextSteps[0].text = text;
  }
  return triaged;
}

/** Tags the HTML renderer writes itself: a hostile value must never add another. */
const OWN_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'code', 'div', 'strong', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'span', 'ol', 'ul', 'li', 'a', 'footer']);

describe('hostile values in every field', () => {
  it('never add markup to the HTML', () => {
    for (const text of hostileStrings(80)) {
      const html = renderCaseReport(buildCaseReport(poisoned(text)), 'html') as string;
      const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1].toLowerCase());
      for (const tag of tags) expect(OWN_TAGS.has(tag), `${tag} from ${JSON.stringify(text)}`).toBe(true);
      expect(html.match(/<\/style>/g)).toHaveLength(1);
      expect(html).not.toContain('\u0000');
    }
  });

  it('keep every format renderable and every JSON format parseable', () => {
    for (const text of hostileStrings(4, 99)) {
      const report = buildCaseReport(poisoned(text));
      expect(JSON.parse(renderCaseReport(report, 'json') as string).title).toBe(text);
      expect(JSON.parse(renderCaseReport(report, 'stix') as string).type).toBe('bundle');
      expect(JSON.parse(renderCaseReport(report, 'navigator') as string).name).toContain('SOC Triage');
      expect((renderCaseReport(report, 'csv') as string).split('\r\n').length).toBeGreaterThan(report.timeline.length);
      expect((renderCaseReport(report, 'pdf') as Uint8Array).length).toBeGreaterThan(1000);
    }
  });
});
