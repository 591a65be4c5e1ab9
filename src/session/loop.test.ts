import { describe, expect, it } from 'vitest';
import { normalizeCall, normalizeContext } from '../normalize/index.js';
import { GovernanceMechanics } from './config.js';
import { callShape } from './fingerprint.js';
import { loopFacts } from './loop.js';
import type { HistoryEntry } from './state.js';

const config = GovernanceMechanics.parse({
  loop: { poll_commands: [['sleep'], ['gh', 'run', 'view']], mutating_commands: [['sed', '-i'], ['git', 'pull']] },
});
const ctx = normalizeContext({ cwd: '/w', home: '/h' }, { cwd: '/w', home: '/h' });

function shape(tool: string, input: Record<string, unknown>) {
  const n = normalizeCall(tool, input, ctx);
  return callShape(tool, n.kind, input, n.facts, config);
}

/** Replays calls through the same bookkeeping afterDecision does, returning the facts of the last. */
function run(calls: { tool: string; input: Record<string, unknown>; x?: number; o?: string; n?: string }[]) {
  const history: HistoryEntry[] = [];
  const mut: string[] = [];
  let facts = undefined as ReturnType<typeof loopFacts> | undefined;
  calls.forEach((call, i) => {
    const s = shape(call.tool, call.input);
    facts = loopFacts(s, history, mut, 8);
    history.push({
      id: String(i),
      fp: s.fp,
      kind: s.kind,
      t: i,
      d: 'allow',
      ...(facts.poll ? { poll: true } : {}),
      ...(facts.mutation ? { mut: facts.mutation } : {}),
      ...(facts.stale_repeats > 0 && facts.mutation !== 'new' ? { stale: true } : {}),
      ...(call.x !== undefined ? { x: call.x, ok: call.x === 0 } : {}),
      ...(call.o ? { o: call.o } : {}),
      ...(call.n ? { n: call.n } : {}),
    });
    if (s.mutation && !mut.includes(s.mutation.key)) mut.push(s.mutation.key);
  });
  return facts!;
}

const bash = (command: string, x?: number, o?: string, n?: string) => ({ tool: 'bash', input: { command }, x, o, n });
const edit = (old_string: string, new_string: string, path = '/w/a.ts') => ({ tool: 'edit', input: { file_path: path, old_string, new_string } });

describe('fingerprints', () => {
  it('stay what session history already holds (a stored state compares against them)', () => {
    expect(shape('bash', { command: 'npm test' }).fp).toBe('f54124ba31c6a763');
    expect(shape('read', { file_path: '/w/a.ts' }).fp).toBe('19779221c2506e92');
    expect(shape('mcp__fs__write_file', { path: '/w/x', content: 'é' }).fp).toBe('c61a2f367a663d6b');
    const edit = shape('edit', { file_path: '/w/a.ts', old_string: 'a', new_string: 'b' });
    expect([edit.fp, edit.mutation?.inverse]).toEqual(['4c19efd5eb532e4e', 'e:d3b0991248516c62']);
  });

  it('are argument-aware: different files differ, the same file with other spacing does not', () => {
    expect(shape('read', { file_path: '/w/a.ts' }).fp).not.toBe(shape('read', { file_path: '/w/b.ts' }).fp);
    expect(shape('Read', { file_path: '/w/./a.ts' }).fp).toBe(shape('read', { file_path: '/w/a.ts' }).fp);
    expect(shape('bash', { command: 'npm   test' }).fp).toBe(shape('bash', { command: 'npm test' }).fp);
    expect(shape('bash', { command: 'npm test' }).fp).not.toBe(shape('bash', { command: 'npm run test' }).fp);
    expect(shape('Grep', { pattern: 'a', path: 'src' }).fp).toBe(shape('Grep', { path: 'src', pattern: 'a' }).fp);
  });

  it('ignore sleep durations in a poll and flag it as a poll', () => {
    const a = shape('bash', { command: 'sleep 5 && gh run view 1' });
    const b = shape('bash', { command: 'sleep 30; gh run view 1' });
    expect(a.fp).toBe(b.fp);
    expect(a.poll).toBe(true);
  });

  it('give an edit and its undo inverse keys, and collect open todos', () => {
    const forward = shape('edit', { file_path: '/w/a.ts', old_string: 'x', new_string: 'y' });
    const back = shape('edit', { file_path: '/w/a.ts', old_string: 'y', new_string: 'x' });
    expect(back.mutation!.inverse).toBe(forward.mutation!.key);
    const todos = shape('TodoWrite', { todos: [{ content: 'a', status: 'pending' }, { content: 'b', status: 'completed' }] }).todos;
    expect(todos).toEqual(['a']);
  });
});

describe('loop facts', () => {
  it('count repeats with nothing changed between them', () => {
    expect(run([bash('make'), bash('make'), bash('make'), bash('make')]).stale_repeats).toBe(3);
  });

  it('reset on a new edit between runs (progress)', () => {
    const f = run([bash('make', 1), edit('a', 'b'), bash('make', 1), edit('b', 'c'), bash('make')]);
    expect(f.stale_repeats).toBe(0);
    expect(f.repeats).toBe(0); // the generic repeat counts since the last progress too
  });

  it('do not count an edit that undoes an earlier one as progress', () => {
    const f = run([bash('make'), edit('a', 'b'), bash('make'), edit('b', 'a'), bash('make'), edit('a', 'b'), bash('make')]);
    expect(f.stale_repeats).toBe(2);
  });

  it('see a changing normalised result as progress: a poll whose output moves is not stale', () => {
    const f = run([bash('gh run view 1', 0, undefined, 'a'), bash('gh run view 1', 0, undefined, 'b'), bash('gh run view 1', 0, undefined, 'c'), bash('gh run view 1')]);
    expect(f.poll).toBe(true);
    expect(f.stale_repeats).toBe(0);
  });

  it('do not see a different raw output hash alone as progress (a client whose output always differs)', () => {
    const f = run([bash('gh run view 1', 0, 'a'), bash('gh run view 1', 0, 'b'), bash('gh run view 1', 0, 'c'), bash('gh run view 1')]);
    expect(f.stale_repeats).toBe(3);
  });

  it('report a failure streak and identical failures across edits (build-fix loop)', () => {
    expect(run([bash('make', 2, 'e'), bash('make', 2, 'e'), bash('make')]).failure_streak).toBe(2);
    const f = run([bash('make', 2, 'e'), edit('a', 'b'), bash('make', 2, 'e'), edit('c', 'd'), bash('make', 2, 'e'), edit('e', 'f'), bash('make')]);
    expect(f.stale_repeats).toBe(0);
    // Identical failures across edits are the progress model's same_error (progress/progress.test.ts).
  });

  it('measure A-B-A-B oscillation without progress', () => {
    const f = run([bash('git status'), bash('git diff'), bash('git status'), bash('git diff'), bash('git status')]);
    expect(f.ping_pong).toBe(5);
    const g = run([bash('git status'), edit('a', 'b'), bash('git status'), edit('b', 'c'), bash('git status')]);
    expect(g.ping_pong).toBe(0);
  });

  it('count an MCP write tool as a change, but not a todo list update', () => {
    const write = (i: number) => ({ tool: 'mcp__fs__write_file', input: { path: '/w/a.ts', content: `v${i}` } });
    expect(run([bash('npm test', 1), write(1), bash('npm test', 1), write(2), bash('npm test')]).stale_repeats).toBe(0);
    const todo = { tool: 'TodoWrite', input: { todos: [{ content: 'x', status: 'pending' }] } };
    expect(run([bash('npm test'), todo, bash('npm test')]).stale_repeats).toBe(1);
  });

  it('count a redone shell change (git pull again) as no progress', () => {
    const f = run([bash('git push', 1, 'r'), bash('git pull'), bash('git push', 1, 'r'), bash('git pull'), bash('git push', 1, 'r'), bash('git pull'), bash('git push')]);
    expect(f.stale_repeats).toBe(2);
    expect(f.failure_streak).toBe(2);
  });
});
