import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../../src/engine/events';
import { parseText } from './helpers';
import { filesUnder } from '../../helpers/files';

/**
 * The shared text corpus: every line yields an event, and the curator's regex counts (`.ref.json`) and Wazuh's
 * per-line decoder expectations (`.ref.jsonl`) agree with what the parser recognized.
 */
const corpusDir = path.resolve(process.cwd(), '../shared/corpus/text');
const corpusPresent = fs.existsSync(corpusDir);
if (!corpusPresent) console.warn(`text corpus test skipped: no corpus at ${corpusDir}`);

interface CountReference {
  line_count: number;
  pattern_line_counts: Record<string, number>;
  top_source_ips_in_auth_failure_lines: Array<[string, number]>;
}

/**
 * HTTP methods of the IANA method registry that are requests (RFC 9110, PATCH RFC 5789, WebDAV RFC 4918, SEARCH
 * RFC 5323). Scanners' invented methods and the HTTP/2 preface `PRI * HTTP/2.0` are logged as requests too, but
 * the reference counts only real ones.
 */
const REQUEST_METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH',
]);

/** What each reference count means in terms of the parsed events. */
const COUNTED: Record<string, (event: NormalizedEvent) => boolean> = {
  sshd_failed_password: (event) => event.fields.event === 'failed' && event.fields.method === 'password',
  sshd_invalid_user: (event) => event.fields.invalid_user === true,
  sshd_accepted: (event) => event.fields.event === 'accepted',
  // "authentication failure" lines: pam_unix's own and sshd's "Too many authentication failures".
  pam_auth_failure: (event) => event.fields.event === 'pam_auth_failure' || event.fields.event === 'too_many_failures',
  http_request_lines: (event) =>
    event.kind === 'webserver' && /^HTTP\//.test(String(event.fields['cs-version'])) && REQUEST_METHODS.has(String(event.fields['cs-method'])),
  w3c_data_lines: (event) => event.kind === 'webserver' && event.fields.date !== undefined && event.fields.time !== undefined,
};

/** Wazuh decoder names -> what our event must show for that line. */
const DECODER_EXPECTATIONS: Record<string, (event: NormalizedEvent) => boolean> = {
  sshd: (event) => event.fields.program === 'sshd',
  'web-accesslog': (event) => event.kind === 'webserver' && event.fields['c-ip'] !== undefined,
  'web-accesslog-iis-default': (event) => event.kind === 'webserver' && event.fields['c-ip'] !== undefined,
  'apache-errorlog': (event) => event.kind === 'log' && event.fields.level !== undefined,
  'nginx-errorlog': (event) => event.kind === 'log' && event.fields.level !== undefined && event.ts !== null,
};

function dataFiles(dir: string): string[] {
  return filesUnder(dir)
    .filter((file) => !file.includes('.ref.'))
    .sort();
}

describe.skipIf(!corpusPresent)('text parser on the shared corpus', () => {
  const files = corpusPresent ? dataFiles(corpusDir) : [];

  it('finds the corpus files', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((file) => [path.relative(corpusDir, file), file]))('%s', async (_name, file) => {
    const bytes = fs.readFileSync(file);
    const { events } = await parseText(bytes, path.basename(file));
    const lines = bytes.toString('latin1').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const nonEmpty = lines.map((line, index) => [line.replace(/\r$/, ''), index + 1] as const).filter(([line]) => line !== '');
    expect(events.map((event) => event.origin.line)).toEqual(nonEmpty.map(([, lineNo]) => lineNo));

    if (fs.existsSync(`${file}.ref.json`)) {
      const reference = JSON.parse(fs.readFileSync(`${file}.ref.json`, 'utf8')) as CountReference;
      expect(lines.length).toBe(reference.line_count);
      const counts = Object.fromEntries(Object.keys(reference.pattern_line_counts).map((name) => [name, events.filter(COUNTED[name]).length]));
      expect(counts).toEqual(reference.pattern_line_counts);
      const failures = new Map<string, number>();
      for (const event of events) {
        if (event.kind !== 'authentication' || event.fields.action !== 'failure' || typeof event.fields.src_ip !== 'string') continue;
        failures.set(event.fields.src_ip, (failures.get(event.fields.src_ip) ?? 0) + 1);
      }
      for (const [ip] of reference.top_source_ips_in_auth_failure_lines.slice(0, 3)) expect(failures.has(ip)).toBe(true);
    }
    if (fs.existsSync(`${file}.ref.jsonl`)) {
      const expectations = fs
        .readFileSync(`${file}.ref.jsonl`, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { line: number; decoder: string });
      const byLine = new Map(events.map((event) => [event.origin.line, event]));
      const misses = expectations.filter(({ line, decoder }) => {
        const event = byLine.get(line);
        return !event || !DECODER_EXPECTATIONS[decoder]?.(event);
      });
      expect(misses).toEqual([]);
    }
  });
});
