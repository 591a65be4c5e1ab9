/** `toolgate test [paths…]`: decision case files and Rego unit tests, one report. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { runSuite } from '../testing/suite.js';
import { collectSources } from '../policy/sources.js';
import { renderJson, renderJunit, renderTap, renderText } from '../testing/report.js';
import { collect, fail } from './util.js';
import { describeError, loadRevision, policyDirs } from './policy-options.js';

function parsePercent(value: string): number {
  const percent = Number(value);
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) throw new Error('--threshold must be a percentage 0-100');
  return percent;
}

/**
 * Which rules coverage is about: the operator's policy dirs and tested dirs holding Rego;
 * with neither (testing case files against the shipped policy), every rule of the bundle.
 */
function coverageScope(targetDirs: string[], policyDirs: string[]): string[] | undefined {
  const regoDirs = targetDirs.filter((dir) => collectSources([dir]).modules.length > 0);
  const scope = [...new Set([...policyDirs.map((dir) => path.resolve(dir)), ...regoDirs])];
  return scope.length ? scope : undefined;
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run decision case files (YAML, JSON, CSV) and the Rego unit tests of policy dirs against the compiled policy')
    .argument('[paths...]', 'case files or directories (default: the --policy-dir dirs, else ./rules-tests)')
    .option('--policy-dir <dir>', 'your policy directory, merged over the defaults (repeatable; needs opa)', collect, [])
    .option('--no-defaults', 'compile only the given --policy-dir dirs')
    .option('--bundle <dir>', 'test this built bundle instead of compiling')
    .option('--filter <text>', 'only cases whose "file › name" or tags contain the text (or match /regex/)')
    .option('--json', 'print the report as JSON')
    .option('--junit', 'print the report as JUnit XML')
    .option('--tap', 'print the report as TAP')
    .option('--report-file <file>', 'write the --json/--junit/--tap report to a file and print the text report')
    .option('--coverage', 'measure Rego coverage of the tested directories (opa test --coverage)')
    .option('--threshold <percent>', 'fail when Rego coverage is below this percentage (implies --coverage)', parsePercent)
    .option('--no-rego', 'skip the Rego unit tests')
    .option('-q, --quiet', 'print only failures and the summary')
    .addHelpText('after', '\nExit status: 0 everything passed, 1 a case or test failed (or nothing was selected), 2 the policy does not compile.')
    .action(async (paths: string[], opts) => {
      const formats = [opts.json && 'json', opts.junit && 'junit', opts.tap && 'tap'].filter(Boolean) as string[];
      if (formats.length > 1) fail('choose one of --json, --junit, --tap');
      const targets = paths.length > 0 ? paths : opts.policyDir.length > 0 ? opts.policyDir : existsSync('rules-tests') ? ['rules-tests'] : [];
      if (targets.length === 0) fail('nothing to test: give case files or directories, or --policy-dir');
      for (const target of targets) if (!existsSync(target)) fail(`${target}: no such file or directory`);

      let revision;
      try {
        revision = await loadRevision(opts);
      } catch (error) {
        fail(describeError(error), 2);
      }
      const targetDirs: string[] = targets.filter((t: string) => statSync(t).isDirectory()).map((t: string) => path.resolve(t));
      const testDirs = opts.rego ? targetDirs : [];
      let report;
      try {
        report = await runSuite({
          revision,
          targets,
          filter: opts.filter,
          // Testing a policy dir: coverage is about its own rules, not the shipped ones.
          coverageDirs: coverageScope(targetDirs, opts.policyDir),
          rego: testDirs.length
            ? { policyDirs: policyDirs(opts), testDirs, coverage: Boolean(opts.coverage), threshold: opts.threshold }
            : undefined,
        });
      } catch (error) {
        fail(describeError(error), 2);
      }
      const machine = formats[0] === 'json' ? renderJson(report) : formats[0] === 'junit' ? renderJunit(report) : formats[0] === 'tap' ? renderTap(report) : null;
      if (machine && opts.reportFile) {
        writeFileSync(opts.reportFile, machine);
        process.stdout.write(renderText(report, { quiet: opts.quiet, color: process.stdout.isTTY }));
      } else {
        process.stdout.write(machine ?? renderText(report, { quiet: opts.quiet, color: process.stdout.isTTY }));
      }
      process.exitCode = report.ok ? 0 : 1;
    });
}
