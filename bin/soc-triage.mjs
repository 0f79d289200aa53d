#!/usr/bin/env node
// Thin launcher: the CLI is the engine bundled by `npm run build` (vite build --mode cli) into dist-cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist-cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('soc-triage: the CLI is not built yet; run `npm run build` first\n');
  process.exit(2);
}
// A reader that stops early (`| head`) closes the pipe: that ends the output, it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { run } = await import(main);
process.exitCode = await run(process.argv.slice(2));
