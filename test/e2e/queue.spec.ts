/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { INTRUSION_XML, waitForVerdict } from './helpers';

const xml = readFileSync(INTRUSION_XML, 'utf8');
/** The same intrusion seen on a second machine: a different host name, so "per host" must make two cases. */
const otherHost = xml.replaceAll('WS-FIN-07.corp.example', 'SRV-APP-02.corp.example');

async function chooseGrouping(page: Page, grouping: string): Promise<void> {
  await page.locator('[data-testid=grouping]').selectOption(grouping);
}

async function dropBuffers(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.locator('[data-testid=file-drop]').setInputFiles(
    files.map((file) => ({ name: file.name, mimeType: 'application/xml', buffer: Buffer.from(file.text) })));
}

test.describe('case queue', () => {
  test('one case per file, keyboard triage, help dialog', async ({ page }) => {
    await page.goto('/');
    await chooseGrouping(page, 'per-file');
    await dropBuffers(page, [{ name: 'first.xml', text: xml }, { name: 'second.xml', text: otherHost }]);
    const rows = page.locator('[data-testid=case-row]');
    await expect(rows).toHaveCount(2);
    await expect(page.locator('[data-testid=case-row][data-status=done]')).toHaveCount(2, { timeout: 30_000 });
    await expect(rows.first()).toHaveAttribute('data-verdict', /incident|suspicious/);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const selected = await rows.nth(1).getAttribute('data-case-id');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/case/${selected}$`));
    await waitForVerdict(page);
    await page.keyboard.press('e');
    await expect(page.locator('[data-testid=case-actions] [data-testid=case-status]')).toHaveAttribute('data-status', 'escalated');
    // The queue row shows the decision beside the verdict, and the row stayed where the analyst selected it.
    await expect(rows.nth(1)).toHaveAttribute('data-case-id', selected as string);
    await expect(rows.nth(1)).toHaveAttribute('data-analyst-status', 'escalated');
    await expect(rows.nth(1).locator('[data-testid=case-row-analyst-status]')).toHaveText('escalated');
    await expect(rows.nth(0)).toHaveAttribute('data-analyst-status', 'open');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    const other = await rows.nth(0).getAttribute('data-case-id');
    await expect(page).toHaveURL(new RegExp(`#/case/${other}$`));
    await page.keyboard.press('r');
    await expect(page.locator('[data-testid=case-actions] [data-testid=case-status]')).toHaveAttribute('data-status', /resolved/);
    await expect(rows.nth(0).locator('[data-testid=case-row-analyst-status]')).toHaveText(/^resolved: (tuning|noise)$/);

    await page.keyboard.press('?');
    await expect(page.locator('[data-testid=help-dialog]')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid=help-dialog]')).toBeHidden();
    await page.keyboard.press('/');
    await expect(page.locator('[data-testid=queue-search]')).toBeFocused();
    await page.keyboard.type('second');
    await expect(rows).toHaveCount(1);
  });

  test('one case per host: the batch is split after parsing', async ({ page }) => {
    await page.goto('/');
    await chooseGrouping(page, 'per-host');
    await dropBuffers(page, [{ name: 'ws.xml', text: xml }, { name: 'srv.xml', text: otherHost }]);
    const rows = page.locator('[data-testid=case-row][data-status=done]');
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    const titles = await rows.allInnerTexts();
    expect(titles.join('\n')).toContain('WS-FIN-07.corp.example');
    expect(titles.join('\n')).toContain('SRV-APP-02.corp.example');
    await expect(page.locator('[data-testid=event-count]')).toHaveText(/^7 events$/);
  });
});

test.describe('scheduling', () => {
  test('the smallest case of a drop is opened and triaged first, whatever the drop order', async ({ page }) => {
    const body = xml.slice(xml.indexOf('<Event '), xml.lastIndexOf('</Events>'));
    const bigger = `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${body.repeat(200)}</Events>\n`;
    await page.goto('/');
    await chooseGrouping(page, 'per-file');
    // Records the order in which cases start running, from the queue rows' status attribute.
    await page.evaluate(() => {
      const started: string[] = [];
      (window as unknown as { started: string[] }).started = started;
      new MutationObserver((records) => {
        for (const record of records) {
          const row = record.target as HTMLElement;
          const title = row.querySelector('[title]')?.getAttribute('title') ?? '';
          if (row.getAttribute('data-status') === 'running' && !started.includes(title)) started.push(title);
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await dropBuffers(page, [{ name: 'bigger.xml', text: bigger }, { name: 'first-small.xml', text: xml }, { name: 'second-small.xml', text: otherHost }]);
    await expect(page.locator('[data-testid=case-row][data-status=done]')).toHaveCount(3, { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { started: string[] }).started)).toEqual(['first-small.xml', 'second-small.xml', 'bigger.xml']);
    await expect(page.locator('[data-testid=case-view] h1')).toHaveText('first-small.xml');
  });
});

test.describe('long triage', () => {
  test('progress bars show while a big file is read, and cancelling keeps what was read', async ({ page }) => {
    // About 25 MB of the fixture's events repeated: long enough to cancel half-way.
    const body = xml.slice(xml.indexOf('<Event '), xml.lastIndexOf('</Events>'));
    const big = `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${body.repeat(Math.ceil(25e6 / body.length))}</Events>\n`;
    await page.goto('/');
    await dropBuffers(page, [{ name: 'big.xml', text: big }]);
    await expect(page.locator('[data-testid=progress][data-step=read]')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('[data-testid=event-row]').first()).toBeVisible({ timeout: 30_000 });
    // The live document is built on request while the triage runs; its verdict stays pending until the end.
    await page.locator('[data-testid=show-live-document]').click();
    await expect(page.locator('[data-testid=case-document]')).toBeAttached();
    await page.locator('[data-testid=cancel-case]').click();
    const row = page.locator('[data-testid=case-row]').first();
    await expect(row).toHaveAttribute('data-status', 'cancelled', { timeout: 30_000 });
    const read = Number((await page.locator('[data-testid=event-count]').innerText()).replace(/\D/g, ''));
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(Math.ceil(25e6 / body.length) * 7);
  });
});
