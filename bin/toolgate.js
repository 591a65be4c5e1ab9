#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/cli to dist/cli (npm install runs the build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('toolgate: not built yet. Run `npm install` (or `npm run build`) in the toolgate folder first.\n');
  process.exit(1);
}
// Before anything allocates: V8's heap growth for a long-running gateway (src/cli/heap-growth.ts).
const { limitHeapGrowth } = await import(new URL('../dist/cli/heap-growth.js', import.meta.url).href);
try {
  limitHeapGrowth();
} catch (error) {
  process.stderr.write(`toolgate: ${error.message}\n`);
  process.exit(1);
}
await import(main);
