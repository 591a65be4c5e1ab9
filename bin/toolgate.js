#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli to dist/cli (npm install runs the build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('toolgate: not built yet. Run `npm install` (or `npm run build`) in the toolgate folder first.\n');
  process.exit(1);
}
const args = process.argv.slice(2);
if (args[0] === 'hook' && !args.includes('--help') && !args.includes('-h')) {
  // Claude Code's command hook starts one process per event: go straight to the lean entry
  // point (the adapter only: no CLI framework, policy engine or database driver).
  const { main: runHook } = await import(new URL('../dist/integrations/claude-code/hook-main.js', import.meta.url).href);
  await runHook(args.slice(1));
} else {
  // Before anything allocates: V8's heap growth for a long-running gateway (src/cli/heap-growth.ts).
  const { limitHeapGrowth } = await import(new URL('../dist/cli/heap-growth.js', import.meta.url).href);
  try {
    limitHeapGrowth();
  } catch (error) {
    process.stderr.write(`toolgate: ${error.message}\n`);
    process.exit(1);
  }
  await import(main);
}
