/**
 * Execution oracle for javascript inline code (docs/detection.md): the code of every `node -e`
 * in rules-tests/ and the blind rounds runs in the bash oracle's sandbox with a preloaded hook
 * (sandbox.ts, NODE_HOOK) that records the calls of node's public APIs that act on the world:
 * processes (child_process), file writes, deletes, permission changes and links (fs and
 * fs.promises), connections (net, tls, http, https, dns, dgram, fetch), signals
 * (process.kill). Node has no audit hooks like python's, so the hook wraps those APIs before
 * the code runs; node's internal bindings and native addons are outside what it sees.
 *
 * Each kind of attempt must be stated by the javascript producer (an effect of the matching
 * type, src/normalize/code/javascript) or, while both exist, a call in the InlineCode facts.
 * Differences are printed and may not grow beyond baseline.json.
 */
import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { type Attempt, stated as statedBy, tallyAttempts } from './attempts.js';
import { corpusCommands } from './corpus.js';
import { BASELINE } from './report.js';
import { SANDBOX_CWD, SANDBOX_HOME, Sandbox, sandboxUnavailable, withSandbox, type AuditEvent } from './sandbox.js';

const unavailable = sandboxUnavailable();
if (unavailable && process.env.CI) throw new Error(`node oracle: ${unavailable}`);

const ctx = { cwd: SANDBOX_CWD, home: SANDBOX_HOME, workspace_roots: [SANDBOX_CWD] };


/** Hook event → kind of attempt. */
function attemptOf(event: AuditEvent): Attempt | null {
  const e = event.event;
  if (e.startsWith('child_process.')) return 'process';
  if (e === 'fs.write') {
    const target = event.args[0] ?? '';
    // Standard streams and /dev/null are not the code's writes.
    if (/^"?\/dev\/(null|tty|stdout|stderr)|^[0-2]$/.test(target)) return null;
    return 'write';
  }
  if (e === 'fs.delete') return 'delete';
  if (e === 'fs.chmod') return 'chmod';
  if (e === 'fs.link') return 'link';
  if (/^(net\.connect|https?\.(request|get)|dns\.lookup|fetch)$/.test(e)) return 'connect';
  if (e === 'process.kill') return 'kill';
  return null;
}

/** The InlineCode `calls` that name an attempt (the javascript scan's call names). */
const CALL_FAMILIES: Partial<Record<Attempt, RegExp>> = {
  process: /^(exec|execSync|execFile|execFileSync|spawn|spawnSync|fork|execa|\$)$/,
  write: /^(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|copyFile|copyFileSync|rename|renameSync|open|openSync|truncate|truncateSync|cp|cpSync)$/,
  delete: /^(unlink|unlinkSync|rm|rmSync|rmdir|rmdirSync)$/,
  chmod: /^(chmod|chmodSync|chown|chownSync|lchown|lchownSync|fchmod|fchmodSync)$/,
  link: /^(symlink|symlinkSync|link|linkSync)$/,
  connect: /^(connect|createConnection|request|get|fetch|lookup|resolve\w*|send|post|put|axios|got)$/,
  kill: /^kill$/,
};

interface NodeCase {
  command: string;
  code: string;
  facts: BashFacts;
}

function nodeCases(): NodeCase[] {
  const out: NodeCase[] = [];
  for (const command of corpusCommands(['rules-tests', 'test/blind/calls'])) {
    const facts = normalizeCall('bash', { command }, ctx).facts as BashFacts;
    for (const c of facts.commands) {
      const code = c.inline_code;
      if (code?.language === 'javascript' && code.code && code.code !== 'stdin' && /^node(js)?$/.test(c.name)) out.push({ command, code: code.code, facts });
    }
  }
  return out;
}


const stated = (facts: BashFacts, attempt: Attempt) =>
  statedBy(facts, attempt, { calls: CALL_FAMILIES[attempt] ?? /(?!)/, callName: (call) => call.replace(/^.*\./, ''), interpreter: /^node/ });

describe.skipIf(unavailable !== null)(`execution oracle: javascript inline code${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sandbox: Sandbox;
  withSandbox((opened) => (sandbox = opened));

  it('the preloaded hook records what the code attempts, through require and import alike', async () => {
    const { audit } = await sandbox.runNode(
      "const cp = require('child_process'); cp.execSync('true'); require('fs').writeFileSync('x', '1'); require('fs').rmSync('/etc/none', { force: true });" +
        "import('node:fs').then((m) => m.chmodSync('x', 0o600)); require('net').connect(53, '1.1.1.1').on('error', () => {});",
    );
    const kinds = audit.map(attemptOf).filter(Boolean);
    expect(kinds).toEqual(expect.arrayContaining(['process', 'write', 'delete', 'chmod', 'connect']));
  });

  it('counts an attempt the facts do not state as a difference', () => {
    const facts = (command: string) => normalizeCall('bash', { command }, ctx).facts as BashFacts;
    expect(stated(facts('node -e "console.log(1)"'), 'write')).toBe('missing');
    expect(stated(facts("node -e \"require('fs').writeFileSync('x', '1')\""), 'write')).toBe('stated');
  });

  it('the javascript producer states every kind of attempt the code makes', async () => {
    const cases = nodeCases();
    const started = Date.now();
    const results = await sandbox.map(cases, async (c) => ({ c, run: await sandbox.runNode(c.code) }));
    const { tally, lines } = tallyAttempts(results, attemptOf, stated);
    const summary = `oracle node corpus: ${cases.length} inline programs, ${tally.attempts} kinds of attempt recorded, differences ${tally.missing}, not stated but indeterminate ${tally.indeterminate}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log([summary, ...lines].join('\n'));
    expect(tally.missing, summary).toBeLessThanOrEqual(BASELINE.node_corpus?.differences ?? 0);
    expect(tally.missing + tally.indeterminate, summary).toBeLessThanOrEqual((BASELINE.node_corpus?.differences ?? 0) + (BASELINE.node_corpus?.indeterminate ?? 0));
  }, 300_000);
});
