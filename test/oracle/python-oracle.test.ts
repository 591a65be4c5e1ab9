/**
 * Execution oracle for python inline code (docs/detection.md): the code of every
 * `python3 -c` in rules-tests/ runs in the bash oracle's sandbox with an audit hook
 * (sys.addaudithook, installed by a sitecustomize on PYTHONPATH) that records what the
 * code attempts: processes, forks, file writes, deletes, permission changes, links,
 * connections, signals. The fs is throwaway and there is no network, so the attempts do
 * no harm; a connection simply fails after it was recorded.
 *
 * Each kind of attempt must be stated by the python producer: as an effect of the
 * matching type once the producer states effects (src/normalize/code/python), else as a
 * call of the matching family in the InlineCode facts. Differences are printed and may not
 * grow beyond baseline.json.
 */
import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { type Attempt, stated as statedBy, tallyAttempts } from './attempts.js';
import { corpusCommands } from './corpus.js';
import { BASELINE } from './report.js';
import { SANDBOX_CWD, SANDBOX_HOME, Sandbox, sandboxUnavailable, withSandbox, type AuditEvent } from './sandbox.js';

const unavailable = sandboxUnavailable();
if (unavailable && process.env.CI) throw new Error(`python oracle: ${unavailable}`);

const ctx = { cwd: SANDBOX_CWD, home: SANDBOX_HOME, workspace_roots: [SANDBOX_CWD] };


/** Audit event → kind of attempt (events not listed are not judged). */
function attemptOf(event: AuditEvent): Attempt | null {
  const e = event.event;
  if (/^(os\.system|subprocess\.Popen|os\.exec|os\.posix_spawn|os\.spawn|pty\.spawn)/.test(e)) return 'process';
  if (/^os\.fork/.test(e)) return 'fork';
  if (e === 'open' || /^(os\.truncate|os\.rename|shutil\.move|shutil\.copyfile)$/.test(e)) {
    // The interpreter's own files (its caches, /dev/null for subprocess) are not the code's writes.
    const target = event.args[0] ?? '';
    if (/^\/dev\/(null|tty)|__pycache__|\/oracle\//.test(target)) return null;
    return 'write';
  }
  if (/^(os\.remove|os\.unlink|os\.rmdir|shutil\.rmtree)$/.test(e)) return 'delete';
  if (/^(os\.chmod|os\.chown)$/.test(e)) return 'chmod';
  if (/^(os\.symlink|os\.link)$/.test(e)) return 'link';
  if (/^(socket\.connect|socket\.getaddrinfo|socket\.sendto|socket\.bind|http\.client\.connect|urllib\.Request)$/.test(e)) return 'connect';
  if (/^os\.kill/.test(e)) return 'kill';
  return null;
}

/** The InlineCode `calls` families that name an attempt (before the python producer states effects). */
const CALL_FAMILIES: Record<Attempt, RegExp> = {
  process: /^(os\.(system|popen|exec\w*|spawn\w*|posix_spawn\w*)|subprocess\.\w+|pty\.\w+|commands\.\w+|exec[lv]p?e?|system|popen)$/,
  fork: /^os\.fork\w*$/,
  write: /^(os\.(open|write|truncate|replace|rename)|shutil\.(copy\w*|move)|open)$/,
  delete: /^(os\.(remove|unlink|rmdir|removedirs)|shutil\.rmtree)$/,
  chmod: /^os\.(chmod|chown|lchown|fchmod)$/,
  link: /^os\.(symlink|link)$/,
  connect: /^(socket\.\w+|urllib\.request\.\w+|urllib2\.\w+|urlopen|urlretrieve|requests\.\w+|http\.\w+)$/,
  kill: /^os\.(kill|killpg)$/,
};

interface PythonCase {
  command: string;
  code: string;
  facts: BashFacts;
}

function pythonCases(): PythonCase[] {
  const out: PythonCase[] = [];
  // rules-tests/ and the blind rounds (test/blind/calls): the python programs people wrote.
  for (const command of corpusCommands(['rules-tests', 'test/blind/calls'])) {
    const facts = normalizeCall('bash', { command }, ctx).facts as BashFacts;
    for (const c of facts.commands) {
      const code = c.inline_code;
      if (code?.language === 'python' && code.code && code.code !== 'stdin' && /^python/.test(c.name)) out.push({ command, code: code.code, facts });
    }
  }
  return out;
}


const stated = (facts: BashFacts, attempt: Attempt) => statedBy(facts, attempt, { calls: CALL_FAMILIES[attempt], interpreter: /^python/ });

describe.skipIf(unavailable !== null)(`execution oracle: python inline code${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sandbox: Sandbox;
  withSandbox((opened) => (sandbox = opened));

  it('the audit hook records what the code attempts', async () => {
    const { audit } = await sandbox.runPython("import os, shutil, socket\nos.system('true')\nopen('x', 'w').write('1')\nshutil.rmtree('/etc/none', ignore_errors=True)\ntry:\n  socket.create_connection(('1.1.1.1', 53), 1)\nexcept OSError:\n  pass");
    const kinds = audit.map(attemptOf).filter(Boolean);
    expect(kinds).toEqual(expect.arrayContaining(['process', 'write', 'delete', 'connect']));
  });

  it('the python producer states every kind of attempt the code makes', async () => {
    const cases = pythonCases();
    const started = Date.now();
    const results = await sandbox.map(cases, async (c) => ({ c, run: await sandbox.runPython(c.code) }));
    const { tally, lines } = tallyAttempts(results, attemptOf, stated);
    const mode = cases.some((c) => (c.facts as unknown as { effects?: Array<{ type: string; producer?: string }> }).effects?.some((e) => e.producer?.startsWith('code:') && e.type !== 'unknown'))
      ? 'effects and calls'
      : 'calls (no code effects yet)';
    const summary = `oracle python corpus: ${cases.length} inline programs, ${tally.attempts} kinds of attempt recorded, differences ${tally.missing}, not stated but indeterminate ${tally.indeterminate}, compared with ${mode}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log([summary, ...lines].join('\n'));
    // A difference may turn indeterminate when a producer learns to say "unknown"; what is not stated may not grow.
    expect(tally.missing, summary).toBeLessThanOrEqual(BASELINE.python_corpus.differences);
    expect(tally.missing + tally.indeterminate, summary).toBeLessThanOrEqual(BASELINE.python_corpus.differences + BASELINE.python_corpus.indeterminate);
  }, 300_000);
});
