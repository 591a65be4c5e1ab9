/**
 * The progress model on realistic outputs, through the same bookkeeping the gateway uses
 * (onDecision when a call is decided, applyReport when its outcome comes back).
 */
import { describe, expect, it } from 'vitest';
import { normalizeCall, normalizeContext } from '../../normalize/index.js';
import { readFileSync } from 'node:fs';
import { GovernanceMechanics, mechanicsFrom } from '../config.js';
import { applyReport } from '../events.js';
import { callShape } from '../fingerprint.js';
import { loopFacts, type LoopFacts } from '../loop.js';
import { emptyState, type GovernanceState } from '../state.js';
import { normalizeOutput } from './normalize.js';
import { analyzeOutput } from './outcome.js';
import { onDecision } from './record.js';
import { needsVerifying } from './verify.js';
import { nextContinuation, overlap, planWords } from './continuation.js';
import { confirmRun, heldAsks, holdAsk, PENDING_HOLD_MS } from './pending.js';

const defaultConfig = GovernanceMechanics.parse({ loop: { poll_commands: [['sleep'], ['kubectl', 'get']], mutating_commands: [['pip', 'install'], ['sed', '-i'], ['perl', '-i']] } });
const ctx = normalizeContext({ cwd: '/w', home: '/h' }, { cwd: '/w', home: '/h' });

interface Call {
  tool: string;
  input: Record<string, unknown>;
  exit?: number;
  out?: string;
}

/** Replays calls; returns the loop facts of the last one (decided after all earlier reports). */
function replay(calls: Call[], config = defaultConfig): { facts: LoopFacts; state: GovernanceState } {
  let state = emptyState();
  let facts!: LoopFacts;
  calls.forEach((call, k) => {
    const n = normalizeCall(call.tool, call.input, ctx);
    const shape = callShape(call.tool, n.kind, call.input, n.facts, config);
    facts = loopFacts(shape, state.history, state.mut_keys, config.loop.density_window);
    if (k === calls.length - 1) return;
    const rec = onDecision(shape, facts.mutation, state.progress);
    state.progress = rec.progress;
    state.history.push({ id: `d${k}`, fp: shape.fp, kind: shape.kind, t: k, d: 'allow', ...(facts.poll ? { poll: true } : {}), ...(facts.mutation ? { mut: facts.mutation } : {}), ...rec.extras });
    if (shape.mutation && !state.mut_keys.includes(shape.mutation.key)) state.mut_keys.push(shape.mutation.key);
    if (call.exit !== undefined || call.out !== undefined) state = applyReport(state, { decision_id: `d${k}`, exit_code: call.exit, output: call.out }, config, JSON.stringify(call.input));
  });
  return { facts, state };
}

const bash = (command: string, exit?: number, out?: string): Call => ({ tool: 'bash', input: { command }, exit, out });
const edit = (path: string, old_string: string, new_string: string): Call => ({ tool: 'edit', input: { file_path: path, old_string, new_string } });
const write = (path: string): Call => ({ tool: 'write', input: { file_path: path, content: `// ${path}` } });

describe('the output normaliser', () => {
  it('removes durations, timestamps, ages, PIDs, temp names, ANSI codes, progress bars and random ids', () => {
    const a = normalizeOutput('\u001b[32m✓\u001b[0m 12 passed in 3.41s at 2026-12-07T03:00:12Z pid=4411 /tmp/tmp.Xa81k2 request-id: 9f8e7d6c5b4a3f21\n[=====>    ] 40%\r[==========] 100%');
    const b = normalizeOutput('✓ 12 passed in 0.87s at 2026-12-08T11:22:33Z pid=17 /tmp/tmp.Q93jd0 request-id: 0a1b2c3d4e5f6a7b\n[==========] 100%');
    expect(a).toBe(b);
    expect(a).toContain('12 passed');
  });

  it('masks the clock and trouble-counter columns of a table, keeps the status', () => {
    const table = (restarts: number, age: string, status: string) => `NAME          READY   STATUS    RESTARTS   AGE\napi-7d9f-x2   0/1     ${status}   ${restarts}          ${age}\n`;
    expect(normalizeOutput(table(3, '5m', 'Pending'))).toBe(normalizeOutput(table(9, '17m', 'Pending')));
    expect(normalizeOutput(table(3, '5m', 'Pending'))).not.toBe(normalizeOutput(table(3, '5m', 'Running')));
  });
});

describe('error signatures and counts', () => {
  it('give the same failure in another spelling the same signature, and a new failure a new one', () => {
    const a = analyzeOutput('ERROR: Could not find a version that satisfies the requirement torch==2.1.1 (from versions: 2.5.0)');
    const b = analyzeOutput('ERROR: Could not find a version that satisfies the requirement torch==2.3.1 (from versions: 2.5.0)');
    const c = analyzeOutput('ERROR: No matching distribution found for numpy==3.0');
    expect(a.sig).not.toBeNull();
    expect(a.sig).toBe(b.sig);
    expect(c.sig).not.toBe(a.sig);
  });

  it('keep the location: the same assertion at another line is another error', () => {
    const a = analyzeOutput('--- FAIL: TestEviction (0.2s)\n    cache_test.go:141: expected 100 entries, got 97\nFAIL');
    const b = analyzeOutput('--- FAIL: TestEviction (0.3s)\n    cache_test.go:141: expected 100 entries, got 98\nFAIL');
    const c = analyzeOutput('--- FAIL: TestEviction (0.2s)\n    cache_test.go:146: evicted=3, want 100\nFAIL');
    expect(a.sig).toBe(b.sig);
    expect(c.sig).not.toBe(a.sig);
  });

  it('read counts from summaries, or from one failure line per failed test when there is none', () => {
    expect(analyzeOutput('Tests:       1 failed, 6 passed, 7 total')).toMatchObject({ passed: 6, failed: 1 });
    expect(analyzeOutput('--- FAIL: TestDrain (0.01s)\n    pool_test.go:58: drained 99\n--- FAIL: TestDrain (0.02s)\nFAIL').failed).toBe(2);
    expect(analyzeOutput('FAILED tests/a.py::t1 - x\nFAILED tests/a.py::t2 - y\n==== 5 failed, 3 passed in 1.2s ====').failed).toBe(5);
    expect(analyzeOutput('✖ 239 problems (142 errors, 97 warnings)').errors).toBe(239);
    expect(analyzeOutput('connection to server at "db", port 5432 failed: Connection refused').failed).toBeNull();
  });
});

describe('loop facts from the progress model', () => {
  it('group respellings of one action: a version roulette is one failure streak', () => {
    const out = (v: string) => `ERROR: Could not find a version that satisfies the requirement torch==${v}\nERROR: No matching distribution found for torch==${v}`;
    const { facts } = replay([bash('pip install torch==2.0.1', 1, out('2.0.1')), bash('pip install -q torch==2.1.1', 1, out('2.1.1')), bash('pip install torch==2.2.1 --no-cache-dir', 1, out('2.2.1')), bash('pip install torch==2.3.1')]);
    expect(facts.group_failure_streak).toBe(3);
    expect(facts.same_error).toBe(3);
  });

  it('count the same error across edits (build-fix), and stop counting when the error changes', () => {
    const err = 'src/main.rs:12:5: error[E0308]: mismatched types';
    const loop = [bash('cargo build', 101, err), edit('/w/src/a.rs', 'a', 'b'), bash('cargo build', 101, err), edit('/w/src/b.rs', 'c', 'd'), bash('cargo build', 101, err), edit('/w/src/c.rs', 'e', 'f')];
    expect(replay([...loop, bash('cargo build')]).facts.same_error).toBe(3);
    const moved = [...loop.slice(0, 4), bash('cargo build', 101, 'src/main.rs:40:1: error[E0425]: cannot find value `y`'), edit('/w/src/c.rs', 'e', 'f'), bash('cargo build')];
    expect(replay(moved).facts.same_error).toBe(1);
  });

  it('see more tests passing as progress, so a shrinking failure list is not a loop', () => {
    const run = (f: number, p: number) => bash('npm test', 1, `Tests:       ${f} failed, ${p} passed, ${f + p} total`);
    const { state } = replay([run(5, 2), edit('/w/a.ts', 'a', 'b'), run(4, 3), edit('/w/a.ts', 'b', 'c'), run(3, 4), bash('npm test')]);
    expect(state.history.filter((e) => e.pr === 'better_counts')).toHaveLength(2);
  });

  it('see a rerun that prints something new around the same error as learning, not repetition', () => {
    const out = (dbg: string) => `DBG candidate ${dbg}\nF\nFAILED tests/test_s.py::test_dst - AssertionError\n1 failed in 0.4s`;
    const { facts } = replay([bash('pytest -k dst -s', 1, out('a')), edit('/w/s.py', '1', '2'), bash('pytest -k dst -s', 1, out('a norm b')), edit('/w/s.py', '2', '3'), bash('pytest -k dst -s', 1, out('a norm b fold c')), bash('pytest -k dst -s')]);
    expect(facts.same_error).toBe(1);
  });

  it('see a flaky test rerun whose failures drop as investigation, not a failure streak', () => {
    const run = (fails: number) => bash('go test ./internal/pool/ -run TestDrain -count=20', fails > 0 ? 1 : 0, fails > 0 ? `${'--- FAIL: TestDrain (0.01s)\n    pool_test.go:58: drained 99 of 100\n'.repeat(fails)}FAIL` : 'ok');
    expect(replay([run(3), run(1), bash('go test ./internal/pool/ -run TestDrain -count=20')]).facts.failure_streak).toBe(0);
    expect(replay([run(2), run(2), bash('go test ./internal/pool/ -run TestDrain -count=20')]).facts.failure_streak).toBe(2);
  });

  it('count a repeated call (the generic repeat) only since the last progress: a poll whose status moves is no repeat', () => {
    const poll = (epoch: number) => bash('tail runs/exp/train.log', 0, `epoch ${epoch} loss ${(2 / epoch).toFixed(3)}`);
    const moving = Array.from({ length: 12 }, (_, i) => poll(i + 1));
    expect(replay([...moving, bash('tail runs/exp/train.log')]).facts.repeats).toBeLessThanOrEqual(1);
    const stuck = Array.from({ length: 12 }, () => poll(3));
    expect(replay([...stuck, bash('tail runs/exp/train.log')]).facts.repeats).toBeGreaterThanOrEqual(11);
  });

  it('judge a poll by the observing command, not the sleep, and by whether its status moves', () => {
    const poll = (status: string) => [bash('sleep 30', 0, ''), bash('kubectl get pods -n web', 0, `NAME  READY  STATUS  RESTARTS  AGE\nweb-1  0/1  ${status}  0  1m`)];
    expect(replay([...poll('Pending'), ...poll('Pending'), ...poll('Pending'), bash('kubectl get pods -n web')]).facts.poll_stale).toBe(3);
    expect(replay([...poll('Pending'), ...poll('ContainerCreating'), ...poll('Running'), bash('kubectl get pods -n web')]).facts.poll_stale).toBe(1);
  });

  it('count searches that never lead to a read, and writes never run', () => {
    const search = (q: string) => ({ tool: 'Grep', input: { pattern: q }, out: '' });
    expect(replay([search('a'), search('b'), search('c'), search('d')]).facts).toMatchObject({ search_run: 4, search_empty: 3 });
    expect(replay([search('a'), { tool: 'read', input: { file_path: '/w/x.ts' } }, search('b')]).facts.search_run).toBe(1);
    expect(replay([write('/w/r1.py'), bash('ls scratch', 0, 'r1.py'), write('/w/r2.py'), write('/w/r3.py')]).facts.unverified_writes).toBe(3);
    expect(replay([write('/w/r1.py'), bash('python r1.py', 1, 'Traceback'), write('/w/r2.py')]).facts.unverified_writes).toBe(1);
  });

  it('name the group in reasons without the secrets of the command', () => {
    const { facts } = replay([bash('curl https://deploy:hunter2pass@api.example.com/v1/x -H "Authorization: Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"')]);
    expect(facts.group).not.toContain('hunter2pass');
    expect(facts.group).not.toContain('ghp_0123456789');
  });

  it('keep the state bounded: only short hashes of outputs are stored, never the text', () => {
    const secret = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';
    const { state } = replay([bash('make', 2, `error: token ${secret} rejected\n${'detail line\n'.repeat(500)}`), bash('make')]);
    const text = JSON.stringify(state);
    expect(text).not.toContain(secret.slice(0, 12));
    expect(text).not.toContain('detail line');
    expect(text.length).toBeLessThan(2000);
  });
});

describe('evidence of effort without progress (development of blind round 3)', () => {
  it('normalises raw timings where tools print them without a unit, so raw ≈ meaningful', () => {
    const log = (t: string) => `worker-1  | [${t}] ERROR consumer: Cannot connect to amqp://rabbitmq:5672//\n1 failed, 84 passed in ${t}\n{"status":"queued","updatedAt":"2026-12-07T06:${t}Z"}\nTriggered via push about ${t} ago\n#7 ${t} E: Unable to locate package gcc`;
    expect(normalizeOutput(log('348'))).toBe(normalizeOutput(log('12.41')));
    const more = (t: string) => `Warning  Failed  3m (x${t} over 9m)  kubelet  Error: ImagePullBackOff\n${t} Normal Pulled pod/api-1 image pulled\nlint Run ruff check ${t}Z Found 1 error.\nminhash: 100%|██████████| 1180/1180 [${t}<00:00, 2.1it/s]`;
    expect(normalizeOutput(more('4331'))).toBe(normalizeOutput(more('7.90')));
    expect(normalizeOutput(log('348'))).toContain('1 failed, 84 passed');
  });

  it('groups a command with its wrapper (`timeout 20`, `nohup`) as the command itself', () => {
    const { state } = replay([bash('npm run dev', 1, 'Error: listen EADDRINUSE'), bash('timeout 20 npm run dev', 1, 'Error: listen EADDRINUSE'), bash('nohup npm run dev', 1, 'x'), bash('true')]);
    expect(new Set(state.history.slice(0, 3).map((e) => e.g)).size).toBe(1);
  });

  it('sees a cycle as soon as it repeats: the call that continues it counts before its outcome', () => {
    const cycle = [bash('npm start', 1, 'Error: listen EADDRINUSE: address already in use :::4000'), bash('lsof -i :4000', 1, ''), bash('npx kill-port 4000', 0, 'Process on port 4000 killed')];
    // The start respelled (another flag): the same error after a changed attempt is strong evidence.
    const respelled = bash('npm start --silent', 1, 'Error: listen EADDRINUSE: address already in use :::4000');
    const { facts } = replay([bash('git status', 0, 'clean'), ...cycle, respelled, cycle[1]!]);
    expect(facts.stale_groups_in_window).toBe(1);
    expect(facts.strong_stale_in_window).toBe(1);
    expect(facts.cycle_next).toBe(1);
    // The identical call failing again is evidence too, but not the strong kind (failure_streak's).
    expect(replay([bash('git status', 0, 'clean'), ...cycle, cycle[0]!, cycle[1]!]).facts.strong_stale_in_window).toBe(0);
    // Not on the first pass: nothing has repeated yet.
    expect(replay([bash('git status', 0, 'clean'), ...cycle, cycle[0]!]).facts.cycle_next).toBe(0);
  });

  it('weighs a blind retry before its outcome: a failed command re-run with only reads between', () => {
    const train = bash('python train.py configs/lora.yaml', 1, 'Traceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
    const smi = bash('nvidia-smi', 0, '|   0  H100  | 76012MiB / 81559MiB | python 48113 |');
    // train failed, nvidia-smi looked (the same as before): re-running train now is a blind retry.
    const { facts } = replay([bash('git status', 0, 'clean'), smi, train, smi, train]);
    expect(facts.retry_next).toBe(1);
    expect(facts.stale_groups_in_window).toBe(1);
    expect(facts.cycle_next).toBe(1);
    // An edit in between is an attempt: no blind retry.
    expect(replay([bash('git status', 0, 'clean'), smi, train, edit('/w/train.py', 'bs=64', 'bs=32'), train]).facts.retry_next).toBe(0);
    // A first spelling of the family (`--format unix` after a failing lint) looks at the result another way: no retry.
    const lint = bash('npx eslint .', 1, '/w/a.ts\n  3:1  error  x is not defined  no-undef\n✖ 1 problem (1 error, 0 warnings)');
    expect(replay([lint, smi, bash('npx eslint . --format unix', 0, '/w/a.ts:3:1: x is not defined')]).facts.retry_next).toBe(0);
    // A command that succeeded is no retry.
    expect(replay([smi, bash('git status', 0, 'clean'), smi]).facts.retry_next).toBe(0);
  });

  it('does not call a batch that alternates two unseen successful steps a ping-pong (no output sent)', () => {
    const step = bash('mix ecto.migrate --step 1', 0);
    const status = bash('mix ecto.migrations', 0);
    const calls = [bash('git status', 0), status, step, status, step, status, step, status];
    expect(replay(calls).facts.ping_pong).toBe(0);
    // The same alternation failing each time is a ping-pong.
    const failing = [bash('git status', 0), bash('npm start', 1), bash('npx kill-port 4000', 1), bash('npm start', 1), bash('npx kill-port 4000', 1), bash('npm start', 1), bash('npx kill-port 4000', 1)];
    expect(replay(failing).facts.ping_pong).toBeGreaterThanOrEqual(6);
  });

  it('counts a family retried in other spellings by its exit code alone when no output is sent', () => {
    const tries = [bash('python3 app/main.py', 1), bash('python3 -u app/main.py', 1), bash('PYTHONPATH=. python3 app/main.py', 1), bash('python3 -X dev app/main.py', 1)];
    expect(replay([bash('ls', 0), ...tries]).facts.weak_retries).toBe(3);
    // An edit in between is an attempt: the count starts again after it.
    expect(replay([bash('ls', 0), tries[0]!, tries[1]!, edit('/w/app/settings.py', 'DEBUG = False', 'DEBUG = True'), tries[2]!, tries[3]!]).facts.weak_retries).toBe(1);
    // With output, the signature says more than the exit code: not this count (same_error_retries is).
    const seen = tries.map((c) => ({ ...c, out: "ModuleNotFoundError: No module named 'httpx'" }));
    expect(replay([bash('ls', 0), ...seen]).facts.weak_retries).toBe(0);
  });

  it('does not take another action of the family (an abort) for a sample of a flaky result', () => {
    const conflict = 'Auto-merging src/a.ts\nCONFLICT (content): Merge conflict in src/a.ts\nAutomatic merge failed; fix conflicts and then commit the result.';
    const calls = [bash('git status', 0, 'clean'), bash('git merge origin/main', 1, conflict), bash('git merge --abort', 0, ''), bash('git merge --no-ff origin/main', 1, conflict), bash('true')];
    // As in policies/data.json, a merge is a change (mutating_commands): its abort is one too.
    const merging = GovernanceMechanics.parse({ loop: { mutating_commands: [['git', 'merge']] } });
    const { state } = replay(calls, merging);
    const retry = state.history[3]!;
    expect(retry.sm).toBeUndefined();
    expect(retry.stale).toBe(true);
    expect(retry.st).toBe(true);
  });

  it('keeps the change of a fixer that exits non-zero because problems remain (eslint --fix)', () => {
    const fixing = GovernanceMechanics.parse({ loop: { fixers: [['npx', 'eslint', '--fix']] } });
    const calls = [bash('npx eslint .', 1), bash('npx eslint . --fix | tail -2', 1), bash('npx eslint .', 1), bash('true')];
    const { state } = replay(calls, fixing);
    expect(state.history[1]!.ch).toBe(true);
    // So the lint run after it is no retry of the first with nothing changed.
    expect(replay(calls.slice(0, 3), fixing).facts.weak_retries).toBe(0);
    // A failed install is still no change.
    const installs = GovernanceMechanics.parse({ loop: { mutating_commands: [['npm', 'install']], fixers: [['npx', 'eslint', '--fix']] } });
    expect(replay([bash('npm install', 1, 'npm ERR! code E404'), bash('true')], installs).state.history[0]!.ch).toBeUndefined();
  });

  it('does not take a commit for an attempt: it records changes already made and changes no file (policies/data.json)', () => {
    const shipped = mechanicsFrom(JSON.parse(readFileSync(new URL('../../../policies/data.json', import.meta.url), 'utf8')));
    const rejected = 'remote: error: File data/sample.parquet is 120.00 MB; this exceeds the file size limit of 100.00 MB\n ! [remote rejected] data-export -> data-export (pre-receive hook declined)';
    const push = bash('git push origin data-export', 1, rejected);
    const calls = [bash('git status -sb', 0, '## data-export'), push, bash("git commit --amend -m 'export: sample (lfs)'", 0, '[data-export 1a2b3c4] export: sample (lfs)'), push, bash('git commit --amend --no-edit', 0, '[data-export 5d6e7f8] export: sample (lfs)'), push];
    const { facts, state } = replay(calls, shipped);
    expect(state.history[2]!.ch).toBeUndefined();
    expect(facts.group_failure_streak).toBe(2);
  });

  it('does not call a seed sweep a loop: a flaky result sampled under new seeds, passing and failing', () => {
    const run = (seed: number, fail: boolean) =>
      bash(`pytest -q tests/ -k cache -p randomly --randomly-seed=${seed}`, 0, fail ? 'FAILED tests/test_cache.py::test_eviction_order - AssertionError\n1 failed, 56 passed in 2.1s' : '57 passed in 2.3s');
    const sweep = [1, 0, 1, 0, 0, 1, 0, 0, 1, 0].map((f, k) => run(1200 + k, f === 1));
    const { state } = replay([...sweep, bash('true')]);
    expect(state.history.slice(-5).filter((e) => e.stale)).toHaveLength(0);
    // The same spelling and the same result every time is still a loop.
    const stuck = replay([...Array.from({ length: 5 }, (_, k) => run(1300 + k, true)), bash('true')]).state;
    expect(stuck.history.slice(1).every((e) => e.stale)).toBe(true);
  });

  it('does not count a sweep in spellings that make a group each (a seed as a plugin option) as the same error retried', () => {
    const run = (seed: number, fail: boolean) =>
      bash(`pytest tests/test_refunds.py -q -p randomly -p 'randomly_seed=${seed}'`, fail ? 1 : 0, fail ? 'FAILED tests/test_refunds.py::test_partial_refund - AssertionError\n1 failed, 8 passed in 0.4s' : '9 passed in 0.4s');
    const outcomes = [0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0];
    const sweep = outcomes.map((f, k) => run(k + 1, f === 1));
    // Two failing seeds in a row after passes in between: a sample, not a retry hitting a wall.
    const facts = replay([...sweep.slice(0, 8), run(9, true)]).facts;
    expect(facts.same_error_retries).toBeLessThanOrEqual(1);
    expect(facts.same_error).toBeLessThanOrEqual(1);
    // The same failure in new spellings with no pass in the family is still retried effort.
    const stuck = replay(Array.from({ length: 5 }, (_, k) => run(k + 1, true))).facts;
    expect(stuck.same_error_retries).toBeGreaterThanOrEqual(3);
  });

  it('judges a poll by the call that looks after a bare wait: a moving count behind `sleep` is no stale poll', () => {
    const query = (rows: number) => ({ tool: 'mcp__postgres__query', input: { sql: 'SELECT state, processed_rows FROM import_jobs WHERE id = 913' }, out: ` state   | processed_rows\n---------+---------------\n running | ${rows}\n(1 row)` });
    const calls: Call[] = [query(0)];
    for (let k = 1; k <= 8; k++) calls.push(bash('sleep 45', 0, ''), query(k * 262144));
    expect(replay([...calls, bash('sleep 45')]).facts.poll_stale).toBeLessThanOrEqual(1);
    // The same wait while what it looks at stays put is a stale poll.
    const still: Call[] = [query(5)];
    for (let k = 1; k <= 8; k++) still.push(bash('sleep 45', 0, ''), query(5));
    expect(replay([...still, bash('sleep 45')]).facts.poll_stale).toBeGreaterThanOrEqual(5);
  });

  it('sees a check that passes again after a new change as verifying it, not as a repeat', () => {
    const { state } = replay([bash('npm run lint', 0, 'ok'), edit('/w/src/a.ts', 'x', 'y'), bash('npm run lint', 0, 'ok'), bash('true')]);
    expect(state.history[2]!.stale).toBeUndefined();
    // With nothing changed in between, the same pass again is a repeat.
    expect(replay([bash('npm run lint', 0, 'ok'), bash('git status', 0, 'clean'), bash('npm run lint --quiet', 0, 'ok'), bash('true')]).state.history[2]!.stale).toBe(true);
  });

  it('sees effort with no effect as no progress: a sed that never matches, a change that says nothing changed', () => {
    const grep = bash("grep -n API_BASE src/config.js", 0, '7:export const API_BASE = "/api/legacy";');
    const { state } = replay([grep, bash("sed -i 's/api.acme.example/api2.acme.example/' src/config.js", 0, ''), grep, bash('true')]);
    expect(state.history[1]!.ch).toBeUndefined();
    expect(state.history[2]!.stale).toBe(true);
    // A sed whose check shows something new did change the file.
    const changed = replay([grep, bash("sed -i 's/legacy/next/' src/config.js", 0, ''), bash('grep -n API_BASE src/config.js', 0, '7:export const API_BASE = "/api/next";'), bash('true')]).state;
    expect(changed.history[1]!.ch).toBe(true);
    // A change whose own output says it changed nothing (data: loop.no_effect).
    const none = replay([bash("perl -pi -e 's/a/b/' x.js", 0, '0 replacements'), bash('true')]).state;
    expect(none.history[0]!.ch).toBeUndefined();
  });

  it('judges a client that sends no output by exit status: the same intent failing again is weak evidence, never the same error across edits', () => {
    const { facts, state } = replay([bash('npm ci', 1), bash('npm ci --verbose', 1), bash('npm ci --prefer-offline', 1), bash('npm ci')]);
    expect(state.history.slice(1).every((e) => e.stale)).toBe(true);
    expect(facts.group_failure_streak).toBe(3);
    expect(facts.same_error).toBe(0);
    expect(facts.weak_stale_in_window).toBeGreaterThan(0);
    // A read repeated with no output seen is a weak repeat (loop.repeat_unseen); with output, not.
    expect(replay([bash('tail -n 20 train.log', 0), bash('tail -n 20 train.log', 0), bash('tail -n 20 train.log')]).facts.repeat_unseen).toBe(true);
    expect(replay([bash('tail -n 20 train.log', 0, 'epoch 3'), bash('tail -n 20 train.log', 0, 'epoch 3'), bash('tail -n 20 train.log')]).facts.repeat_unseen).toBe(false);
  });
});

describe('progress read from what changed in the results (development of blind round 5)', () => {
  it('re-runs a failing seed between new seeds as a sample of a flaky result, not a repeat', () => {
    const spec = (seed: number, fail: boolean) =>
      bash(`bundle exec rspec spec/models/sub_spec.rb --seed ${seed}`, fail ? 1 : 0, fail ? `Randomized with seed ${seed}\n....F...\n\n8 examples, 1 failure` : `Randomized with seed ${seed}\n........\n\nFinished in 0.4 seconds\n8 examples, 0 failures`);
    const sweep = [spec(41877, true), spec(1234, false), spec(9911, false), spec(2024, true), spec(77, false), spec(41877, true), spec(8080, false), spec(123, false), spec(2024, true)];
    const { state } = replay([...sweep, bash('true')]);
    expect(state.history.filter((e) => e.stale)).toHaveLength(0);
    // The same failing seed re-run with nothing new between is still a repeat.
    const stuck = replay([spec(41877, true), spec(1234, false), spec(41877, true), spec(1234, false), spec(41877, true), bash('true')]).state;
    expect(stuck.history.at(-1)!.stale).toBe(true);
  });

  it('sees a changed failure (another shrunk counterexample) as a run that taught something, the same one as stale', () => {
    const test = (example: string) => bash('dune test', 1, `random seed: 4412\nfailure (1 tests failed, 0 tests errored, ran 6 tests)\n--- Failure ---\nTest parse roundtrip failed (12 shrink steps):\n\n${example}`);
    const moving = replay([test('"a,,b"'), edit('/w/lib/parser.ml', 'a', 'b'), test('","'), edit('/w/lib/parser.ml', 'b', 'c'), test('" ,x"'), bash('true')]).state;
    expect(moving.history.filter((e) => e.stale)).toHaveLength(0);
    const same = replay([test('"a,,b"'), edit('/w/lib/parser.ml', 'a', 'b'), test('"a,,b"'), edit('/w/lib/parser.ml', 'b', 'c'), test('"a,,b"'), bash('true')]).state;
    expect(same.history.filter((e) => e.stale).length).toBeGreaterThanOrEqual(2);
  });

  it('sees each step of a sweep that measures something new as progress, a respelling with one result as none', () => {
    const hey = (c: number, rps: number) => bash(`hey -z 30s -c ${c} https://staging.example/api | sed -n 1,12p`, 0, `Summary:\n  Requests/sec:\t${rps}.10\n\nStatus code distribution:\n  [200]\t${rps * 30} responses`);
    const ramp = replay([hey(10, 412), hey(25, 988), hey(40, 1530), bash('true')]).state;
    expect(ramp.history.slice(1).map((e) => e.pr)).toEqual(['sweep', 'sweep']);
    // The numbers the call named (its seed, its concurrency) echoed back are no new result.
    const echo = (seed: number) => bash(`./bench --seed ${seed}`, 0, `seed ${seed}\nok 8 of 8`);
    const same = replay([echo(1), echo(2), echo(3), bash('true')]).state;
    expect(same.history.some((e) => e.pr === 'sweep')).toBe(false);
  });

  it('with no output seen, leaves an observation polled near a wait to the poll rules, not the repeat count', () => {
    const lag = 'kafka-consumer-groups.sh --bootstrap-server kafka:9092 --describe --group settle | tail -3';
    const calls: Call[] = [bash('kubectl rollout restart deploy/settle', 0)];
    for (let k = 0; k < 6; k++) calls.push(bash(`sleep 30 && ${lag}`, 0), bash(lag, 0));
    expect(replay([...calls, bash(lag)]).facts.stale_repeats).toBe(0);
    // Re-reading a file with nothing waited on is still a repeat, unseen or not.
    const reads = Array.from({ length: 4 }, () => bash('cat src/app.py', 0));
    expect(replay([...reads, bash('cat src/app.py')]).facts.stale_repeats).toBeGreaterThanOrEqual(3);
  });

  it('gives a first run only to files written whole: a pinned requirements file edited and installed again is judged by its outcome', () => {
    const install = bash('pip install -r requirements.txt', 1);
    const { state } = replay([install, edit('/w/requirements.txt', 'pandas==2.2.3', 'pandas==2.2.0'), install, edit('/w/requirements.txt', 'pandas==2.2.0', 'pandas==2.2.3'), install, bash('true')]);
    expect(state.history.some((e) => e.pr === 'first_run')).toBe(false);
    const script = replay([write('/w/scratch/repro.py'), bash('python scratch/repro.py', 1), bash('true')]).state;
    expect(script.history[1]!.pr).toBe('first_run');
    // The same script written whole again after it ran (cosmetic changes): its next run is no first run.
    const again = replay([write('/w/scratch/repro.py'), bash('python scratch/repro.py', 1, "KeyError: 'amount'"), write('/w/scratch/repro.py'), bash('python scratch/repro.py', 1, "KeyError: 'amount'"), bash('true')]).state;
    expect(again.history[3]!.pr).toBeUndefined();
    expect(again.history[3]!.stale).toBe(true);
  });

  it('sees the same answer in another spelling as no progress (a sub-agent asked reworded), a batch with progress between as work', () => {
    const answer = 'I searched config/, src/ and deploy/. No rate limit for /v2/orders is configured in this repository.';
    const ask = (prompt: string): Call => ({ tool: 'Task', input: { description: 'find', prompt }, out: answer });
    const { state } = replay([ask('Find the rate limit for /v2/orders.'), ask('Where is the /v2/orders limit set?'), ask('Locate the orders rate limit config.'), bash('true')]);
    expect(state.history.slice(1, 3).every((e) => e.stale)).toBe(true);
    // The same log printed by an export per platform, each artifact looked at between: a batch.
    const log = 'Godot Engine v4.3 - export started\nsavepack: step 1 of 1\nexport finished without errors';
    const platform = (p: string) => bash(`godot --headless --export-release "${p}" build/${p}.bin`, 0, log);
    const batch = replay([platform('linux'), bash('ls -la build/linux.bin', 0, 'build/linux.bin'), platform('windows'), bash('ls -la build/windows.bin', 0, 'build/windows.bin'), bash('true')]).state;
    expect(batch.history[2]!.stale).toBeUndefined();
  });

  it('takes a fetch that brought back only an error page for a failed read, whatever the tool said', () => {
    const page = (url: string): Call => ({ tool: 'WebFetch', input: { url, prompt: 'migration guide' }, out: '404 Not Found' });
    const { state } = replay([page('https://docs.example.com/v4/migration'), page('https://docs.example.com/v4/migrating'), bash('true')]);
    expect(state.history.every((e) => e.ok === false && e.pr !== 'new_file')).toBe(true);
  });

  it('takes a pattern search of one named file for a read of it (counts per hour in a log), a recursive search for a search', () => {
    const hours = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((h, k) => bash(`grep -c '2026-12-06T${h}:.* ERROR ' logs/api.log`, 0, String(3 + k * 40)));
    const facts = replay([...hours, bash("grep -c '2026-12-06T20:.* ERROR ' logs/api.log")]).facts;
    expect(facts.class).toBe('read');
    expect(facts.search_run).toBe(0);
    expect(replay([bash('grep -rn idempotency src/ledger/')]).facts.class).toBe('search');
    expect(replay([bash('grep -n idempotency src/*.py')]).facts.class).toBe('search');
  });
});

describe('writes that need verifying', () => {
  const write = (path: string, content: string): Call => ({ tool: 'Write', input: { file_path: `/w/${path}`, content } });

  it('count a code file rewritten again and again with nothing run (rewrites), not docs and configs', () => {
    const rewrites = [write('scripts/report.py', 'a'), write('scripts/report.py', 'b'), write('scripts/report.py', 'c'), write('scripts/report.py', 'd')];
    expect(replay(rewrites).facts).toMatchObject({ rewrites: 3, unverified_writes: 1 });
    const docs = ['docs/api/users.md', 'README.md', 'config/app.yaml', 'docs/api/orders.md', 'CHANGELOG', 'notes/plan.txt', 'docs/api/users.md'];
    expect(replay(docs.map((p, i) => write(p, `v${i}`))).facts).toMatchObject({ rewrites: 0, unverified_writes: 0 });
  });

  it('stop counting once something runs', () => {
    const calls = [write('a.py', '1'), write('a.py', '2'), { tool: 'bash', input: { command: 'python a.py' }, exit: 1, out: 'ValueError: x' }, write('a.py', '3')];
    expect(replay(calls).facts).toMatchObject({ rewrites: 0, unverified_writes: 1 });
  });

  it('know which files need no run (data: loop.no_verify)', () => {
    const table = defaultConfig.loop.no_verify;
    expect(['docs/x.py', 'README', 'a/readme.md', 'x.json', 'notes/a.sh'].map((p) => needsVerifying(p, table))).toEqual([false, false, false, false, false]);
    expect(['src/a.ts', 'Dockerfile', 'Makefile', 'scripts/run.sh'].map((p) => needsVerifying(p, table))).toEqual([true, true, true, true]);
  });
});

describe('continuations judged by progress', () => {
  const poll = (state: GovernanceState, k: number, out: string, exit = 0) => {
    state.history.push({ id: `c${k}`, fp: 'f', kind: 'bash', t: k, d: 'allow', g: 'g1', f: 'f1', c: 'p' });
    return applyReport(state, { decision_id: `c${k}`, exit_code: exit, output: out }, defaultConfig);
  };

  it('see a status that moves between continuations as progress, the same status or no call as none', () => {
    let state = emptyState();
    const marks: string[] = [];
    for (const [k, out] of ['status: queued', 'status: building', 'status: building', 'status: testing'].entries()) {
      state = poll(state, k, out);
      const next = nextContinuation(state, 60, k, undefined, 0.8);
      marks.push(next.record.p!);
      state.continuations.push(next.record);
    }
    // The first observation shows nothing moving yet (a loop that respells its poll gets a new
    // group every time); each later status that moves is progress.
    expect(marks).toEqual(['n', 'y', 'n', 'y']);
    expect(nextContinuation(state, 60, 9, undefined, 0.8).record).toMatchObject({ p: 'n', calls: 0 });
  });

  it('call progress unknown when a call succeeded and nobody saw its output', () => {
    const state = emptyState();
    state.history.push({ id: 'q', fp: 'f', kind: 'bash', t: 1, d: 'allow', g: 'g', c: 'p', x: 0, ok: true });
    expect(nextContinuation(state, 60, 2, undefined, 0.8).record.p).toBe('u');
  });

  it('call progress unknown when a poll failed and nobody saw its output (rollout status timing out while replicas climb)', () => {
    const state = emptyState();
    state.history.push({ id: 'r', fp: 'f', kind: 'bash', t: 1, d: 'allow', g: 'g', c: 'p', poll: true, x: 1 });
    expect(nextContinuation(state, 60, 2, undefined, 0.8).record.p).toBe('u');
    // A failed run that is not a poll is judged: the same failure says no progress.
    const run = emptyState();
    run.history.push({ id: 'b', fp: 'f', kind: 'bash', t: 1, d: 'allow', g: 'g', c: 'x', x: 1 });
    expect(nextContinuation(run, 60, 2, undefined, 0.8).record.p).toBe('n');
  });

  it('compare a continuation text with the previous one by its words', () => {
    const a = planWords('Next I will fix the parser for quoted fields, then run the tests again (attempt 3).');
    const b = planWords('Next, I will fix the parser for quoted fields and then run the tests again — attempt 4.');
    const c = planWords('The parser passes now; I will write the changelog entry and open the pull request.');
    expect(overlap(a, b)).toBeGreaterThanOrEqual(0.8);
    expect(overlap(a, c)).toBeLessThan(0.5);
  });
});

describe('asked calls', () => {
  it('change nothing until confirmed, then count and make their progress; held against the budget for a while only', () => {
    const state = emptyState();
    state.history.push({ id: 'a', fp: 'f', kind: 'write', t: 1000, d: 'ask', g: 'g', c: 'w', pend: { touch: 'p1', write: 'p1', mut: 'new', mk: 'k1', files: ['/w/a.py'] } });
    holdAsk(state, 1000);
    expect(heldAsks(state, 2000)).toBe(1);
    expect(heldAsks(state, 1000 + PENDING_HOLD_MS)).toBe(0);
    expect(state.usage.calls).toBe(0);
    expect(confirmRun(state, state.history[0]!)).toBe(true);
    expect(state.usage.calls).toBe(1);
    expect(state.history[0]).toMatchObject({ ch: true, mut: 'new', pr: 'new_file' });
    expect(state.history[0]!.pend).toBeUndefined();
    expect(state.progress).toMatchObject({ touched: ['p1'], written: ['p1'] });
    expect(state.mut_keys).toEqual(['k1']);
    expect(heldAsks(state, 2000)).toBe(0);
    expect(confirmRun(state, state.history[0]!)).toBe(false);
  });

  it('are all held however many come at once (the history is bounded, the count is not), until the session is quiet', () => {
    const state = emptyState();
    for (let i = 0; i < 500; i++) holdAsk(state, 1000 + i);
    expect(heldAsks(state, 2000)).toBe(500);
    expect(heldAsks(state, 1499 + PENDING_HOLD_MS)).toBe(0);
    holdAsk(state, 1499 + PENDING_HOLD_MS);
    expect(heldAsks(state, 1500 + PENDING_HOLD_MS)).toBe(1);
  });
});

describe('"nothing changed since" (progress/changed.ts)', () => {
  it('is one predicate whose answers per detector are a table', async () => {
    const { changed, CHANGED_SINCE } = await import('./changed.js');
    const e = (extra: Record<string, unknown>) => ({ id: 'd', fp: 'f', kind: 'bash', t: 0, d: 'allow', ...extra });
    // A change not seen before answers every question.
    for (const since of Object.keys(CHANGED_SINCE) as (keyof typeof CHANGED_SINCE)[]) expect(changed(e({ ch: true }), since)).toBe(true);
    expect(changed(e({ pr: 'new_file' }), 'anything')).toBe(true);
    expect(changed(e({ pr: 'new_file' }), 'measured')).toBe(false);
    expect(changed(e({ pr: 'moved' }), 'measured')).toBe(true);
    expect(changed(e({ pr: 'moved' }), 'attempt')).toBe(false);
    expect(changed(e({ pr: 'step' }), 'attempt')).toBe(true);
    expect(changed(e({ pr: 'step' }), 'change')).toBe(false);
    expect(changed(e({}), 'anything')).toBe(false);
  });
});

describe('progress6: re-triggered CI and retries after a wait', () => {
  const ci = mechanicsFrom(JSON.parse(readFileSync(new URL('../../../policies/data.json', import.meta.url), 'utf8')));
  const shapeOf = (command: string) => {
    const n = normalizeCall('bash', { command }, ctx);
    return callShape('bash', n.kind, { command }, n.facts, ci);
  };

  it('sees through run ids, job ids and log times in raw CI output', () => {
    const watch = (t: string, u: string) => `X main CI · ${t}\nTriggered via push about ${u} ago\n\nJOBS\n✓ lint in ${u}s (ID ${t})\nX test (ubuntu-latest, 3.12) in ${u}s (ID ${u})\n  X Run uv run pytest -q`;
    expect(normalizeOutput(watch('2918', '12.4'))).toBe(normalizeOutput(watch('1734.2', '348')));
    const log = (t: string) => `test (ubuntu-latest, 3.12)\tRun uv run pytest -q\t${t} FAILED tests/test_export.py::test_s3_upload - NoCredentialsError\n✓ Requested rerun (failed jobs) of run ${t}`;
    expect(normalizeOutput(log('2918'))).toBe(normalizeOutput(log('0.87')));
    // A count is no id: `run 3 of 5`, `build 41/60` stay.
    expect(normalizeOutput('Run 3 of 5\nbuild 41/60')).toBe('Run 3 of 5\nbuild 41/60');
  });

  it('a re-trigger whose argument an observing command computes acts: it is no poll', () => {
    const rerun = shapeOf("gh run rerun $(gh run list --branch main --limit 1 --json databaseId -q '.[0].databaseId') --failed");
    expect(rerun.poll).toBe(false);
    expect(rerun.intent.cls).toBe('run');
    const view = shapeOf("gh run view $(gh run list --limit 1 --json databaseId -q '.[0].databaseId')");
    expect(view.poll).toBe(true);
  });

  it('a wait before a command that observes nothing is a retry after a wait, not a poll', () => {
    for (const retry of ['sleep 5 && pio run -e esp32dev -t upload', 'sleep 10; npm run dev']) {
      const s = shapeOf(retry);
      expect([retry, s.poll, s.intent.cls]).toEqual([retry, false, 'run']);
    }
    for (const poll of ['sleep 600 && grep epoch train.log', 'sleep 30 && kubectl get pods', "sleep 20 && psql -c 'select count(*) from jobs'", 'sleep 15 && curl -s localhost:8080/health', 'sleep 30 && kafka-consumer-groups.sh --bootstrap-server kafka:9092 --describe --group ledger | tail -3']) {
      expect([poll, shapeOf(poll).poll]).toEqual([poll, true]);
    }
  });

  it('the same error retried after a bare wait is a failure streak, not a poll', () => {
    const fail = 'A fatal error occurred: Could not open /dev/ttyUSB0, the port is busy or doesn\'t exist.';
    const calls = [bash('pio run -e esp32dev -t upload', 1, fail), bash('pio device list', 0, '/dev/ttyUSB0\n----\nHardware ID: USB VID:PID=10C4:EA60'), bash('sleep 5', 0, ''), bash('pio run -e esp32dev -t upload', 1, fail), bash('sleep 5', 0, ''), bash('pio run -e esp32dev -t upload')];
    const { facts } = replay(calls, ci);
    expect(facts.poll).toBe(false);
    expect(facts.failure_streak).toBeGreaterThanOrEqual(2);
  });

  it('a script rewritten whole with cosmetic changes fails with the same message at other lines: the same failure moved', () => {
    const tb = (line: number, frame: string) => `Traceback (most recent call last):\n  File "/w/scripts/report.py", line ${line}, in ${frame}\n    print(t)\nKeyError: 'Column not found: amount'`;
    const calls = [write('/w/scripts/report.py'), bash('python scripts/report.py', 1, tb(3, '<module>')), { tool: 'write', input: { file_path: '/w/scripts/report.py', content: '# v2' } }, bash('python scripts/report.py', 1, tb(7, 'main')), bash('true')];
    const { state } = replay(calls);
    expect(state.history[3]!.s).toBe(state.history[1]!.s);
    expect(state.history[3]!.pr).toBeUndefined();
    // Another message, or an edit in place in between, is judged as before: a new error.
    const other = replay([...calls.slice(0, 3), bash('python scripts/report.py', 1, tb(7, 'main').replace('amount', 'customer')), bash('true')]).state;
    expect(other.history[3]!.pr).toBe('new_error');
    const edited = replay([...calls.slice(0, 2), edit('/w/scripts/report.py', 'a', 'b'), calls[3]!, bash('true')]).state;
    expect(edited.history[3]!.pr).toBe('new_error');
  });

  it('with no output: rounds of exactly repeated calls ending in the same failing exit code are blind retries; moving quiet batches are not', () => {
    const round = [bash('php artisan config:clear', 0), bash('php artisan cache:clear', 0), bash('composer dump-autoload', 0)];
    const calls = [bash('git commit -am fix', 0), ...round, bash('php artisan test', 1), ...round, bash('phpunit tests/InvoiceTest.php', 1), ...round, bash('php artisan test tests/InvoiceTest.php')];
    expect(replay(calls).facts.blind_rounds).toBe(2);
    // The identical failing command again, nothing between: a blind retry too.
    expect(replay([bash('make deploy', 2), bash('make deploy', 2), bash('make deploy')]).facts.blind_rounds).toBe(2);
    // Different failing checks in a row are exploration, not retries.
    expect(replay([bash('npm test', 1), bash('npm run lint', 1), bash('npm run build')]).facts.blind_rounds).toBe(0);
    // A quiet batch moves its arguments; a write or a wait between ends the evidence.
    const batch = [0, 1, 2, 3].flatMap((k) => [bash(`./load.sh part-${k}`, 0), bash('./check.sh', 1)]);
    expect(replay([...batch, bash('./load.sh part-4', 0), bash('./check.sh')]).facts.blind_rounds).toBe(0);
    expect(replay([bash('make deploy', 2), write('/w/Makefile'), bash('make deploy', 2), bash('sleep 30', 0), bash('make deploy')]).facts.blind_rounds).toBe(0);
    // Output seen: the signature rules judge, not this.
    expect(replay([bash('make deploy', 2, 'error: x'), bash('make deploy', 2, 'error: x'), bash('make deploy')]).facts.blind_rounds).toBe(0);
  });

  it('counts the same error from another spelling even when that spelling took its own words out of the shape', () => {
    const out = 'Serial port /dev/ttyUSB0\nA fatal error occurred: Could not open /dev/ttyUSB0, the port is busy or doesn\'t exist.\n*** [upload] Error 2';
    const calls = [bash('pio run -e esp32dev -t upload', 1, out), bash('pio run -e esp32dev -t upload --upload-port /dev/ttyUSB0', 1, out), bash('pio device list', 0, 'none'), bash('pio run -e esp32dev -t upload')];
    expect(replay(calls).facts.same_error).toBe(2);
  });
});

describe('a folder given as an option value is what the call works on', () => {
  const config = mechanicsFrom(JSON.parse(readFileSync(new URL('../../../policies/data.json', import.meta.url), 'utf8')));
  const groupOf = (command: string) => {
    const n = normalizeCall('bash', { command }, ctx);
    return callShape('bash', n.kind, { command }, n.facts, config).intent.group;
  };

  it('tells a sweep over modules from one call repeated', () => {
    expect(groupOf('tflint --chdir=modules/vpc --format compact')).not.toBe(groupOf('tflint --chdir=modules/eks --format compact'));
    expect(groupOf('tflint --chdir=modules/vpc --format compact')).toBe(groupOf('tflint --chdir=modules/vpc --format compact'));
    // A value that names no folder or file stays a knob of the same call.
    expect(groupOf('terraform plan -lock-timeout=60s')).toBe(groupOf('terraform plan -lock-timeout=120s'));
  });
});

describe('progress7: results judged by what came back', () => {
  const sql = (q: string, out: string): Call => ({ tool: 'mcp__postgres__query', input: { sql: q }, out });

  it('knows an empty answer from a quiet success', () => {
    for (const out of ['[]', '{"rows": [], "total": 0}', ' id | ref\n----+-----\n(0 rows)', 'Empty set (0.00 sec)', 'No results found.', '{"hits": {"hits": [], "total": {"value": 0}}}', '[]\nrequest-id: 0a1b2c3d4e5f6a7b9c8d'])
      expect(analyzeOutput(out).nothing, out).toBe(true);
    for (const out of ['', '[{"id": 1}]', '{"rows": [{"id": 1}]}', ' id\n----\n 7\n(1 row)', 'ok', 'no changes', '{"status": "ok"}'])
      expect(analyzeOutput(out).nothing, out).toBe(false);
  });

  it('counts queries of one family that keep finding nothing in new spellings', () => {
    const empties = ['a', 'b', 'c', 'd'].map((k) => sql(`SELECT * FROM orders WHERE ref = '${k}'`, '[]'));
    expect(replay([...empties, sql("SELECT * FROM orders WHERE ref = 'e'", '[]')]).facts.query_empty).toBe(4);
    // One that found something ends the run; so does a change made in between.
    expect(replay([...empties.slice(0, 2), sql('SELECT 1', '[{"x": 1}]'), empties[2]!, sql('SELECT 2', '[]')]).facts.query_empty).toBe(1);
    expect(replay([...empties.slice(0, 3), edit('/w/q.sql', 'a', 'b'), sql('SELECT 2', '[]')]).facts.query_empty).toBe(0);
    // Quiet successes (no output) are no empty answers.
    expect(replay(['a', 'b', 'c', 'd', 'e'].map((m) => bash(`tflint --chdir=modules/${m}`, 0, ''))).facts.query_empty).toBe(0);
  });

  it('counts reworded searches that bring back the same results, whatever was read between', () => {
    const hits = '1. LaunchTemplate | Pulumi Registry - https://www.pulumi.com/registry/packages/aws/api-docs/ec2/launchtemplate/\n2. aws-native.ec2.LaunchTemplate | Pulumi Registry';
    const search = (q: string, out = hits): Call => ({ tool: 'WebSearch', input: { query: q }, out });
    const fetch = (url: string, out: string): Call => ({ tool: 'WebFetch', input: { url }, out });
    const calls = [search('hop limit default'), fetch('https://www.pulumi.com/a', 'page a'), search('hop limit pulumi'), fetch('https://www.pulumi.com/b', 'page b'), search('default hop limit'), fetch('https://www.pulumi.com/c', 'page c'), search('pulumi metadata options'), search('x')];
    expect(replay(calls).facts.search_same).toBe(3);
    // Searches whose results differ are looking somewhere new.
    expect(replay(calls.map((c, k) => (c.tool === 'WebSearch' ? search(`q${k}`, `${k}. result ${k} - https://example.org/${k}`) : c))).facts.search_same).toBe(0);
    // A change made since starts the count again.
    expect(replay([...calls.slice(0, 5), edit('/w/index.ts', 'a', 'b'), search('again'), search('y')]).facts.search_same).toBe(0);
  });

  it('judges a page by its content: the same document under another address is no new file', () => {
    const page = 'LaunchTemplate resource. Properties: blockDeviceMappings, iamInstanceProfile, metadataOptions (httpTokens, httpPutResponseHopLimit).';
    const fetch = (url: string, out: string): Call => ({ tool: 'WebFetch', input: { url }, out });
    const { state } = replay([fetch('https://docs.example.com/lt/', page), fetch('https://docs.example.com/other/', 'another page, other text entirely, long enough to count here'), fetch('https://docs.example.com/lt/?language=go', page), bash('true')]);
    expect(state.history[2]!.pr).toBeUndefined();
    expect(state.history[2]!.stale).toBe(true);
    expect(state.history[1]!.pr).toBe('new_file');
  });

  it('takes a sweep step that passes in a new spelling for a measurement, not a repeat', () => {
    const run = (seed: number, out = 'Tests  12 passed (12)') => bash(`npx vitest run src/w.test.ts --sequence.seed=${seed}`, 0, out);
    const { state } = replay([run(11), run(12), run(13), bash('true')]);
    expect(state.history.slice(0, 3).some((e) => e.stale)).toBe(false);
    // The same spelling again, passing as before, is a repeat.
    expect(replay([run(11), run(11), bash('true')]).state.history[1]!.stale).toBe(true);
    // A respelled command failing the same way stays stale.
    const fail = (seed: number) => bash(`npx vitest run src/w.test.ts --sequence.seed=${seed}`, 1, 'FAIL src/w.test.ts > acks\nError: expected 1 to be 2\nTests  1 failed | 11 passed (12)');
    expect(replay([fail(1), fail(2), fail(3), bash('true')]).state.history[2]!.stale).toBe(true);
  });

  it('reads a version constraint as one place, whatever its operators', () => {
    const out = (pin: string) => `Because tensorflow (2.15.0) depends on numpy (>=1.23.5,<1.26.0)\n and project depends on numpy (${pin}), tensorflow is forbidden.\nSo, because project depends on tensorflow (2.15.0), version solving failed.`;
    expect(analyzeOutput(out('^1.26')).sig).toBe(analyzeOutput(out('>=1.25,<1.27')).sig);
    expect(analyzeOutput(out('~1.26.1')).sig).toBe(analyzeOutput(out('1.25.2')).sig);
    expect(analyzeOutput(out('^1.26')).sig).not.toBe(analyzeOutput('Because pandas (2.2.3) depends on numpy (>=1.26.0), pandas is incompatible with tensorflow.\nversion solving failed.').sig);
  });

  it('counts edits that re-apply earlier changes with nothing run since, outputs or not', () => {
    const v = ['a', 'b', 'c'];
    const rotation = [0, 1, 2, 0, 1, 2].map((k, j) => edit('/w/frame.rs', v[(k + 2) % 3]!, v[k]!));
    // The first pass makes three new changes; each later one re-applies one of them.
    const facts = (calls: Call[]) => {
      const { state } = replay([...calls, bash('true')]);
      return loopFacts(callShape('edit', 'edit', { file_path: '/w/frame.rs', old_string: 'b', new_string: 'c' }, normalizeCall('edit', { file_path: '/w/frame.rs', old_string: 'b', new_string: 'c' }, ctx).facts, defaultConfig), state.history, state.mut_keys, 8);
    };
    expect(facts(rotation.slice(0, 5)).redo_edits).toBe(3);
    // A test run in between starts the count again.
    expect(facts([...rotation.slice(0, 4), bash('cargo test wire', 1, 'test result: FAILED. 1 failed'), rotation[4]!]).redo_edits).toBe(2);
  });
});
