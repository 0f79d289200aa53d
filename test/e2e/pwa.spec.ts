/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { dropFiles, INTRUSION_XML, waitForVerdict } from './helpers';

test.describe('installable and offline', () => {
  test('manifest with icons and file handlers, favicon, service worker precache', async ({ page }) => {
    await page.goto('/');
    const manifestHref = await page.locator('link[rel=manifest]').getAttribute('href');
    expect(manifestHref).toBeTruthy();
    const manifest = await (await page.request.get(manifestHref as string)).json();
    expect(manifest.name).toBe('SOC Triage');
    expect(manifest.display).toBe('standalone');
    const sizes = manifest.icons.map((icon: { sizes: string; purpose?: string }) => `${icon.sizes}/${icon.purpose ?? 'any'}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192/any', '512x512/any', '512x512/maskable']));
    for (const icon of manifest.icons as { src: string }[]) {
      const response = await page.request.get(icon.src);
      expect(response.headers()['content-type']).toContain('image/png');
      expect((await response.body()).subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    expect(Object.values(manifest.file_handlers[0].accept).flat()).toEqual(expect.arrayContaining(['.evtx', '.xml', '.eml', '.pcap']));
    const favicon = await page.locator('link[rel=icon]').getAttribute('href');
    expect((await page.request.get(favicon as string)).ok()).toBe(true);

    const precached = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const names = await caches.keys();
      let entries = 0;
      for (const name of names) entries += (await (await caches.open(name)).keys()).length;
      return { active: !!registration.active, entries };
    });
    expect(precached.active).toBe(true);
    expect(precached.entries).toBeGreaterThan(5);
  });

  test('after the first load it works offline: reload, drop, verdict', async ({ page, context }) => {
    await page.goto('/');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first visit is not controlled yet; once the worker has claimed the page, everything comes from the cache.
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('[data-testid=file-drop]')).toBeAttached();
    await dropFiles(page, [INTRUSION_XML]);
    expect(['incident', 'suspicious']).toContain(await waitForVerdict(page));
    await context.setOffline(false);
  });

  test('air-gapped: every request that leaves the origin is refused, the verdict still arrives', async ({ page, context, baseURL }) => {
    const leaked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(baseURL as string) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      leaked.push(url);
      return route.abort();
    });
    await page.goto('/');
    await dropFiles(page, [INTRUSION_XML]);
    expect(['incident', 'suspicious']).toContain(await waitForVerdict(page));
    expect(leaked).toEqual([]);
  });
});
