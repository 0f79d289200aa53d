/// <reference lib="dom" />
// Callbacks given to page.evaluate run in the page: they are typed against the DOM.
/**
 * UI benchmark: serves dist/ (built app) with COOP/COEP like the measuring probe, drives /usr/bin/chromium with
 * playwright-core and prints what an analyst would feel while a big Sysmon export is triaged:
 *   - the longest main-thread task while a generated 200 MB Sysmon XML parses (target <= 50 ms),
 *   - time from the drop to the first event row on screen (target < 1 s),
 *   - frame times while scrolling the 100,000+ event timeline and a 400-case queue (target: frame rate),
 *   - the gzipped size of the initial JavaScript of dist/ (target <= 300 KB; WASM apart).
 * Built by `vite build --mode bench` into dist-bench/ui.js; run `node dist-bench/ui.js [--mb N] [--cases N] [--dist DIR]`.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';

export const GENERATED_MB = 200;
export const QUEUE_CASES = 400;
export const SCROLL_FRAMES = 240;
/** A frame slower than this missed at least one 60 Hz vsync. */
export const DROPPED_FRAME_MS = 25;

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

function serve(dist: string): Promise<{ server: Server; origin: string }> {
  const root = path.resolve(dist);
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(root, 'index.html');
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolve({ server, origin: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  }));
}

/** One Sysmon event in Event Viewer's layout; the kinds rotate so rules, indicators and hosts all have work. */
function sysmonEvent(index: number): string {
  const second = 1_700_000_000 + index;
  const ts = new Date(second * 1000).toISOString().replace('Z', '0000Z');
  const host = `WS-${(index % 40).toString().padStart(3, '0')}.bench.example`;
  const kind = index % 4;
  const data = kind === 0
    ? `<Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data><Data Name="CommandLine">cmd.exe /c echo run ${index}</Data>` +
      `<Data Name="ParentImage">C:\\Windows\\explorer.exe</Data><Data Name="User">BENCH\\user${index % 50}</Data>`
    : kind === 1
      ? `<Data Name="Image">C:\\Program Files\\App\\app.exe</Data><Data Name="Protocol">tcp</Data><Data Name="SourceIp">10.0.${index % 200}.${index % 250}</Data>` +
        `<Data Name="DestinationIp">198.51.100.${index % 250}</Data><Data Name="DestinationPort">443</Data>`
      : kind === 2
        ? `<Data Name="Image">C:\\Program Files\\App\\app.exe</Data><Data Name="QueryName">host${index % 500}.bench.example</Data><Data Name="QueryStatus">0</Data>`
        : `<Data Name="Image">C:\\Windows\\System32\\svchost.exe</Data><Data Name="TargetFilename">C:\\Users\\Public\\file${index}.tmp</Data>`;
  const eventId = [1, 3, 22, 11][kind];
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"/>` +
    `<EventID>${eventId}</EventID><Version>5</Version><Level>4</Level><Task>${eventId}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime="${ts}"/><EventRecordID>${index + 1}</EventRecordID><Correlation/><Execution ProcessID="2284" ThreadID="5252"/>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>${host}</Computer><Security UserID="S-1-5-18"/></System>` +
    `<EventData><Data Name="UtcTime">${ts}</Data><Data Name="ProcessId">${1000 + (index % 5000)}</Data>${data}</EventData></Event>\n`;
}

async function generateSysmonXml(file: string, megabytes: number): Promise<number> {
  const target = megabytes * 1024 * 1024;
  if (existsSync(file) && statSync(file).size >= target) return statSync(file).size;
  const out = createWriteStream(file);
  let written = 0;
  let index = 0;
  const write = (text: string): Promise<void> => new Promise((resolve) => {
    written += Buffer.byteLength(text);
    if (out.write(text)) resolve();
    else out.once('drain', () => resolve());
  });
  await write('<?xml version="1.0" encoding="utf-8"?>\n<Events>\n');
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 500; i++) chunk += sysmonEvent(index++);
    await write(chunk);
  }
  await write('</Events>\n');
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return written;
}

/** Scrolls a virtualized list by `step` px per animation frame and returns the frame intervals in ms. */
async function scrollFrames(page: Page, label: string, frames: number): Promise<number[]> {
  return page.evaluate(async ({ label, frames }) => {
    const list = document.querySelector<HTMLElement>(`[role=list][aria-label="${label}"]`);
    if (!list) return [];
    const step = Math.max(1, Math.floor((list.scrollHeight - list.clientHeight) / frames));
    const times: number[] = [];
    await new Promise<void>((resolve) => {
      let last = 0;
      const tick = (now: number): void => {
        if (last) times.push(now - last);
        last = now;
        list.scrollTop += step;
        if (times.length >= frames) resolve();
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    return times;
  }, { label, frames });
}

function frameStats(times: number[]): string {
  if (!times.length) return 'no frames (list not found)';
  const sorted = [...times].sort((a, b) => a - b);
  const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const dropped = times.filter((ms) => ms > DROPPED_FRAME_MS).length;
  return `p50 ${pick(0.5).toFixed(1)} ms, p95 ${pick(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, ` +
    `${dropped}/${times.length} frames over ${DROPPED_FRAME_MS} ms`;
}

/** Scripts and module preloads named by index.html: what the first load must download before the app runs. */
export function initialJavaScriptGzipBytes(dist: string): { files: string[]; bytes: number } {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((match) => match[1]);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length, 0);
  return { files, bytes };
}

export async function bench(dist = 'dist', megabytes = GENERATED_MB, cases = QUEUE_CASES): Promise<void> {
  const initial = initialJavaScriptGzipBytes(dist);
  console.log(`initial JavaScript: ${(initial.bytes / 1024).toFixed(1)} KB gzipped (${initial.files.join(', ')}; target <= 300 KB)`);

  const xml = path.join(tmpdir(), `soc-triage-bench-${megabytes}mb.xml`);
  const size = await generateSysmonXml(xml, megabytes);
  console.log(`generated ${xml}: ${(size / 1048576).toFixed(0)} MiB`);

  const { server, origin } = await serve(dist);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(() => {
      const tasks: number[] = [];
      (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push(entry.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    await page.goto(origin, { waitUntil: 'load' });
    await page.locator('[data-testid=grouping]').selectOption('batch');
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0));

    const start = Date.now();
    await page.locator('[data-testid=file-drop]').setInputFiles(xml);
    await page.locator('[data-testid=event-row]').first().waitFor({ state: 'visible', timeout: 120_000 });
    const firstEvent = Date.now() - start;
    await page.locator('[data-testid=case-row][data-status=done]').first().waitFor({ state: 'attached', timeout: 900_000 });
    const done = Date.now() - start;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.slice());
    const events = await page.locator('[data-testid=event-count]').innerText();
    console.log(`drop to first event row: ${firstEvent} ms (target < 1000 ms)`);
    console.log(`triage of ${(size / 1048576).toFixed(0)} MiB: ${(done / 1000).toFixed(1)} s, ${events}, ${(size / 1048576 / (done / 1000)).toFixed(1)} MiB/s`);
    console.log(`main-thread long tasks while parsing: ${longTasks.length}, max ${Math.round(Math.max(0, ...longTasks))} ms (target <= 50 ms)`);
    console.log(`timeline scroll (${events}): ${frameStats(await scrollFrames(page, 'Events', SCROLL_FRAMES))}`);

    await page.locator('[data-testid=grouping]').selectOption('per-file');
    const small = readFileSync(xml).subarray(0, 64 * 1024).toString('utf8');
    const cut = small.lastIndexOf('</Event>') + '</Event>'.length;
    const body = `${small.slice(0, cut)}\n</Events>\n`;
    const batchStart = Date.now();
    await page.locator('[data-testid=file-drop]').setInputFiles(Array.from({ length: cases }, (_, i) => ({
      name: `case-${String(i).padStart(3, '0')}.xml`, mimeType: 'application/xml', buffer: Buffer.from(body),
    })));
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid=case-row][data-status=done]').length > 0
      && Number(document.querySelector('[data-testid=case-count]')?.textContent?.split(' ')[0]) >= count, cases + 1, { timeout: 900_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid=case-row][data-status=queued], [data-testid=case-row][data-status=running]'), undefined, { timeout: 900_000 });
    console.log(`${cases} small cases triaged in ${((Date.now() - batchStart) / 1000).toFixed(1)} s`);
    console.log(`queue scroll (${cases + 1} cases): ${frameStats(await scrollFrames(page, 'Case queue', SCROLL_FRAMES))}`);
  } finally {
    await browser.close();
    server.close();
  }
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `--dist DIR` measures a build elsewhere than dist/ (another checkout's build may replace dist/ mid-run). */
function distOption(): string {
  const at = process.argv.indexOf('--dist');
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : 'dist';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  bench(distOption(), option('--mb', GENERATED_MB), option('--cases', QUEUE_CASES)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
