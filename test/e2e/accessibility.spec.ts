/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { INTRUSION_XML, waitForVerdict } from './helpers';

/** ARIA roles a person operates: each needs a name a screen reader can say (WCAG 4.1.2). */
const INTERACTIVE_ROLES = ['button', 'link', 'textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio',
  'spinbutton', 'slider', 'switch', 'tab', 'menuitem', 'option'];
/** `- button` with neither a quoted name nor a pattern after the role: an unnamed control in an aria snapshot. */
const UNNAMED = new RegExp(`^\\s*- (${INTERACTIVE_ROLES.join('|')})(?=$|:| \\[)`);

/** The lines of Playwright's accessibility snapshot that are unnamed interactive controls. */
async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot.split('\n').filter((line) => UNNAMED.test(line)).map((line) => line.trim());
}

interface Stop {
  testid: string | null;
  tag: string;
  name: string;
  inMain: boolean;
  inQueue: boolean;
  caseId: string | null;
  visible: boolean;
}

/** Presses Tab `count` times from a freshly loaded page and records where focus lands each time. */
async function tabStops(page: Page, count: number): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let index = 0; index < count; index++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const box = element.getBoundingClientRect();
      return {
        testid: element.getAttribute('data-testid'),
        tag: element.tagName,
        name: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40),
        inMain: !!element.closest('#main'),
        inQueue: !!element.closest('[aria-labelledby=queue-heading]'),
        caseId: element.getAttribute('data-case-id'),
        // A file input is visually hidden behind its label button, which shows the focus ring.
        visible: (box.width > 0 && box.height > 0) || element.matches('input[type=file]'),
      };
    }));
  }
  return stops;
}

test.describe('accessibility', () => {
  test('every control in the queue, case, drawer, settings and help has an accessible name', async ({ page }) => {
    const xml = readFileSync(INTRUSION_XML, 'utf8');
    await page.goto('/');
    await page.locator('[data-testid=grouping]').selectOption('per-file');
    await page.locator('[data-testid=file-drop]').setInputFiles([
      { name: 'ws-fin-07.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) },
      { name: 'srv-app-02.xml', mimeType: 'application/xml', buffer: Buffer.from(xml.replaceAll('WS-FIN-07', 'SRV-APP-02')) },
    ]);
    await expect(page.locator('[data-testid=case-row][data-status=done]')).toHaveCount(2, { timeout: 30_000 });
    await waitForVerdict(page);
    await expect(page.locator('[data-testid=technique]').first()).toBeVisible();
    await expect(page.locator('[data-testid=case-actions]')).toBeVisible();
    expect(await unnamedControls(page), 'case view').toEqual([]);

    await page.locator('[data-testid=event-row]').first().click();
    await expect(page.locator('[data-testid=evidence-drawer]')).toBeVisible();
    expect(await unnamedControls(page), 'event drawer').toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=ioc-row]').first().click();
    await expect(page.locator('[data-testid=drawer-indicator]')).toBeVisible();
    expect(await unnamedControls(page), 'indicator drawer').toEqual([]);

    await page.goto('/#/settings');
    await expect(page.locator('[data-testid=rule-category]').first()).toBeVisible();
    await page.locator('[data-testid=asset-host]').fill('dc01.corp.example');
    await page.locator('[data-testid=asset-add]').click();
    expect(await unnamedControls(page), 'settings').toEqual([]);

    await page.goto('/#/');
    await page.locator('[data-testid=open-help]').click();
    await expect(page.locator('[data-testid=help-dialog]')).toBeVisible();
    expect(await unnamedControls(page), 'help dialog').toEqual([]);
  });

  test('focus order: skip link, intake, queue filters, cases top to bottom, then the case', async ({ page }) => {
    const xml = readFileSync(INTRUSION_XML, 'utf8');
    await page.goto('/');
    await page.locator('[data-testid=grouping]').selectOption('per-file');
    await page.locator('[data-testid=file-drop]').setInputFiles([
      { name: 'a.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) },
      { name: 'b.xml', mimeType: 'application/xml', buffer: Buffer.from(xml.replaceAll('WS-FIN-07', 'SRV-APP-02')) },
      { name: 'c.xml', mimeType: 'application/xml', buffer: Buffer.from(xml.replaceAll('WS-FIN-07', 'SRV-APP-03')) },
    ]);
    await expect(page.locator('[data-testid=case-row][data-status=done]')).toHaveCount(3, { timeout: 30_000 });
    // A fresh load, so the first Tab starts from the top of the document (the cases come back from IndexedDB).
    await page.reload();
    await expect(page.locator('[data-testid=case-row][data-status=done]')).toHaveCount(3);
    await waitForVerdict(page);
    await expect(page.locator('[data-testid=case-actions]')).toBeVisible();

    const stops = await tabStops(page, 40);
    const at = (predicate: (stop: Stop) => boolean): number => stops.findIndex(predicate);
    expect(stops[0].name).toBe('Skip to content');
    expect(stops.filter((stop) => !stop.visible), 'focus never lands on something invisible').toEqual([]);

    const pick = at((stop) => stop.testid === 'file-drop');
    const search = at((stop) => stop.testid === 'queue-search');
    const firstRow = at((stop) => stop.testid === 'case-row');
    const firstInCase = at((stop) => stop.inMain);
    expect(pick).toBeGreaterThan(0);
    expect(search).toBeGreaterThan(pick);
    expect(firstRow).toBeGreaterThan(search);
    expect(firstInCase).toBeGreaterThan(firstRow);
    // The queue's controls come in reading order, every case once, in the order the queue shows them.
    expect(stops.slice(search, search + 4).map((stop) => stop.testid)).toEqual(['queue-search', 'queue-verdict', 'queue-sort', 'queue-technique']);
    const shownOrder = await page.locator('[data-testid=case-row]').evaluateAll((rows) => rows
      .map((row) => ({ id: row.getAttribute('data-case-id'), top: row.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top).map((row) => row.id));
    expect(stops.filter((stop) => stop.testid === 'case-row').map((stop) => stop.caseId)).toEqual(shownOrder);
    // After the last case, focus goes into the case: nothing of the queue comes after it.
    expect(stops.slice(firstInCase).some((stop) => stop.inQueue)).toBe(false);
    // In the case, reading order: the verdict's conclusion and downloads, then the reasoning's evidence links.
    const download = at((stop) => stop.testid === 'download-pdf');
    const evidence = at((stop) => stop.testid === 'evidence-link');
    expect(download).toBeGreaterThanOrEqual(firstInCase);
    expect(evidence).toBeGreaterThan(download);

    // The skip link jumps over the intake and the queue: the next Tab is in the case.
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('#main'))).toBe(true);
  });
});
