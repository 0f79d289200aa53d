/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { dropFiles, INTRUSION_XML, waitForVerdict } from './helpers';

test.describe('report downloads and settings', () => {
  test('PDF, HTML and JSON are rendered in the worker and saved', async ({ page }) => {
    await page.goto('/');
    await dropFiles(page, [INTRUSION_XML]);
    const verdict = await waitForVerdict(page);

    const save = async (format: string): Promise<{ name: string; bytes: Buffer }> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-testid=download-${format}]`).click()]);
      const file = await download.path();
      return { name: download.suggestedFilename(), bytes: await readFile(file) };
    };
    const pdf = await save('pdf');
    expect(pdf.name).toMatch(/\.pdf$/);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const html = await save('html');
    expect(html.name).toMatch(/\.html$/);
    const text = html.bytes.toString('utf8');
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain('T1003.001');
    const json = JSON.parse((await save('json')).bytes.toString('utf8'));
    expect(json.schema).toBe('soc-triage/case-report@1');
    expect(json.verdict).toBe(verdict);

    // After a reload the file is gone; the worker renders from the report it stored.
    await page.reload();
    await waitForVerdict(page);
    const again = JSON.parse((await save('json')).bytes.toString('utf8'));
    expect(again.id).toBe(json.id);
    expect(again.indicators).toEqual(json.indicators);
  });

  test('settings persist; the light theme applies to every view', async ({ page }) => {
    await page.goto('/#/settings');
    const category = page.locator('[data-testid=rule-category]').first();
    await expect(category).toBeChecked();
    const name = await category.getAttribute('data-category');
    await category.uncheck();
    await page.locator('[data-testid=asset-host]').fill('WS-FIN-07.corp.example');
    await page.locator('[data-testid=asset-criticality]').fill('5');
    await page.locator('[data-testid=asset-add]').click();
    await expect(page.locator('[data-testid=asset-row]')).toHaveCount(1);
    await page.locator('[data-testid=theme-light]').check();
    await expect(page.locator('html')).toHaveClass(/light/);

    await page.reload();
    await expect(page.locator('html')).toHaveClass(/light/);
    await expect(page.locator(`[data-testid=rule-category][data-category="${name}"]`)).not.toBeChecked();
    await expect(page.locator('[data-testid=asset-row]')).toContainText('ws-fin-07.corp.example');

    await page.goto('/#/');
    await dropFiles(page, [INTRUSION_XML]);
    await waitForVerdict(page);
    await expect(page.locator('html')).toHaveClass(/light/);
    await page.locator('[data-testid=event-row]').first().click();
    await expect(page.locator('[data-testid=evidence-drawer]')).toBeVisible();
  });
});
