/**
 * Execution oracle for perl inline code (docs/detection.md): the code of every `perl -e` in
 * rules-tests/ and the blind rounds runs in the bash oracle's sandbox with a hook loaded before
 * it is compiled (sandbox.ts, PERL_HOOK: builtins overridden in CORE::GLOBAL, which the code
 * and every module it loads then call) that records processes (system, exec, backticks, pipe
 * opens), forks, opens for writing, deletes, renames, permission changes, links, connects and
 * signals. Perl is on every Debian machine (git needs it), so this runs wherever the sandbox does.
 *
 * Each kind of attempt must be stated by the perl producer (src/normalize/code/perl: an effect
 * of the matching type, or a call of the family in the InlineCode facts). Differences are
 * printed and may not grow beyond baseline.json.
 */
import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { type Attempt, stated as statedBy, tallyAttempts } from './attempts.js';
import { corpusCommands } from './corpus.js';
import { BASELINE } from './report.js';
import { SANDBOX_CWD, SANDBOX_HOME, Sandbox, sandboxUnavailable, withSandbox, type AuditEvent } from './sandbox.js';

const unavailable = sandboxUnavailable();
if (unavailable && process.env.CI) throw new Error(`perl oracle: ${unavailable}`);

const ctx = { cwd: SANDBOX_CWD, home: SANDBOX_HOME, workspace_roots: [SANDBOX_CWD] };

/** Hook event → kind of attempt. */
function attemptOf(event: AuditEvent): Attempt | null {
  const e = event.event;
  if (/^(system|exec|readpipe|open-pipe)$/.test(e)) return 'process';
  if (e === 'fork') return 'fork';
  if (/^(open-write|truncate|rename)$/.test(e)) {
    // Standard streams and /dev/null are not the code's writes.
    if (/^\s*(?:\+?>>?\s*)?\/dev\/(null|tty|stdout|stderr)\s*$/.test(event.args[0] ?? '')) return null;
    return 'write';
  }
  if (e === 'unlink' || e === 'rmdir') return 'delete';
  if (e === 'chmod' || e === 'chown') return 'chmod';
  if (e === 'symlink' || e === 'link') return 'link';
  if (e === 'connect') return 'connect';
  if (e === 'kill') return 'kill';
  return null;
}

/** The InlineCode `calls` that name an attempt (the perl scan's call names, src/normalize/code/perl/table.ts). */
const CALL_FAMILIES: Record<Attempt, RegExp> = {
  process: /^(system|exec|`|qx|readpipe|open|IPC::Open[23]::open[23]|open[23])$/,
  fork: /^(fork|threads\.create)$/,
  write: /^(open|sysopen|truncate|rename|File::Copy::\w+|copy|move|write_file|spurt|print)$/,
  delete: /^(unlink|rmdir|File::Path::\w+|rmtree|remove_tree)$/,
  chmod: /^(chmod|chown)$/,
  link: /^(symlink|link)$/,
  connect: /^(IO::Socket::\w+\.new|connect|socket|LWP::\S+|HTTP::Tiny\S*|get|getstore|head|Net::\S+)$/,
  kill: /^kill$/,
};

interface PerlCase {
  command: string;
  code: string;
  facts: BashFacts;
}

function perlCases(): PerlCase[] {
  const out: PerlCase[] = [];
  for (const command of corpusCommands(['rules-tests', 'test/blind/calls'])) {
    const facts = normalizeCall('bash', { command }, ctx).facts as BashFacts;
    for (const c of facts.commands) {
      const code = c.inline_code;
      if (code?.language === 'perl' && code.code && code.code !== 'stdin' && /^perl(5[\d.]*)?$/.test(c.name)) out.push({ command, code: code.code, facts });
    }
  }
  return out;
}

const stated = (facts: BashFacts, attempt: Attempt) => statedBy(facts, attempt, { calls: CALL_FAMILIES[attempt], interpreter: /^perl/ });

describe.skipIf(unavailable !== null)(`execution oracle: perl inline code${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let sandbox: Sandbox;
  withSandbox((opened) => (sandbox = opened));

  it('the CORE::GLOBAL hook records what the code and the modules it loads attempt', async () => {
    const { audit } = await sandbox.runPerl(
      "system('true'); my $o = `true`; open(my $f, '>', 'x') or die; print $f 1; close $f; open(F, '>y'); close F; open(STDERR, '>&', STDOUT);" +
        "chmod 0600, 'x'; symlink 'x', 'z'; use File::Path qw(remove_tree); remove_tree('/tmp/none-' . $$); mkdir '/tmp/d'; remove_tree('/tmp/d');" +
        "use IO::Socket::INET; IO::Socket::INET->new(PeerAddr => '1.1.1.1', PeerPort => 53, Timeout => 1); kill 0, $$; unlink 'x';",
    );
    const kinds = audit.map(attemptOf);
    expect(kinds).toEqual(expect.arrayContaining(['process', 'write', 'chmod', 'link', 'delete', 'connect', 'kill']));
    // a dup of a standard stream is no write, and bareword handles still work (y was opened, written by nobody)
    expect(audit.filter((e) => e.event === 'open-write').map((e) => e.args[0])).toEqual(['x', '>y']);
  }, 120_000);

  it('counts an attempt the facts do not state as a difference', () => {
    const facts = (command: string) => normalizeCall('bash', { command }, ctx).facts as BashFacts;
    expect(stated(facts("perl -e 'print 1'"), 'delete')).toBe('missing');
    expect(stated(facts("perl -e 'unlink \"x\"'"), 'delete')).toBe('stated');
  });

  it('the perl producer states every kind of attempt the code makes', async () => {
    const cases = perlCases();
    const started = Date.now();
    const results = await sandbox.map(cases, async (c) => ({ c, run: await sandbox.runPerl(c.code) }));
    const { tally, lines } = tallyAttempts(results, attemptOf, stated);
    const summary = `oracle perl corpus: ${cases.length} inline programs, ${tally.attempts} kinds of attempt recorded, differences ${tally.missing}, not stated but indeterminate ${tally.indeterminate}, ${((Date.now() - started) / 1000).toFixed(1)} s`;
    console.log([summary, ...lines].join('\n'));
    expect(tally.missing, summary).toBeLessThanOrEqual(BASELINE.perl_corpus?.differences ?? 0);
    expect(tally.missing + tally.indeterminate, summary).toBeLessThanOrEqual((BASELINE.perl_corpus?.differences ?? 0) + (BASELINE.perl_corpus?.indeterminate ?? 0));
  }, 300_000);
});
