/**
 * Execution oracle for ruby and lua inline code (docs/detection.md): the code of every `ruby -e`
 * and `lua -e` in rules-tests/ and the blind rounds runs in the bash oracle's sandbox with a hook
 * loaded first (hooks/hook.rb: Kernel, File, IO, Dir, Process, TCPSocket and Socket prepended with
 * a recorder; hooks/hook.lua: os.execute, io.popen, os.remove, os.rename, io.open and io.output
 * replaced) that records processes, forks, writes, deletes, permission changes, links, connects
 * and signals, then runs the real call in the throwaway root.
 *
 * Each kind of attempt must be stated by the language's producer (src/normalize/code/ruby, lua:
 * an effect of the matching type, or a call of the family in the InlineCode facts). Differences
 * are printed and may not grow beyond baseline.json. .ci/run installs ruby and lua5.4 from
 * Debian; a host without them skips the language with the reason (CI fails instead).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { type Attempt, stated as statedBy, tallyAttempts } from './attempts.js';
import { corpusCommands } from './corpus.js';
import { BASELINE } from './report.js';
import { SANDBOX_CWD, SANDBOX_HOME, Sandbox, sandboxUnavailable, withSandbox, type RunResult } from './sandbox.js';

const ctx = { cwd: SANDBOX_CWD, home: SANDBOX_HOME, workspace_roots: [SANDBOX_CWD] };
const ATTEMPTS = new Set<Attempt>(['process', 'fork', 'write', 'delete', 'chmod', 'link', 'connect', 'kill']);

interface Language {
  name: 'ruby' | 'lua';
  /** The program names whose inline code is this language's. */
  program: RegExp;
  run: (sandbox: Sandbox, code: string) => Promise<RunResult>;
  /** The producer's call names that state each kind of attempt (src/normalize/code/<language>/table.ts). */
  calls: Record<Attempt, RegExp>;
  /** A program that makes every kind of attempt the hook sees, and the kinds expected from it. */
  probe: { code: string; kinds: Attempt[] };
  baseline: 'ruby_corpus' | 'lua_corpus';
}

const NONE = /(?!)/;

const LANGUAGES: Language[] = [
  {
    name: 'ruby',
    program: /^ruby[\d.]*$/,
    run: (sandbox, code) => sandbox.runRuby(code),
    calls: {
      process: /^(system|exec|spawn|`|%x|Kernel\.\S+|Process\.(spawn|exec)|Open3\.\S+|PTY\.spawn|IO\.popen|open)$/,
      fork: /^(fork|Process\.fork)$/,
      write: /^(File\.(write|open|new|truncate|rename)|IO\.write|FileUtils\.\w+|open|file#\w+)$/,
      delete: /^(File\.(delete|unlink)|FileUtils\.\w+|Dir\.(delete|rmdir|unlink))$/,
      chmod: /^(File\.(ch\w+|lch\w+)|FileUtils\.ch\w+)$/,
      link: /^(File\.(symlink|link)|FileUtils\.ln\w*)$/,
      connect: /^(TCPSocket\.\w+|Socket\.\w+|Net::HTTP\.\w+|URI\.open|HTTParty\.\w+|RestClient\.\w+|Faraday\.\w+|open)$/,
      kill: /^Process\.kill$/,
    },
    probe: {
      code: 'system("true"); File.write("a", "1"); File.chmod(0600, "a"); File.symlink("a", "l"); require "fileutils"; FileUtils.mkdir_p("d"); FileUtils.rm_rf("d"); begin; TCPSocket.new("1.1.1.1", 53); rescue StandardError; end; Process.kill(0, Process.pid)',
      kinds: ['process', 'write', 'chmod', 'link', 'delete', 'connect', 'kill'],
    },
    baseline: 'ruby_corpus',
  },
  {
    name: 'lua',
    program: /^lua[\d.]*$/,
    run: (sandbox, code) => sandbox.runLua(code),
    calls: {
      process: /^(os\.execute|io\.popen)$/,
      fork: /^posix\.fork$/,
      write: /^(io\.open|io\.output|os\.rename|file#write)$/,
      delete: /^os\.remove$/,
      chmod: NONE,
      link: NONE,
      connect: /^socket\S*$/,
      kill: /^posix\.kill$/,
    },
    probe: { code: 'os.execute("true"); local f = io.open("x", "w"); f:write(1); f:close(); os.remove("x")', kinds: ['process', 'write', 'delete'] },
    baseline: 'lua_corpus',
  },
];

const unavailable = sandboxUnavailable();
const missing = (name: string): string | null => (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0 ? null : `${name} is not installed (.ci/run installs it from Debian)`);

for (const language of LANGUAGES) {
  const why = unavailable ?? missing(language.name);
  if (why && process.env.CI) throw new Error(`${language.name} oracle: ${why}`);

  const stated = (facts: BashFacts, attempt: Attempt) => statedBy(facts, attempt, { calls: language.calls[attempt], interpreter: language.program });

  describe.skipIf(why !== null)(`execution oracle: ${language.name} inline code${why ? ` (skipped: ${why})` : ''}`, () => {
    let sandbox: Sandbox;
    withSandbox((opened) => (sandbox = opened));

    it('the hook records what the code attempts', async () => {
      const { audit } = await language.run(sandbox, language.probe.code);
      expect(audit.map((e) => e.event)).toEqual(expect.arrayContaining(language.probe.kinds));
    }, 120_000);

    it(`the ${language.name} producer states every kind of attempt the code makes`, async () => {
      const cases: Array<{ command: string; code: string; facts: BashFacts }> = [];
      for (const command of corpusCommands(['rules-tests', 'test/blind/calls'])) {
        const facts = normalizeCall('bash', { command }, ctx).facts as BashFacts;
        for (const c of facts.commands) {
          const code = c.inline_code;
          if (code?.language === language.name && code.code && code.code !== 'stdin' && language.program.test(c.name)) cases.push({ command, code: code.code, facts });
        }
      }
      const started = Date.now();
      const results = await sandbox.map(cases, async (c) => ({ c, run: await language.run(sandbox, c.code) }));
      const { tally, lines } = tallyAttempts(results, (e) => (ATTEMPTS.has(e.event as Attempt) ? (e.event as Attempt) : null), stated);
      const summary = `oracle ${language.name} corpus: ${cases.length} inline programs, ${tally.attempts} kinds of attempt recorded, differences ${tally.missing}, not stated but indeterminate ${tally.indeterminate}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
      console.log([summary, ...lines].join('\n'));
      const limits = BASELINE[language.baseline] ?? { differences: 0, indeterminate: 0 };
      expect(tally.missing, summary).toBeLessThanOrEqual(limits.differences);
      expect(tally.missing + tally.indeterminate, summary).toBeLessThanOrEqual(limits.differences + limits.indeterminate);
    }, 300_000);
  });
}
