import { closeSync, existsSync, openAsBlob, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Attestation } from '../src/engine/case';
import { NO_ASSETS, runTriage, type TriageFile } from '../src/engine/case/triage';
import type { NormalizedEvent } from '../src/engine/events';
import { IndicatorCollector } from '../src/engine/ioc';
import { parseFile } from '../src/engine/parse-file';
import { compileRuleSet, RuleEngine, shippedRuleSources, type RuleSet } from '../src/engine/rules';
import { findUnclassified, synthesizeVerdict } from '../src/engine/verdict';
import { chooser } from '../test/helpers/seeded-random';
import { filesUnder, isNotReference } from '../test/helpers/files';

/**
 * End-to-end throughput of `runTriage` (MB/s and events/s) over the corpus, one case per format folder, and over a
 * generated Sysmon XML file; then the same work stage by stage (parse, IOC collection, rule push, finish and
 * verdict) to show where the time goes. The stages are timed apart, so their sum can differ a little from the
 * end-to-end time.
 */

const MB = 1024 * 1024;
/** Size of the generated Sysmon XML file: large enough that per-file set-up does not count. */
const GENERATED_FILE_BYTES = 32 * MB;
const CORPUS_FORMATS = ['evtx', 'sysmon-xml', 'text', 'firewall', 'eml', 'pcap'];

const IMAGES = ['C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\explorer.exe', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\rundll32.exe',
  'C:\\Users\\bob\\AppData\\Local\\Temp\\upd.exe', 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE'];
const ARGUMENTS = ['-k netsvcs -p -s Schedule', '/c whoami /all', '-nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA',
  '--type=renderer --lang=en-US', 'C:\\Users\\bob\\Documents\\report.docx', '-urlcache -split -f http://203.0.113.5/a.exe a.exe'];
const DOMAINS = ['update.microsoft.com', 'www.google.com', 'cdn.example-cdn.net', 'login.live.com', 'evil-c2.top', 'files.corp.local'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** One Sysmon event in the `wevtutil qe /f:xml` layout: process creation, network connection, DNS query or image load. */
function sysmonEvent(index: number, choose: ReturnType<typeof chooser>): string {
  const time = new Date(Date.UTC(2026, 0, 1) + index * 37).toISOString();
  const image = choose.pick(IMAGES);
  const guid = `{23F38D93-${(index % 65536).toString(16).toUpperCase().padStart(4, '0')}-5F8E-9F08-000000000C00}`;
  const data: [string, string][] = [['RuleName', '-'], ['UtcTime', time.replace('T', ' ').slice(0, 23)], ['ProcessGuid', guid],
    ['ProcessId', String(1000 + choose.int(9000))], ['Image', image]];
  const slot = index % 10;
  let eventId = 1;
  if (slot < 4) {
    const hash = Array.from({ length: 64 }, () => '0123456789ABCDEF'[choose.int(16)]).join('');
    data.push(['CommandLine', `"${image}" ${choose.pick(ARGUMENTS)}`], ['CurrentDirectory', 'C:\\Windows\\system32\\'], ['User', 'CORP\\bob'],
      ['IntegrityLevel', 'Medium'], ['Hashes', `SHA256=${hash}`], ['ParentImage', choose.pick(IMAGES)], ['ParentCommandLine', choose.pick(ARGUMENTS)]);
  } else if (slot < 6) {
    eventId = 3;
    data.push(['Protocol', 'tcp'], ['Initiated', 'true'], ['SourceIp', `10.0.${choose.int(4)}.${choose.int(250) + 1}`], ['SourcePort', String(49152 + choose.int(16000))],
      ['DestinationIp', `${choose.pick(['203.0.113', '198.51.100', '8.8.8', '52.96.1'])}.${choose.int(250) + 1}`], ['DestinationHostname', choose.pick(DOMAINS)],
      ['DestinationPort', choose.pick(['443', '80', '53', '4444'])]);
  } else if (slot < 8) {
    eventId = 22;
    data.push(['QueryName', `${choose.int(50)}.${choose.pick(DOMAINS)}`], ['QueryStatus', '0'], ['QueryResults', `::ffff:203.0.113.${choose.int(250) + 1};`]);
  } else {
    eventId = 7;
    data.push(['ImageLoaded', `C:\\Windows\\System32\\${choose.pick(['ntdll', 'kernel32', 'amsi', 'clr', 'dbghelp'])}.dll`], ['Signed', 'true'], ['SignatureStatus', 'Valid']);
  }
  const body = data.map(([name, value]) => `<Data Name='${name}'>${escapeXml(value)}</Data>`).join('');
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' ` +
    `Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/><EventID>${eventId}</EventID><Version>5</Version><Level>4</Level><Task>${eventId}</Task>` +
    `<Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${time.replace('Z', '0000Z')}'/>` +
    `<EventRecordID>${index + 1}</EventRecordID><Correlation/><Execution ProcessID='2412' ThreadID='3316'/>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS1.corp.local</Computer><Security UserID='S-1-5-18'/></System>` +
    `<EventData>${body}</EventData></Event>\n`;
}

function writeGeneratedSysmon(target: string): void {
  const choose = chooser(11);
  const fd = openSync(target, 'w');
  try {
    let written = 0;
    for (let index = 0; written < GENERATED_FILE_BYTES; index++) written += writeSync(fd, sysmonEvent(index, choose));
  } finally {
    closeSync(fd);
  }
}

/** CPU time of this process in ms (the machine may be shared, so wall time alone says little). */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function endToEnd(label: string, paths: string[], rules: RuleSet): Promise<void> {
  const files: TriageFile[] = [];
  for (const path of paths) files.push({ name: path, blob: await openAsBlob(path) });
  const bytes = files.reduce((sum, file) => sum + file.blob.size, 0);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await runTriage(files, { id: 'bench', title: label, rules });
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuMs(cpu) / 1000;
  const events = result.events.length;
  console.log(
    `${label}: ${(bytes / MB).toFixed(1)} MB, ${events} events, ${result.attestations.length} attestations, ${result.indicators.length} indicators; ` +
      `${(bytes / MB / seconds).toFixed(1)} MB/s, ${Math.round(events / seconds).toLocaleString('en-US')} events/s ` +
      `(${(bytes / MB / cpuSeconds).toFixed(1)} MB and ${Math.round(events / cpuSeconds).toLocaleString('en-US')} events per CPU second)`,
  );
}

/** The pipeline's stages one after another over the same files, each timed in CPU ms. */
async function stages(label: string, paths: string[], rules: RuleSet): Promise<void> {
  const events: NormalizedEvent[] = [];
  let cpu = process.cpuUsage();
  for (const [fileIndex, path] of paths.entries()) {
    const { batches } = await parseFile(await openAsBlob(path), { fileName: path, fileIndex });
    for await (const batch of batches) for (const event of batch.events) events.push(event);
  }
  const parse = cpuMs(cpu);
  cpu = process.cpuUsage();
  const collector = new IndicatorCollector();
  for (const event of events) collector.add(event);
  const indicators = cpuMs(cpu);
  cpu = process.cpuUsage();
  const engine = new RuleEngine(rules);
  const attestations: Attestation[] = [];
  for (const event of events) attestations.push(...engine.push(event));
  const push = cpuMs(cpu);
  cpu = process.cpuUsage();
  attestations.push(...engine.finish());
  const list = collector.list();
  const unclassified = findUnclassified(events, attestations, list);
  synthesizeVerdict({ events, files: [], indicators: list, attestations, unclassified, assets: NO_ASSETS });
  const finish = cpuMs(cpu);
  const total = parse + indicators + push + finish;
  const share = (ms: number) => `${ms.toFixed(0)} ms (${Math.round((ms / total) * 100)}%)`;
  const rate = (ms: number) => Math.round(events.length / (ms / 1000)).toLocaleString('en-US');
  console.log(
    `${label} by stage (CPU): parse ${share(parse)}, IOC collection ${share(indicators)} = ${rate(indicators)} events/s, ` +
      `rule push ${share(push)} = ${rate(push)} events/s, finish + verdict ${share(finish)}`,
  );
}

export async function bench(corpusDir: string): Promise<void> {
  const rules = compileRuleSet(shippedRuleSources());
  const cases: [string, string[]][] = [];
  for (const format of CORPUS_FORMATS) {
    const dir = join(corpusDir, format);
    if (existsSync(dir)) cases.push([`corpus ${format}`, filesUnder(dir, isNotReference).sort()]);
  }
  if (cases.length === 0) console.log(`corpus not found at ${corpusDir}: generated file only`);
  const generated = join(tmpdir(), `pipeline-bench-${process.pid}.xml`);
  try {
    writeGeneratedSysmon(generated);
    cases.push([`generated Sysmon XML (${(statSync(generated).size / MB).toFixed(0)} MB)`, [generated]]);
    for (const [label, paths] of cases) {
      if (paths.length === 0) continue;
      await endToEnd(label, paths, rules);
      await stages(label, paths, rules);
    }
  } finally {
    if (existsSync(generated)) unlinkSync(generated);
  }
}
