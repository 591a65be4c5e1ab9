/**
 * Execution oracle for the bash producer (docs/detection.md): every bash case of
 * rules-tests/ and a fixed sample of fuzzed command lines run under real bash in the
 * bubblewrap sandbox (sandbox.ts); every program bash ran, with its argv, must be one the
 * analysis reported (compare.ts). The differences are printed in full and their count may
 * not grow beyond the figure recorded in baseline.json: lower it when you fix a class.
 *
 * Needs bubblewrap (.ci/run installs it). Without it the suite is skipped with the reason,
 * except under CI=true, where a missing sandbox fails.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { corpusCommands } from './corpus.js';
import { mutatedLine, quickCommand } from '../reliability/fuzz-arbitraries.js';
import { findCaseFiles, loadCaseFile } from '../../src/testing/cases.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import path from 'node:path';
import { risky } from '../metamorphic/suite.js';
import { compareRun, formatDifference, type Difference } from './compare.js';
import { SANDBOX_CWD, SANDBOX_HOME, Sandbox, sandboxUnavailable, withSandbox } from './sandbox.js';
import { BASELINE, counts, summarise } from './report.js';
import { stableHash, stableOrder } from './sample.js';

const unavailable = sandboxUnavailable();
if (unavailable && process.env.CI) throw new Error(`execution oracle: ${unavailable}`);

const ctx = { cwd: SANDBOX_CWD, home: SANDBOX_HOME, workspace_roots: [SANDBOX_CWD] };


/** A fixed sample of fuzzed command lines (same seed every run); text bash could not be given as an argument is left out. */
function fuzzCommands(count: number): string[] {
  const sample = fc.sample(quickCommand, { seed: 20261207, numRuns: count * 2 });
  const out: string[] = [];
  for (const raw of sample) {
    const text = Buffer.from(raw, 'utf8').toString('utf8');
    if (text.includes('\0') || text.length > 20_000 || out.includes(text)) continue;
    out.push(text);
    if (out.length === count) break;
  }
  return out;
}

/**
 * Fuzzed lines seeded with the risky bash lines of rules-tests/ (token-level mutations): what
 * an agent might really type, respelled, rather than random bytes. Stable under corpus edits
 * (sample.ts): the seed lines are taken in the order of their hash, and each is mutated with
 * fast-check seeded by its own hash, so a new case changes at most the one line it displaces.
 */
function riskyFuzzCommands(count: number): string[] {
  const seeds = [...new Set(findCaseFiles([path.join(PACKAGE_ROOT, 'rules-tests', 'bash')]).flatMap((file) => loadCaseFile(file)).filter(risky).map((c) => c.input.command as string))].filter((c) => !c.includes('\0'));
  const out = new Set<string>();
  for (const line of stableOrder(seeds, 'fuzz-risky', (l) => l)) {
    const [text] = fc.sample(mutatedLine(line), { seed: stableHash('fuzz-risky', line) | 0, numRuns: 1 });
    if (text === undefined || text.length > 20_000 || text.includes('\0')) continue;
    out.add(text);
    if (out.size === count) break;
  }
  return [...out];
}

async function runSet(sandbox: Sandbox, commands: string[]): Promise<{ differences: Difference[]; programs: number; timeouts: string[] }> {
  const results = await sandbox.map(commands, async (command) => {
    const { ran, timedOut } = await sandbox.run(command);
    const facts = normalizeCall('bash', { command }, ctx).facts as BashFacts;
    return { differences: compareRun(command, facts, ran), programs: ran.length, timedOut };
  });
  return {
    differences: results.flatMap((r) => r.differences),
    programs: results.reduce((n, r) => n + r.programs, 0),
    timeouts: commands.filter((_, i) => results[i]!.timedOut),
  };
}

describe.skipIf(unavailable !== null)(`execution oracle: bash${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sandbox: Sandbox;
  withSandbox((opened) => (sandbox = opened));

  it('runs what it says: stubs record argv, wrappers and nested shells run for real', async () => {
    const { ran } = await sandbox.run("env A=1 nice -n 5 bash -c 'rm -rf ~/x' && sudo -u root /bin/chmod 777 /etc/passwd");
    expect(ran.map((r) => [r.name, ...r.args])).toEqual([
      ['env', 'A=1', 'nice', '-n', '5', 'bash', '-c', 'rm -rf ~/x'],
      ['nice', '-n', '5', 'bash', '-c', 'rm -rf ~/x'],
      ['bash', '-c', 'rm -rf ~/x'],
      ['rm', '-rf', `${SANDBOX_HOME}/x`],
      ['sudo', '-u', 'root', '/bin/chmod', '777', '/etc/passwd'],
      ['chmod', '777', '/etc/passwd'],
    ]);
  });

  /**
   * On a fresh Debian host (/bin/sh is dash, no iptables installed) `/bin/sh -c 'iptables -F'`
   * ran nothing the log saw: the sh wrapper was bound over dash, the wrappers' own `#!/bin/sh`
   * then named themselves, and /sbin/iptables did not exist. Every spelling must reach a wrapper.
   */
  it('every path spelling of a program reaches its recording wrapper, installed on the host or not', async () => {
    const lines: Array<[string, string[][]]> = [
      ["/bin/sh -c 'iptables -F'", [['sh', '-c', 'iptables -F'], ['iptables', '-F']]],
      ["/usr/bin/sh -c 'iptables -F'", [['sh', '-c', 'iptables -F'], ['iptables', '-F']]],
      ["/bin/dash -c 'iptables -F'", [['dash', '-c', 'iptables -F'], ['iptables', '-F']]],
      ["/bin/bash -c 'iptables -F'", [['bash', '-c', 'iptables -F'], ['iptables', '-F']]],
      ['/sbin/iptables -F', [['iptables', '-F']]],
      ['/usr/sbin/iptables -F', [['iptables', '-F']]],
      ['/usr/local/bin/aws s3 rm s3://b', [['aws', 's3', 'rm', 's3://b']]],
      ['/usr/local/sbin/iptables -F', [['iptables', '-F']]],
      ['/bin/rm -rf /x', [['rm', '-rf', '/x']]],
      ['command -p rm -rf /x', [['rm', '-rf', '/x']]],
      ["/bin/sh -c '/sbin/iptables -F'", [['sh', '-c', '/sbin/iptables -F'], ['iptables', '-F']]],
    ];
    const got = await sandbox.map(lines, async ([line]) => (await sandbox.run(line)).ran.map((r) => [r.name, ...r.args]));
    expect(got).toEqual(lines.map(([, want]) => want));
  }, 120_000);

  it('has no network and a throwaway root', async () => {
    const { ran } = await sandbox.run('python3 -c "import socket; socket.create_connection((\'1.1.1.1\', 53), 2)" || echo offline | base64; ls / | base64');
    const decoded = ran.filter((r) => r.name === 'base64');
    expect(decoded.length).toBe(2);
    const top = await sandbox.run('test -e /work || test -e /root/.ssh || test -w /usr/bin || rm marker');
    expect(top.ran.map((r) => r.name)).toEqual(['rm']);
  });

  /**
   * Run a set in the sandbox, print its summary, differences and timeouts, and hold it to
   * its baseline. `internal` depends on how the host's tools work inside (tar's compressor,
   * git's scripts): printed, not held. A miss may turn indeterminate when the producer
   * learns to say "unknown"; what is not named may not grow.
   */
  async function holdsToBaseline(set: 'corpus' | 'fuzz' | 'fuzz-risky', commands: string[]): Promise<void> {
    const started = Date.now();
    const { differences, programs, timeouts } = await runSet(sandbox, commands);
    const line = summarise(set, commands.length, programs, differences, timeouts.length, Date.now() - started);
    console.log([line, ...differences.map(formatDifference), ...timeouts.map((t) => `timeout       ${JSON.stringify(t).slice(0, 200)}`)].join('\n'));
    const got = counts(differences);
    const baseline = set === 'corpus' ? BASELINE.bash_corpus : set === 'fuzz' ? BASELINE.bash_fuzz : BASELINE.bash_fuzz_risky;
    expect(got.differences, line).toBeLessThanOrEqual(baseline.differences);
    expect(got.differences + got.indeterminate, line).toBeLessThanOrEqual(baseline.differences + baseline.indeterminate);
    // A named baseline is held line by line: a new difference cannot hide behind one that was fixed.
    if (baseline.named) {
      const unnamed = differences.filter((d) => (d.kind === 'missed' || d.kind === 'argv') && !baseline.named!.some((n) => n.command === d.command && n.kind === d.kind));
      expect(unnamed.map(formatDifference), line).toEqual([]);
    }
  }

  it('the analysis names every program bash runs in the rules-tests corpus', () => holdsToBaseline('corpus', corpusCommands()), 300_000);

  it('and in fuzzed command lines', () => holdsToBaseline('fuzz', fuzzCommands(Number(process.env.TOOLGATE_ORACLE_FUZZ ?? 300))), 300_000);

  it('and in risky rules-tests lines mutated token by token', () => holdsToBaseline('fuzz-risky', riskyFuzzCommands(Number(process.env.TOOLGATE_ORACLE_FUZZ ?? 300))), 300_000);
});
