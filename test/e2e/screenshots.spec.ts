/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sysmonLsassDumpEvtx } from './evtx-fixture';
import { INTRUSION_XML, SHOTS, waitForVerdict } from './helpers';

/**
 * Every main view in both themes at the two sizes the Dashboard issue names (1280x720 and a 4K screen), saved under
 * test-results/screenshots/ as the run's artifacts. The views are checked by eye; this spec asserts only that each
 * view is the one named (a screenshot of the wrong view is worse than none).
 */

const THEMES = ['dark', 'light'] as const;
const SIZES = [{ name: '1280x720', width: 1280, height: 720 }, { name: '4k', width: 3840, height: 2160 }];
/** Local storage key and shape of src/ui/state/settings-store.ts. */
const SETTINGS_KEY = 'soc-triage.settings';

const otherHostXml = readFileSync(INTRUSION_XML, 'utf8').replaceAll('WS-FIN-07.corp.example', 'SRV-APP-03.corp.example');

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

for (const theme of THEMES) {
  test(`queue, case document, timeline, drawer and settings in the ${theme} theme`, async ({ page }, testInfo) => {
    const evtxPath = testInfo.outputPath('srv-app-02-sysmon.evtx');
    await writeFile(evtxPath, sysmonLsassDumpEvtx());
    const otherHostPath = testInfo.outputPath('srv-app-03-sysmon.xml');
    await writeFile(otherHostPath, otherHostXml);
    await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [SETTINGS_KEY, JSON.stringify({ theme, grouping: 'per-file' })]);
    await page.goto('/');
    await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${theme}\\b`));
    await page.locator('[data-testid=file-drop]').setInputFiles([INTRUSION_XML, evtxPath, otherHostPath]);
    await expect(page.locator('[data-testid=case-row][data-status=done]')).toHaveCount(3, { timeout: 30_000 });
    // Two of the three cases carry a decision, so the queue shots show the analyst's status beside the verdict.
    const rows = page.locator('[data-testid=case-row]');
    await rows.nth(1).click();
    await page.keyboard.press('e');
    await expect(rows.nth(1)).toHaveAttribute('data-analyst-status', 'escalated');
    await rows.nth(2).click();
    await page.keyboard.press('r');
    await expect(rows.nth(2)).toHaveAttribute('data-analyst-status', /^resolved-/);

    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      const shot = (view: string) => shoot(page, `${view}-${theme}-${size.name}`);

      await page.goto('/#/');
      await expect(page.locator('[data-testid=home]')).toBeVisible();
      await shot('queue');

      await page.locator('[data-testid=case-row]').first().click();
      await waitForVerdict(page);
      await expect(page.locator('[data-testid=technique]').first()).toBeVisible();
      await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));
      await shot('case');

      await page.locator('[data-testid=histogram]').evaluate((histogram) => histogram.scrollIntoView({ block: 'start' }));
      await expect(page.locator('[data-testid=event-row]').first()).toBeInViewport();
      await shot('timeline');

      await page.locator('[data-testid=event-row]').first().click();
      await expect(page.locator('[data-testid=evidence-drawer]')).toBeVisible();
      await shot('drawer');

      await page.goto('/#/settings');
      await expect(page.locator('[data-testid=theme-light]')).toBeVisible();
      await expect(page.locator('[data-testid=rule-category]').first()).toBeVisible();
      await shot('settings');
    }
  });
}
