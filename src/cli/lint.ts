/** `toolgate lint [dirs…]`: `opa check --strict` with errors as file:line, plus toolgate's own checks. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { checkModulesDetailed, customPackageWarnings } from '../policy/bundle.js';
import { toSarif } from './sarif.js';
import { collectSources, loadData } from '../policy/sources.js';
import { withBuildData } from '../policy/glob-index.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { fail, policyPathsCommand, policyTargets } from './util.js';
import { describeError } from './policy-options.js';

export function registerLint(program: Command): void {
  policyPathsCommand(program, 'lint', {
    description: 'check policy dirs strictly (opa check --strict): compile errors, unused variables and imports, deprecated built-ins',
    paths: ['[dirs...]', 'policy directories to lint (default: the --policy-dir dirs, else ./policies)'],
    policyDir: 'a policy directory to lint (repeatable)',
  })
    .option('--no-defaults', 'do not load the shipped policies beside yours (they define toolgate.lib)')
    .option('--sarif', 'print the diagnostics as SARIF 2.1.0 (code scanning)')
    .action(async (dirs: string[], opts) => {
      const targets = policyTargets(dirs, opts.policyDir, 'nothing to lint: give policy directories').map((dir) => path.resolve(dir));
      const all = [...new Set([...(opts.defaults && !targets.includes(DEFAULT_POLICY_DIR) ? [DEFAULT_POLICY_DIR] : []), ...targets])];
      try {
        const sources = collectSources(all);
        // Typed against the input and data schemas, with the data the build would load.
        const data = withBuildData(loadData(sources.dataFiles), sources.modules.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
        const { diagnostics, text: errors } = await checkModulesDetailed([...sources.modules, ...sources.tests], { strict: true, data });
        const warnings = customPackageWarnings(targets.filter((dir) => dir !== DEFAULT_POLICY_DIR), sources.modules);
        if (opts.sarif) {
          process.stdout.write(toSarif(diagnostics, warnings));
          process.exitCode = errors ? 1 : 0;
          return;
        }
        for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
        if (errors) {
          process.stdout.write(errors + '\n');
          process.exitCode = 1;
          return;
        }
        process.stdout.write(`lint ok: ${sources.modules.length} modules, ${sources.tests.length} test files${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
      } catch (error) {
        fail(describeError(error));
      }
    });
}
