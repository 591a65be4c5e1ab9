/** `toolgate fmt [paths…]`: `opa fmt` over Rego files, writing in place unless --check or --diff. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { runOpa } from '../policy/index.js';
import { collect, fail } from './util.js';
import { describeError, policyTargets } from './policy-options.js';

export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .description('format Rego files with opa fmt (in place by default)')
    .argument('[paths...]', 'Rego files or directories (default: the --policy-dir dirs, else ./policies)')
    .option('--policy-dir <dir>', 'a policy directory to format (repeatable)', collect, [])
    .option('--check', 'change nothing; list files that are not formatted and exit 1 if any')
    .option('--diff', 'change nothing; print the diff formatting would apply')
    .action(async (paths: string[], opts) => {
      const targets = policyTargets(paths, opts.policyDir, 'nothing to format: give Rego files or directories');
      for (const target of targets) if (!existsSync(target)) fail(`${target}: no such file or directory`);
      try {
        if (opts.diff) {
          const run = await runOpa(['fmt', '--diff', ...targets]);
          if (run.code !== 0 && !run.stdout) fail(run.stderr.trim() || `opa fmt failed (exit ${run.code})`);
          process.stdout.write(run.stdout);
          return;
        }
        // --list names the files formatting would change (opa ignores --write when --list is given).
        const list = await runOpa(['fmt', '--list', ...targets]);
        if (list.code !== 0) fail(list.stderr.trim() || `opa fmt failed (exit ${list.code})`);
        const listed = list.stdout.trim();
        if (opts.check) {
          if (listed) {
            process.stdout.write(`not formatted (run \`toolgate fmt\`):\n${listed}\n`);
            process.exitCode = 1;
          } else process.stdout.write('all Rego files are formatted\n');
          return;
        }
        if (!listed) {
          process.stdout.write('all Rego files were already formatted\n');
          return;
        }
        const write = await runOpa(['fmt', '--write', ...listed.split('\n')]);
        if (write.code !== 0) fail(write.stderr.trim() || `opa fmt failed (exit ${write.code})`);
        process.stdout.write(`formatted:\n${listed}\n`);
      } catch (error) {
        fail(describeError(error));
      }
    });
}
