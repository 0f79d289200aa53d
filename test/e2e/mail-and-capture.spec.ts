/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
import { expect, test, type Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { ACK, RST, SYN, classicPcap, ipv4OverEthernet, ipv4Packet, tcpSegment, type ClassicRecord } from '../unit/pcap/capture-builder';
import { waitForVerdict } from './helpers';

/**
 * A credential-phishing mail: the receiving server recorded a DMARC failure, the link's visible text names the bank
 * while its target is a bare IP, and the HTML asks for an image from the attacker's server (which must never load).
 */
const PHISHING_MAIL = [
  'Return-Path: <bounce@mailer.example.net>',
  'Received: from mailer.example.net (mailer.example.net [203.0.113.40]) by mx.corp.example with ESMTP; Tue, 03 Mar 2026 08:12:00 +0000',
  'Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=example-bank.com; dkim=none; dmarc=fail header.from=example-bank.com',
  'From: "Example Bank Security" <security@example-bank.com>',
  'To: alice@corp.example',
  'Subject: Your account is suspended: verify your password today',
  'Date: Tue, 03 Mar 2026 08:11:58 +0000',
  'Message-ID: <0a1b2c3d4e5f@mailer.example.net>',
  'MIME-Version: 1.0',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><body><p>We noticed unusual sign-in activity. Verify your password within 24 hours or your account will be closed.</p>',
  '<p><a href="http://198.51.100.23/example-bank/login.php">https://www.example-bank.com/secure</a></p>',
  '<img src="http://198.51.100.23/track.gif"></body></html>',
  '',
].join('\r\n');

const SCANNER = '10.20.0.66';
const TARGET = '10.20.0.5';
const SCANNED_PORTS = 40;

/** A SYN scan: every probe refused with RST/ACK, one port per 50 ms. */
function portScanCapture(): Uint8Array {
  const records: ClassicRecord[] = [];
  const start = Date.UTC(2026, 2, 3, 8, 30, 0) / 1000;
  for (let index = 0; index < SCANNED_PORTS; index++) {
    const port = 20 + index;
    const micros = index * 50_000;
    const at = { seconds: start + Math.floor(micros / 1e6), fraction: micros % 1e6 };
    records.push({ ...at, data: ipv4OverEthernet(ipv4Packet(SCANNER, TARGET, 6, tcpSegment(40000 + index, port, 1000, 0, SYN))) });
    records.push({ ...at, fraction: at.fraction + 200, data: ipv4OverEthernet(ipv4Packet(TARGET, SCANNER, 6, tcpSegment(port, 40000 + index, 0, 1001, RST | ACK))) });
  }
  return classicPcap(records);
}

async function techniquesShown(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-technique-id]').evaluateAll((elements) => [...new Set(elements.map((element) => element.getAttribute('data-technique-id')))]);
}

test.describe('mail and packet captures', () => {
  test('a phishing mail becomes a flagged case with defanged links, and nothing it names is fetched', async ({ page }, testInfo) => {
    const mailPath = testInfo.outputPath('suspended-account.eml');
    await writeFile(mailPath, PHISHING_MAIL);
    const errors: string[] = [];
    const offOrigin: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => {
      if (!request.url().startsWith('http://127.0.0.1')) offOrigin.push(request.url());
    });

    await page.goto('/');
    await page.locator('[data-testid=file-drop]').setInputFiles([mailPath]);
    expect(['incident', 'suspicious']).toContain(await waitForVerdict(page));
    await expect(page.locator('[data-testid=event-count]')).toHaveText(/^1 events?$/);
    await expect.poll(() => techniquesShown(page)).toContain('T1566.002');

    const iocText = (await page.locator('[data-testid=ioc-row]').allInnerTexts()).join('\n');
    expect(iocText).toContain('198[.]51[.]100[.]23');
    expect(iocText).not.toMatch(/http:\/\/198\.51\.100\.23/);
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a SYN scan in a capture becomes flows, a port-scan technique and a flagged case', async ({ page }, testInfo) => {
    const capturePath = testInfo.outputPath('scan.pcap');
    await writeFile(capturePath, portScanCapture());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));

    await page.goto('/');
    await page.locator('[data-testid=file-drop]').setInputFiles([capturePath]);
    expect(['incident', 'suspicious']).toContain(await waitForVerdict(page));
    // One conversation per probed port, each refused.
    await expect(page.locator('[data-testid=event-count]')).toHaveText(new RegExp(`^${SCANNED_PORTS} events$`));
    await expect.poll(() => techniquesShown(page)).toContain('T1046');
    await page.locator('[data-testid=event-search]').fill(`${TARGET}:25`);
    await expect(page.locator('[data-testid=event-row]').first()).toContainText('REJ');
    expect(errors).toEqual([]);
  });
});
