/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { dropFiles, INTRUSION_XML, waitForVerdict } from './helpers';

test.describe('triage a dropped Sysmon export', () => {
  test('events, indicators, verdict and techniques appear; drill-down and back keep the case', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto('/');
    await dropFiles(page, [INTRUSION_XML]);

    await expect(page.locator('[data-testid=event-count]')).toHaveText(/^7 events$/);
    await expect(page.locator('[data-testid=event-row]')).toHaveCount(7);
    await expect(page.locator('[data-testid=histogram]')).toContainText('2026-03-02T09:14:05.123Z to 2026-03-02T09:16:41.000Z');
    await expect(page.locator('[data-testid=ioc-row]').first()).toBeVisible();
    // Indicators are shown defanged only: the C2 domain never appears clickable or raw.
    const iocText = await page.locator('[data-testid=ioc-row]').allInnerTexts();
    expect(iocText.join('\n')).toContain('cdn-sync-update[.]xyz');
    expect(iocText.join('\n')).not.toContain('cdn-sync-update.xyz');

    const verdict = await waitForVerdict(page);
    expect(['incident', 'suspicious']).toContain(verdict);
    // The document mounts part by part after the verdict: the ATT&CK map arrives a few frames later.
    await expect.poll(() => page.locator('[data-technique-id]').evaluateAll((elements) =>
      [...new Set(elements.map((element) => element.getAttribute('data-technique-id')))])).toContain('T1003.001');
    // The verdict is the first thing on the page: its header sits above the event timeline.
    const verdictTop = (await page.locator('[data-testid=verdict]').boundingBox())?.y ?? Infinity;
    const timelineTop = (await page.locator('[data-testid=histogram]').boundingBox())?.y ?? -Infinity;
    expect(verdictTop).toBeLessThan(timelineTop);
    // Nothing named by the dropped file can be fetched: the only image is the app icon, links stay in the page.
    const external = await page.evaluate(() => [
      ...Array.from(document.querySelectorAll('img'), (image) => image.getAttribute('src') ?? '').filter((src) => src !== 'favicon.svg'),
      ...Array.from(document.querySelectorAll('a[href]'), (link) => link.getAttribute('href') ?? '').filter((href) => !href.startsWith('#')),
    ]);
    expect(external).toEqual([]);
    await expect(page.locator('[data-testid=case-row]').first()).toHaveAttribute('data-verdict', verdict);
    await expect(page.locator('[data-testid=stream-entry][data-kind=rule]').first()).toBeVisible();
    await expect(page.locator('[data-testid=stream-entry][data-kind=verdict]').first()).toBeVisible();

    const caseUrl = page.url();
    await page.locator('[data-testid=event-row]').nth(5).click();
    await expect(page).toHaveURL(/#\/case\/[^/]+\/event\/0%3A\d+$/);
    const drawer = page.locator('[data-testid=evidence-drawer]');
    await expect(drawer).toBeVisible();
    await expect(drawer).toContainText('lsass.exe');

    await page.goBack();
    await expect(page).toHaveURL(caseUrl);
    await expect(drawer).toHaveCount(0);
    await expect(page.locator('[data-testid=event-row]')).toHaveCount(7);
    await page.goForward();
    await expect(drawer).toBeVisible();

    // A reload restores the case and the open event from IndexedDB: the file itself is gone by then.
    await page.reload();
    await expect(drawer).toBeVisible({ timeout: 15_000 });
    await expect(drawer).toContainText('lsass.exe');
    await expect(page.locator('[data-testid=event-row]')).toHaveCount(7);
    await expect(page.locator('[data-testid=verdict]')).toHaveAttribute('data-verdict', verdict);
    expect(errors).toEqual([]);
  });
});

test.describe('timeline and indicators', () => {
  test('search narrows the timeline; an indicator opens in the drawer; fits 1280x720 and 4K', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/');
    await dropFiles(page, [INTRUSION_XML]);
    await waitForVerdict(page);

    await page.locator('[data-testid=event-search]').fill('LSASS');
    await expect(page.locator('[data-testid=event-count]')).toHaveText(/^2 of 7 events$/);
    await expect(page.locator('[data-testid=event-row]')).toHaveCount(2);
    await page.locator('[data-testid=event-search]').fill('');
    await expect(page.locator('[data-testid=event-row]')).toHaveCount(7);

    await page.locator('[data-testid=ioc-row][data-ioc-type=domain]').first().click();
    await expect(page).toHaveURL(/\/indicator\/domain%3Acdn-sync-update\.xyz$/);
    await expect(page.locator('[data-testid=evidence-drawer]')).toContainText('cdn-sync-update[.]xyz');
    await expect(page.locator('[data-testid=drawer-indicator]')).toBeVisible();
    // "Seen in events" quotes the events' messages: defanged like everything else.
    const seenIn = await page.locator('[data-testid=drawer-indicator] [data-testid=evidence-link][data-kind=event]').allInnerTexts();
    expect(seenIn.join('\n')).toContain('cdn-sync-update[.]xyz');
    expect(await page.locator('[data-testid=evidence-drawer]').innerText()).not.toContain('cdn-sync-update.xyz');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid=evidence-drawer]')).toHaveCount(0);

    // The false-positive finder: type part of an indicator, pick it, mark it; the indicator table follows.
    await page.locator('[data-testid=false-positive-search]').fill('cdn-sync');
    await expect(page.locator('[data-testid=false-positive-result]')).toHaveCount(1);
    await page.locator('[data-testid=false-positive-result]').click();
    await page.locator('[data-testid=action-false-positive]').click();
    await expect(page.locator('[data-testid=indicator][data-type=domain]')).toHaveAttribute('data-false-positive', 'true');

    // No horizontal page scroll at the smallest supported size nor on a 4K screen (screenshots.spec.ts shows both).
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.setViewportSize({ width: 3840, height: 2160 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
});
