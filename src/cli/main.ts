import { openAsBlob, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ParseIssue } from '../engine/errors';
import { parseFile } from '../engine/parse-file';
import { EVENT_CSV_HEADER, eventCsvRow } from '../engine/format/event-csv';
import { USAGE, UsageError, parseArgs, type CliArgs } from './args';
import { NodeWorkPool } from './node-pool';
import { BufferedWriter } from './output';
import { runTriageCommand } from './triage-command';
import { runRulesCheck } from './rules-command';

export const EXIT_OK = 0;
export const EXIT_RECORD_ERRORS = 1;
export const EXIT_USAGE = 2;

/** Entry point of the `soc-triage` binary; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`soc-triage: ${error.message}\n`);
    process.stderr.write(USAGE + '\n');
    return EXIT_USAGE;
  }
  if (args.command === 'rules') return runRulesCheck(args.check ?? '');

  const { inputs, unreadable } = await openInputs(args.files);
  if (inputs.length === 0) return EXIT_USAGE;
  const code = args.command === 'parse' ? await runParse(inputs, args.format) : await runTriageCommand(inputs, args);
  // The readable files are still processed, but a file that could not be read at all outranks record errors.
  return unreadable ? EXIT_USAGE : code;
}

export interface CliInput {
  path: string;
  name: string;
  blob: Blob;
}

/** Opens every file as a Blob (read lazily in slices); each missing or unreadable one is reported on stderr. */
async function openInputs(paths: string[]): Promise<{ inputs: CliInput[]; unreadable: boolean }> {
  const inputs: CliInput[] = [];
  let unreadable = false;
  for (const path of paths) {
    try {
      if (!statSync(path).isFile()) throw new Error('not a regular file');
      inputs.push({ path, name: basename(path), blob: await openAsBlob(path) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(JSON.stringify({ file: path, offset: 0, reason: `cannot read: ${reason}`, severity: 'error' }) + '\n');
      unreadable = true;
    }
  }
  return { inputs, unreadable };
}

async function runParse(inputs: CliInput[], format: string): Promise<number> {
  const out = new BufferedWriter(process.stdout);
  const err = new BufferedWriter(process.stderr, 1 << 12);
  let failed = false;
  // Threads start only when a parser hands them work (a large EVTX file), so small inputs pay nothing for them.
  const pool = new NodeWorkPool();
  try {
    if (format === 'csv') await out.write(EVENT_CSV_HEADER);
    for (const [index, input] of inputs.entries()) {
      const { batches } = await parseFile(input.blob, { fileName: input.path, fileIndex: index, pool });
      for await (const batch of batches) {
        for (const event of batch.events) {
          await out.write(format === 'csv' ? eventCsvRow(event) : JSON.stringify(event) + '\n');
        }
        failed = (await reportIssues(err, batch.issues)) || failed;
      }
    }
  } finally {
    pool.close();
  }
  await out.flush();
  await err.flush();
  return failed ? EXIT_RECORD_ERRORS : EXIT_OK;
}

/** Writes issues as JSON lines; returns whether any was an error (warnings alone keep exit code 0). */
export async function reportIssues(err: BufferedWriter, issues: ParseIssue[]): Promise<boolean> {
  let failed = false;
  for (const issue of issues) {
    await err.write(JSON.stringify(issue) + '\n');
    if (issue.severity === 'error') failed = true;
  }
  return failed;
}
