/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const INTRUSION_XML = path.join(FIXTURES, 'sysmon-intrusion.xml');
export const SHOTS = path.resolve(process.cwd(), 'test-results', 'screenshots');

/** Verdict classes the case document may show once the pipeline decided. */
export const VERDICTS = /^(incident|suspicious|tuning|noise)$/;

/** Drops files through the picker, as ui-probe does, and waits for the case's first event row. */
export async function dropFiles(page: Page, files: string[]): Promise<void> {
  await page.locator('[data-testid=file-drop]').setInputFiles(files);
  await expect(page.locator('[data-testid=event-row]').first()).toBeVisible({ timeout: 30_000 });
}

export async function waitForVerdict(page: Page): Promise<string> {
  const verdict = page.locator('[data-testid=verdict][data-verdict]').first();
  await expect(verdict).toHaveAttribute('data-verdict', VERDICTS, { timeout: 30_000 });
  return (await verdict.getAttribute('data-verdict')) ?? '';
}
