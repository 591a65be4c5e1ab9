/**
 * The metamorphic rewrites, checked by the execution oracle (docs/detection.md): a rewrite is
 * meaning-preserving only if bash, given the variant, runs the programs the original runs with
 * the same argv. For each rewrite a fixed sample of risky rules-tests lines it applies to runs
 * in the bubblewrap sandbox, original and variant; every program the original ran must run
 * under the variant with the same arguments, and the variant may add only the programs the
 * rewrite itself puts around the line (a wrapper, a nested shell, an interpreter, a decoder).
 *
 * Path spellings are compared as the file they name (`/./etc` is `/etc`, `./x` and
 * `/proc/self/cwd/x` the cwd's x) and git's global options that a rewrite adds (`-c color.ui=auto`, `--no-pager`,
 * `-C .`) are dropped: those rewrites change the argv's text on purpose, not what it reaches.
 * A rewrite whose interpreter the host lacks (ruby, php, lua, zsh, busybox are stubs or absent
 * here) cannot be run and is listed as such.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile, type DecisionCase } from '../../src/testing/cases.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { REWRITES, argvRewrites, leadingWord } from '../metamorphic/rewrites.js';
import { risky, staticArgv } from '../metamorphic/suite.js';
import { BASELINE } from './report.js';
import { stableOrder } from './sample.js';
import { SANDBOX_CWD, SANDBOX_HOME, Sandbox, sandboxUnavailable, withSandbox, type Ran } from './sandbox.js';

const unavailable = sandboxUnavailable();
if (unavailable && process.env.CI) throw new Error(`execution oracle: ${unavailable}`);

/** Lines per rewrite (TOOLGATE_ORACLE_REWRITE_LINES changes it for a local run). */
const PER_REWRITE = Number(process.env.TOOLGATE_ORACLE_REWRITE_LINES ?? 8);

/** Programs a rewrite may put around the line: they run in the variant and not in the original. */
const CARRIERS = new Set([
  'bash', 'sh', 'dash', 'zsh', 'busybox', 'env', 'nice', 'timeout', 'nohup', 'sudo', 'ionice', 'chrt', 'taskset', 'stdbuf', 'setsid',
  'flock', 'time', 'xargs', 'python3', 'python3.11', 'perl', 'node', 'ruby', 'php', 'lua', 'base64', 'xxd', 'printf', 'rev', 'echo', 'cat', 'tr',
]);

/** The interpreter a rewrite hands the line to, where the host may lack it. */
const NEEDS: Record<string, string> = {
  'zsh-c': 'zsh', 'busybox-sh-c': 'busybox', 'ruby-system': 'ruby', 'ruby-backticks': 'ruby', 'ruby-system-list': 'ruby',
  'php-system': 'php', 'lua-os-execute': 'lua',
};

/**
 * A line that prints the environment or the shell's variables (`printenv | base64 | nslookup
 * $(cat) …`) hands them on as later programs' arguments: every rewrite that adds a variable, a
 * wrapper or a nesting level (SHLVL) changes those bytes, so such a line cannot be compared by
 * argv and is left out of the sample (the metamorphic suite still judges its variants).
 */
const PRINTS_ENVIRONMENT = /(?:^|[|;&(`]\s*)(?:printenv|env|set|export\s+-p|declare\s+-p|compgen\s+-v)\s*(?:$|[|;&)`>])/;

const onHost = new Map<string, boolean>();
const hostHas = (program: string): boolean => {
  if (!onHost.has(program)) onHost.set(program, spawnSync('sh', ['-c', `command -v ${program}`]).status === 0);
  return onHost.get(program)!;
};

/** A program run as a comparable key: path spellings folded, git's added global options dropped. */
function key(run: Ran): string {
  // Slashes and `/./` are folded first, so `/./proc/self/cwd/x` is then seen as `/proc/self/cwd/x`.
  let args = run.args.map((a) =>
    a
      .replace(/(^|[^:])\/{2,}/g, '$1/')
      .replace(/\/(?:\.\/)+/g, '/')
      .replace(/(^|\s)(?:\/proc\/self\/cwd|\.)(?=\/)/g, `$1${SANDBOX_CWD}`)
      .replace(/^\/proc\/self\/root(?=\/)/, ''),
  );
  if (run.name === 'git') {
    for (;;) {
      if (args[0] === '-c' && args[1] === 'color.ui=auto') args = args.slice(2);
      else if (args[0] === '-C' && args[1] === '.') args = args.slice(2);
      else if (args[0] === '--no-pager') args = args.slice(1);
      else break;
    }
  }
  return [run.name, ...args].join('\u0000');
}

interface Check {
  rewrite: string;
  original: string;
  variant: string;
}

interface Mismatch extends Check {
  missing: string[];
  extra: string[];
}

/** For each rewrite, the lines it applies to with the smallest hash of (rewrite, line): stable when cases are added (sample.ts). */
function checks(): { checks: Check[]; unrunnable: string[] } {
  const cases = findCaseFiles([path.join(PACKAGE_ROOT, 'rules-tests')])
    .flatMap((file) => loadCaseFile(file))
    .filter((c) => risky(c) && (c.context.home ?? SANDBOX_HOME) === SANDBOX_HOME);
  const unique = new Map<string, DecisionCase>();
  for (const c of cases) if (!unique.has(c.input.command as string)) unique.set(c.input.command as string, c);
  const lines = [...unique.values()].filter((c) => !PRINTS_ENVIRONMENT.test(c.input.command as string));
  const candidates = new Map<string, Check[]>();
  const unrunnable = new Set<string>();
  const add = (rewrite: string, original: string, variant: string | null) => {
    if (variant === null || variant === original) return;
    if (NEEDS[rewrite] !== undefined && !hostHas(NEEDS[rewrite]!)) {
      unrunnable.add(rewrite);
      return;
    }
    const list = candidates.get(rewrite) ?? [];
    list.push({ rewrite, original, variant });
    candidates.set(rewrite, list);
  };
  for (const c of lines) {
    const command = c.input.command as string;
    for (const r of REWRITES) add(r.name, command, r.apply(command, SANDBOX_HOME));
    const argv = staticArgv(command, c);
    if (argv) for (const v of argvRewrites(argv)) add(v.name, command, v.text);
  }
  // Per rewrite, the lines with the smallest hash of (rewrite, line): a new case takes a slot only if it wins one.
  const byRewrite = [...candidates].map(([rewrite, list]) => stableOrder(list, rewrite, (c) => c.original).slice(0, PER_REWRITE));
  return { checks: byRewrite.flat(), unrunnable: [...unrunnable].sort() };
}

describe.skipIf(unavailable !== null)(`execution oracle: the metamorphic rewrites keep what bash runs${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sandbox: Sandbox;
  withSandbox((opened) => (sandbox = opened));

  it('every rewrite runs the original’s programs with the original’s argv', async () => {
    const started = Date.now();
    const { checks: all, unrunnable } = checks();
    const originals = [...new Set(all.map((c) => c.original))];
    const ranOriginal = new Map<string, { keys: Set<string>; timedOut: boolean }>();
    await sandbox.map(originals, async (command) => {
      const { ran, timedOut } = await sandbox.run(command);
      ranOriginal.set(command, { keys: new Set(ran.map(key)), timedOut });
    });
    // A line that ran nothing or ran out of time proves nothing: left out, and counted.
    const usable = all.filter((c) => {
      const o = ranOriginal.get(c.original)!;
      return !o.timedOut && o.keys.size > 0;
    });
    const mismatches: Mismatch[] = [];
    let compared = 0;
    await sandbox.map(usable, async (check) => {
      const { ran, timedOut } = await sandbox.run(check.variant);
      if (timedOut) return;
      compared++;
      const original = ranOriginal.get(check.original)!.keys;
      const variant = new Set(ran.map(key));
      const missing = [...original].filter((k) => !variant.has(k));
      const extra = [...variant].filter((k) => !original.has(k) && !CARRIERS.has(k.split('\u0000')[0]!));
      if (missing.length > 0 || extra.length > 0) mismatches.push({ ...check, missing, extra });
    });
    const rewrites = new Set(usable.map((c) => c.rewrite));
    // Every rewrite should meet at least one line that runs something here; say which did not.
    const names = [...REWRITES.map((r) => r.name), ...argvRewrites(['rm', '-9', '/x']).map((v) => v.name)];
    const unchecked = names.filter((n) => !rewrites.has(n) && !unrunnable.includes(n));
    const shown = (k: string) => JSON.stringify(k.split('\u0000').join(' ')).slice(0, 160);
    const summary = `oracle rewrites: ${rewrites.size} rewrites checked on ${compared} variants of ${originals.length} lines, ${mismatches.length} not the same program run${unrunnable.length ? `; not runnable on this host: ${unrunnable.join(', ')}` : ''}${unchecked.length ? `; met no line that runs a program here: ${unchecked.join(', ')}` : ''}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log(
      [
        summary,
        ...mismatches.map((m) => `  [${m.rewrite}] ${JSON.stringify(m.original).slice(0, 120)}\n      variant ${JSON.stringify(m.variant).slice(0, 160)}\n      missing ${m.missing.map(shown).join(' ; ')}\n      extra   ${m.extra.map(shown).join(' ; ')}`),
      ].join('\n'),
    );
    expect(mismatches.length, summary).toBeLessThanOrEqual(BASELINE.rewrites?.differences ?? 0);
  }, 600_000);
});
