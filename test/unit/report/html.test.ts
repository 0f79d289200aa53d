import { describe, expect, it } from 'vitest';
import { buildCaseReport, renderCaseReport } from '../../../src/engine/report';
import { anchorId, escapeHtml } from '../../../src/engine/report/html-escape';
import { bigCase, HOSTILE_SUBJECT, pendingCase, sampleCase, STYLE_BREAKOUT } from './fixtures';

function html(triaged = sampleCase()): string {
  return renderCaseReport(buildCaseReport(triaged), 'html') as string;
}

describe('HTML report', () => {
  it('is one standalone document without any script and with a strict CSP', () => {
    const page = html();
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toMatch(/<script/i);
    const tags = page.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(100);
    for (const tag of tags) expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(page).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
  });

  it('escapes a hostile subject line and a style breakout wherever they appear', () => {
    const page = html();
    expect(page).not.toContain(HOSTILE_SUBJECT);
    expect(page).not.toContain(STYLE_BREAKOUT);
    expect(page).toContain(escapeHtml(HOSTILE_SUBJECT));
    expect(page).toContain('&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    // The rule title carries markup too: it must show as text.
    expect(page).toContain('Encoded PowerShell &lt;b&gt;download&lt;/b&gt;');
    expect(page).toContain('bad chunk CRC &lt;script&gt;');
  });

  it('shows indicators and addresses only defanged', () => {
    const page = html();
    for (const live of ['http://evil-domain.com', 'evil-domain.com', '198.51.100.23', 'mallory@evil-domain.com']) expect(page).not.toContain(live);
    expect(page).toContain('hxxp[://]evil-domain[.]com/a?x=1');
    expect(page).toContain('198[.]51[.]100[.]23');
    expect(page).toContain('mallory[@]evil-domain[.]com');
  });

  it('shows the verdict, conclusion, score and confidence', () => {
    const page = html();
    expect(page).toContain('Verdict: <strong>Incident</strong>');
    expect(page).toContain('score 86/100');
    expect(page).toContain('confidence 72/100');
    expect(page).toContain('Encoded PowerShell fetched hxxp[://]evil-domain[.]com/a?x=1 after a phishing mail');
  });

  it('links the reasoning steps the conclusion cites, and only existing ones', () => {
    const page = html();
    expect(page).toContain('persists it. [<a href="#step-r1">r1</a>] [<a href="#step-r2">r2</a>] [r9]');
  });

  it('links every reference to an anchor that exists in the document', () => {
    const page = html();
    const ids = new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]));
    const hrefs = [...page.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]);
    expect(hrefs.length).toBeGreaterThan(10);
    for (const href of hrefs) expect(ids.has(href), href).toBe(true);
    // The reasoning step citing the PowerShell event links to its timeline row.
    expect(page).toMatch(new RegExp(`<li id="${anchorId('step', 'r2')}">.*href="#${anchorId('ev', '0:2024')}"`));
  });

  it('highlights matched techniques in the matrix with the rules behind them', () => {
    const page = html();
    expect(page).toMatch(/<div class="tech hit l-critical"><a href="#tech-T1059_2e_001">T1059\.001 PowerShell<\/a><span class="rules">Critical: [^<]*Mail with script in the subject/);
    expect(page).toContain('<div class="tech hit l-medium">');
    // Subset techniques that did not match are still listed, unhighlighted.
    expect(page).toMatch(/<div class="tech">T\d{4}/);
  });

  it('gives the per-source breakdown, or says that enrichment was off', () => {
    const page = html();
    expect(page).toMatch(/threatfox: high - botnet C2 evil-domain\[\.\]com/);
    expect(page).toContain('<span class="note">enrichment off</span>');
  });

  it('has history, unclassified evidence, next steps, files and parse issues', () => {
    const page = html();
    expect(page).toContain('<section id="history">');
    expect(page).toContain('case-2026-0012');
    expect(page).toContain('Logon from 198[.]51[.]100[.]23, a documentation range');
    expect(page).toContain('<h3>Contain</h3>');
    expect(page).toContain('Isolate WS01.corp.example and block evil-domain[.]com');
    expect(page).toContain('record size past chunk end');
  });

  it('leaves the history section out when there is none and renders a pending case', () => {
    const page = html(pendingCase());
    expect(page).not.toContain('<section id="history">');
    expect(page).toContain('Verdict: <strong>Pending</strong>');
    expect(page).toContain('score n/a');
  });

  it('says when the timeline holds only the cited events', () => {
    const page = html(bigCase(600));
    expect(page).toContain('The 4 events cited as evidence, of 608 in the case.');
    expect(page).not.toContain('filler 1');
  });

  it('makes anchor ids that cannot break out of an attribute', () => {
    expect(anchorId('att', 'a"b<c> d')).toBe('att-a_22_b_3c_c_3e__20_d');
    expect(anchorId('ev', '0:12')).toBe('ev-0_3a_12');
  });
});
