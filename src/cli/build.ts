import path from 'node:path';
import type { Command } from 'commander';
import { buildPolicy, currentRevision, readBundle, writeBundle } from '../policy/index.js';
import { DEFAULT_BUNDLE_DIR, DEFAULT_POLICY_DIR } from '../paths.js';
import { collect, fail } from './util.js';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('compile the default policies plus your --policy-dir dirs to a WASM bundle with the opa CLI (opa check first: errors as file:line)')
    .option('--policy-dir <dir>', 'your policy directory, merged over the defaults (repeatable)', collect, [])
    .option('--no-defaults', 'compile only the given --policy-dir dirs')
    .option('-o, --output <dir>', 'bundle directory to write', 'bundle')
    .option('--check-fresh', 'do not build: exit 1 when the bundle in --output is stale against the sources')
    .action(async (opts) => {
      const dirs = [...(opts.defaults ? [DEFAULT_POLICY_DIR] : []), ...opts.policyDir];
      if (dirs.length === 0) fail('nothing to build: give --policy-dir or drop --no-defaults');
      const output = path.resolve(opts.output);
      if (opts.checkFresh) {
        const bundle = readBundle(output);
        const revision = currentRevision(dirs);
        if (bundle.revision !== revision) {
          fail(`the bundle in ${opts.output} (revision ${bundle.revision}) is stale: sources are at ${revision}. Run \`npm run build:policy\`.`);
        }
        process.stdout.write(`bundle ${opts.output} is up to date (revision ${revision})\n`);
        return;
      }
      try {
        const policy = await buildPolicy(dirs);
        for (const warning of policy.warnings ?? []) process.stderr.write(`toolgate: warning: ${warning}\n`);
        writeBundle(policy, output);
        process.stdout.write(
          `built ${path.relative(process.cwd(), output) || '.'}: revision ${policy.revision}, ${Object.keys(policy.rules).length} rules\n`,
        );
      } catch (error) {
        fail((error as Error).message);
      }
    });
}

export { DEFAULT_BUNDLE_DIR };
