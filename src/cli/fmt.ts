/** `toolgate fmt [paths…]`: `opa fmt` over Rego files, writing in place unless --check or --diff. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { runOpa } from '../policy/index.js';
import { collect, fail } from './util.js';
import { describeError } from './policy-options.js';

export function registerFmt(program: Command): void {
  program
    .command('fmt')
    .description('format Rego files with opa fmt (in place by default)')
    .argument('[paths...]', 'Rego files or directories (default: the --policy-dir dirs, else ./policies)')
    .option('--policy-dir <dir>', 'a policy directory to format (repeatable)', collect, [])
    .option('--check', 'change nothing; list files that are not formatted and exit 1 if any')
    .option('--diff', 'change nothing; print the diff formatting would apply')
    .action(async (paths: string[], opts) => {
      const targets = [...paths, ...opts.policyDir];
      if (targets.length === 0 && existsSync('policies')) targets.push('policies');
      if (targets.length === 0) fail('nothing to format: give Rego files or directories');
      for (const target of targets) if (!existsSync(target)) fail(`${target}: no such file or directory`);
      const mode = opts.check ? ['--list', '--fail'] : opts.diff ? ['--diff'] : ['--write', '--list'];
      try {
        const run = await runOpa(['fmt', ...mode, ...targets]);
        const listed = run.stdout.trim();
        if (run.stderr.trim() && run.code !== 0 && !listed) fail(run.stderr.trim());
        if (opts.check) {
          if (listed) {
            process.stdout.write(`not formatted (run \`toolgate fmt\`):\n${listed}\n`);
            process.exitCode = 1;
          } else process.stdout.write('all Rego files are formatted\n');
        } else if (opts.diff) {
          process.stdout.write(run.stdout);
          process.exitCode = run.code === 0 ? 0 : 1;
        } else {
          process.stdout.write(listed ? `formatted:\n${listed}\n` : 'all Rego files were already formatted\n');
          if (run.code !== 0) fail(run.stderr.trim() || `opa fmt failed (exit ${run.code})`);
        }
      } catch (error) {
        fail(describeError(error));
      }
    });
}
