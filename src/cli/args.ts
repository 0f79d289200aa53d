/** Command-line parsing for soc-triage: small and strict, so a typo is a usage error (exit 2), not a surprise. */

export type Command = 'parse' | 'triage' | 'rules';

export interface CliArgs {
  command: Command;
  files: string[];
  format: string;
  out?: string;
  offline: boolean;
  rulesDirs: string[];
  check?: string;
}

export class UsageError extends Error {}

export const USAGE = `usage:
  soc-triage parse FILE... [--format ndjson|csv]
  soc-triage triage FILE... [--format json|html|pdf|navigator|stix|csv] [--out PATH] [--rules DIR] [--offline]
  soc-triage rules --check DIR

exit codes: 0 ok, 1 some records failed (errors on stderr as JSON lines), 2 usage or unreadable input`;

const FORMATS: Record<Command, string[]> = {
  parse: ['ndjson', 'csv'],
  // validated here, so the triage command can hand the value on as a ReportFormat
  triage: ['json', 'html', 'pdf', 'navigator', 'stix', 'csv'],
  rules: ['json'],
};

export function parseArgs(argv: string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command !== 'parse' && command !== 'triage' && command !== 'rules') {
    throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  }
  const args: CliArgs = { command, files: [], format: FORMATS[command][0], offline: true, rulesDirs: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') args.format = value();
    else if (arg === '--out') args.out = value();
    else if (arg === '--rules') args.rulesDirs.push(value());
    else if (arg === '--check') args.check = value();
    // Enrichment does not exist yet, so the CLI never touches the network; the flag is accepted and enforced.
    else if (arg === '--offline') args.offline = true;
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('--')) throw new UsageError(`unknown option: ${arg}`);
    else args.files.push(arg);
  }
  if (!FORMATS[command].includes(args.format)) {
    throw new UsageError(`--format ${args.format} is not one of ${FORMATS[command].join(', ')} for ${command}`);
  }
  if (command === 'rules') {
    if (!args.check) throw new UsageError('rules needs --check DIR');
  } else if (args.files.length === 0) {
    throw new UsageError(`${command} needs at least one FILE`);
  }
  return args;
}
