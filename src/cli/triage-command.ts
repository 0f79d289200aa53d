import { writeFileSync } from 'node:fs';
import { runTriage } from '../engine/case/triage';
import { compileRuleSet, shippedRuleSources } from '../engine/rules';
import { buildCaseReport, renderCaseReport, type ReportFormat } from '../engine/report';
import type { CliArgs } from './args';
import type { CliInput } from './main';
import { NodeWorkPool } from './node-pool';
import { readRuleSources } from './rule-files';

/** `soc-triage triage FILE...`: one case for all files given, rendered in the requested format. */
export async function runTriageCommand(inputs: CliInput[], args: CliArgs): Promise<number> {
  const sources = shippedRuleSources();
  for (const dir of args.rulesDirs) {
    try {
      sources.push(...readRuleSources(dir));
    } catch (error) {
      process.stderr.write(`soc-triage: cannot read rules from ${dir}: ${error instanceof Error ? error.message : error}\n`);
      return 2;
    }
  }
  const rules = compileRuleSet(sources);
  for (const error of rules.errors) process.stderr.write(JSON.stringify({ rule_error: error }) + '\n');

  // Threads start only when a parser hands them work (a large EVTX file).
  const pool = new NodeWorkPool();
  let triaged;
  try {
    triaged = await runTriage(
      inputs.map((input) => ({ name: input.path, blob: input.blob })),
      { id: 'case-1', title: inputs.map((input) => input.name).join(', '), rules, pool },
    );
  } finally {
    pool.close();
  }
  let failed = false;
  for (const file of triaged.files) {
    for (const issue of file.issues) {
      process.stderr.write(JSON.stringify(issue) + '\n');
      if (issue.severity === 'error') failed = true;
    }
  }
  const rendered = renderCaseReport(buildCaseReport(triaged), args.format as ReportFormat);
  if (args.out) writeFileSync(args.out, rendered);
  else await new Promise<void>((resolve) => process.stdout.write(rendered, () => resolve()));
  return failed ? 1 : 0;
}
