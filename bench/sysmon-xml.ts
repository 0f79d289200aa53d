import { closeSync, existsSync, openAsBlob, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { ParseIssue } from '../src/engine/errors';
import { MAX_XML_EVENT_BYTES } from '../src/engine/limits';
import { EventXmlScanner } from '../src/engine/parsers/sysmon-xml/event-scanner';
import { EventSplitter, type EventBytes } from '../src/engine/parsers/sysmon-xml/event-splitter';
import { parser } from '../src/engine/parsers/sysmon-xml/index';
import { filesUnder } from '../test/helpers/files';

/** Size of the synthetic file: large enough that a parser holding the whole file would show in peak RSS. */
const REPEATED_FILE_BYTES = 200 * 1024 * 1024;
/** Passes over the events when comparing per-event parsers, so the timing is not dominated by warm-up. */
const PER_EVENT_PASSES = 5;
const MB = 1024 * 1024;

async function timeParse(file: string, label: string): Promise<void> {
  const blob = await openAsBlob(file);
  let events = 0;
  let issues = 0;
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  for await (const batch of parser.parse(blob, { fileName: file, fileIndex: 0 })) {
    events += batch.events.length;
    issues += batch.issues.length;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${(blob.size / MB).toFixed(1)} MB, ${events} events, ${issues} issues in ${seconds.toFixed(2)} s = ` +
      `${(blob.size / MB / seconds).toFixed(1)} MB/s, ${Math.round(events / seconds)} events/s, peak RSS ${Math.round(peakRss / MB)} MB`,
  );
}

/** Repeats the file's events (keeping its head and tail, so an `<Events>` root stays a single root). */
function writeRepeated(source: string, target: string): void {
  const bytes = readFileSync(source);
  const text = bytes.toString('latin1');
  const first = text.search(/<Event[\s>]/);
  const last = text.lastIndexOf('</Event>') + '</Event>'.length;
  const body = bytes.subarray(first, last);
  const fd = openSync(target, 'w');
  try {
    writeSync(fd, bytes.subarray(0, first));
    for (let written = 0; written < REPEATED_FILE_BYTES; written += body.length) writeSync(fd, body);
    writeSync(fd, bytes.subarray(last));
  } finally {
    closeSync(fd);
  }
}

/** Times the dedicated scanner against fast-xml-parser on the same event strings (the parse step only). */
function comparePerEventParsers(file: string): void {
  const splitter = new EventSplitter(file, 'utf-8', MAX_XML_EVENT_BYTES);
  const found: EventBytes[] = [];
  const issues: ParseIssue[] = [];
  splitter.push(new Uint8Array(readFileSync(file)), 0, found, issues);
  splitter.finish(found, issues);
  const decoder = new TextDecoder();
  const xmls = found.map((event) => decoder.decode(event.bytes));
  const bytes = found.reduce((sum, event) => sum + event.bytes.length, 0) * PER_EVENT_PASSES;
  const scanner = new EventXmlScanner();
  const fxp = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: true,
    isArray: (name) => name === 'Data',
  });
  const run = (label: string, parseOne: (xml: string) => unknown): void => {
    // One untimed pass so both parsers are measured with warm JIT code.
    for (const xml of xmls) parseOne(xml);
    const started = performance.now();
    for (let pass = 0; pass < PER_EVENT_PASSES; pass++) for (const xml of xmls) parseOne(xml);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `per-event ${label}: ${(bytes / MB / seconds).toFixed(1)} MB/s, ${Math.round((xmls.length * PER_EVENT_PASSES) / seconds)} events/s`,
    );
  };
  run('fast-xml-parser (object tree only)', (xml) => fxp.parse(xml));
  run('dedicated scanner (WindowsRecord)', (xml) => scanner.scan(xml, file, 0));
}

export async function bench(corpusDir: string): Promise<void> {
  const dir = existsSync(join(corpusDir, 'sysmon-xml')) ? join(corpusDir, 'sysmon-xml') : corpusDir;
  const files = filesUnder(dir, (name) => name.endsWith('.xml')).sort((a, b) => statSync(b).size - statSync(a).size);
  if (files.length === 0) {
    console.log(`sysmon-xml bench skipped: no .xml files under ${dir}`);
    return;
  }
  const largest = files[0];
  comparePerEventParsers(largest);
  await timeParse(largest, `largest corpus file ${largest.slice(dir.length + 1)}`);
  const repeated = join(tmpdir(), `sysmon-xml-bench-${process.pid}.xml`);
  try {
    writeRepeated(largest, repeated);
    await timeParse(repeated, 'repeated to 200 MB');
  } finally {
    if (existsSync(repeated)) unlinkSync(repeated);
  }
}
