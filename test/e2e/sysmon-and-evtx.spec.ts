/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { EVTX_EVENT_COUNT, EVTX_HOST, EVTX_ONLY_TECHNIQUE, sysmonLsassDumpEvtx } from './evtx-fixture';
import { INTRUSION_XML, waitForVerdict } from './helpers';

/** Events in sysmon-intrusion.xml, all on this host. */
const XML_EVENT_COUNT = 7;
const XML_HOST = 'WS-FIN-07.corp.example';

test('open the URL, drop a Sysmon XML export and an EVTX file, read a verdict with techniques', async ({ page }, testInfo) => {
  const evtxPath = testInfo.outputPath('srv-app-02-sysmon.evtx');
  await writeFile(evtxPath, sysmonLsassDumpEvtx());
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));

  await page.goto('/');
  await page.locator('[data-testid=file-drop]').setInputFiles([INTRUSION_XML, evtxPath]);
  // Two files make one case by default ("auto" grouping): both files' events are in its timeline.
  await expect(page.locator('[data-testid=case-row]')).toHaveCount(1);
  expect(['incident', 'suspicious']).toContain(await waitForVerdict(page));
  await expect(page.locator('[data-testid=verdict]')).toHaveAttribute('data-score', /^\d+$/);

  const total = XML_EVENT_COUNT + EVTX_EVENT_COUNT;
  await expect(page.locator('[data-testid=event-count]')).toHaveText(new RegExp(`^${total} events$`));
  const rows = page.locator('[data-testid=event-row]');
  await expect(rows).toHaveCount(total);
  const rowText = (await rows.allInnerTexts()).join('\n');
  expect(rowText).toContain(XML_HOST);
  expect(rowText).toContain(EVTX_HOST);
  // Event ids start with the index of the file they came from: rows of both files are shown.
  const files = await rows.evaluateAll((elements) => [...new Set(elements.map((row) => row.getAttribute('data-event-id')?.split(':')[0]))].sort());
  expect(files).toEqual(['0', '1']);

  // Techniques of each file: encoded PowerShell only in the XML, the scheduled task only in the EVTX, LSASS in both.
  await expect.poll(() => page.locator('[data-testid=technique][data-technique-id]').evaluateAll((elements) =>
    [...new Set(elements.map((element) => element.getAttribute('data-technique-id')))]))
    .toEqual(expect.arrayContaining(['T1003.001', 'T1059.001', EVTX_ONLY_TECHNIQUE]));

  // The EVTX's dump file opens in the drawer from the timeline.
  await page.locator('[data-testid=event-search]').fill('lsass-700.dmp');
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(page.locator('[data-testid=evidence-drawer]')).toContainText(EVTX_HOST);
  expect(errors).toEqual([]);
});
