/**
 * The observed state of a poll, robust to spelling: the same status in `kubectl get`,
 * `kubectl get -o wide` and `kubectl describe` is the same state; a status that moves is new.
 */
import { describe, expect, it } from 'vitest';
import { normalizeCall, normalizeContext } from '../../normalize/index.js';
import { GovernanceMechanics } from '../config.js';
import { applyReport } from '../events.js';
import { callShape } from '../fingerprint.js';
import { loopFacts, type LoopFacts } from '../loop.js';
import { emptyState } from '../state.js';
import { normalizeOutput } from './normalize.js';
import { DEFAULT_OBSERVE, observedState, observedText } from './observed.js';
import { onDecision } from './record.js';

const config = GovernanceMechanics.parse({ loop: { poll_commands: [['sleep'], ['kubectl', 'get'], ['gh', 'pr', 'checks'], ['gh', 'run', 'view']] } });
const ctx = normalizeContext({ cwd: '/w', home: '/h' }, { cwd: '/w', home: '/h' });
const state = (out: string) => observedState(normalizeOutput(out), DEFAULT_OBSERVE);
const newTokens = (before: string[], after: string) => state(after).filter((t) => !before.includes(t)).length;

interface Call {
  tool: string;
  input: Record<string, unknown>;
  exit?: number;
  out?: string;
}
const bash = (command: string, out?: string, exit = 0): Call => ({ tool: 'bash', input: { command }, exit, out });
const sleep = (s = 30): Call => ({ tool: 'bash', input: { command: `sleep ${s}` }, exit: 0, out: '' });

/** Replays calls as the gateway records them; returns the facts of the last one. */
function replay(calls: Call[]): LoopFacts {
  let s = emptyState();
  let facts!: LoopFacts;
  calls.forEach((call, k) => {
    const n = normalizeCall(call.tool, call.input, ctx);
    const shape = callShape(call.tool, n.kind, call.input, n.facts, config);
    facts = loopFacts(shape, s.history, s.mut_keys, config.loop.density_window, config.loop.observe);
    if (k === calls.length - 1) return;
    const rec = onDecision(shape, facts.mutation, s.progress);
    s.progress = rec.progress;
    s.history.push({
      id: `d${k}`, fp: shape.fp, kind: shape.kind, t: k, d: 'allow',
      ...(facts.poll ? { poll: true } : {}), ...(facts.keeps_state ? { ob: true } : {}), ...(facts.mutation ? { mut: facts.mutation } : {}), ...rec.extras,
    });
    if (shape.mutation && !s.mut_keys.includes(shape.mutation.key)) s.mut_keys.push(shape.mutation.key);
    if (call.out !== undefined) s = applyReport(s, { decision_id: `d${k}`, exit_code: call.exit, output: call.out }, config, JSON.stringify(call.input));
  });
  return facts;
}

const POD = 'api-7d9f8c6b5-x7k2p';
const get = (status: string, ready = '0/1') => `NAME                  READY   STATUS             RESTARTS   AGE\n${POD}   ${ready}     ${status}   0          4m12s\n`;
const wide = (status: string, ready = '0/1') =>
  `NAME                  READY   STATUS             RESTARTS   AGE     IP           NODE     NOMINATED NODE   READINESS GATES\n${POD}   ${ready}     ${status}   0          6m3s    10.244.1.17  node-2   <none>           <none>\n`;
const describePod = (age: string, times: number) => `Name:         ${POD}
Namespace:    default
Status:       Pending
Containers:
  api:
    Image:          registry.internal/api:1.4.2
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
Events:
  Type     Reason     Age                From     Message
  ----     ------     ----               ----     -------
  Normal   BackOff    ${age} (x${times} over 9m)  kubelet  Back-off pulling image "registry.internal/api:1.4.2"
  Warning  Failed     ${age} (x${times} over 9m)  kubelet  Error: ImagePullBackOff
`;

describe('the observed state of a poll', () => {
  it('is the same for one status seen again, ages and restart clocks aside', () => {
    expect(state(get('ImagePullBackOff'))).toEqual(state(get('ImagePullBackOff').replace('4m12s', '9m40s')));
    expect(newTokens(state(get('ImagePullBackOff')), wide('ImagePullBackOff'))).toBe(0);
    expect(state(describePod('2m', 12))).toEqual(state(describePod('30s', 31)));
  });

  it('moves when a status, a ratio, a count or a check changes', () => {
    expect(newTokens(state(get('ContainerCreating')), get('Running', '1/1'))).toBeGreaterThan(0);
    expect(newTokens(state('web 1/3 ready'), 'web 2/3 ready')).toBeGreaterThan(0);
    expect(newTokens(state('queue depth: 120'), 'queue depth: 80')).toBeGreaterThan(0);
    // One check passes where another had passed already: the check that passed is new.
    const before = state('build\tpass\t1m2s\thttps://ci/1\ntest\tpending\t0\thttps://ci/2');
    expect(newTokens(before, 'build\tpass\t1m2s\thttps://ci/1\ntest\tpass\t3m\thttps://ci/2')).toBeGreaterThan(0);
    expect(newTokens(state('{"status":"queued","conclusion":null}'), '{"status":"in_progress","conclusion":null}')).toBeGreaterThan(0);
  });

  it('sees new log lines as movement, the same line again as none, an empty listing as none', () => {
    const log = 'INFO connecting to broker kafka:9092\nWARN broker not available, retrying';
    expect(newTokens(state(log), log.replace('retrying', 'retrying'))).toBe(0);
    expect(newTokens(state(log), `${log}\nINFO consumed batch 1 (512 records)`)).toBeGreaterThan(0);
    expect(state('')).toEqual([]);
  });

  it('stays bounded', () => {
    const long = Array.from({ length: 500 }, (_, i) => `line ${i} status running job-${i}`).join('\n');
    expect(state(long).length).toBeLessThanOrEqual(16);
  });
});

describe('waiting on something that never changes, in ever-different spellings', () => {
  const runaway: Call[] = [
    bash('kubectl apply -f deploy.yaml', 'deployment.apps/api configured'),
    bash(`kubectl get pod ${POD}`, get('ImagePullBackOff')),
    sleep(),
    bash(`kubectl describe pod ${POD}`, describePod('1m', 6)),
    sleep(),
    bash('kubectl get pods -o wide', wide('ImagePullBackOff')),
    sleep(),
    bash(`kubectl get pod ${POD} -o wide`, wide('ImagePullBackOff')),
    sleep(45),
    bash(`kubectl describe pod/${POD} -n default`, describePod('20s', 14)),
    sleep(),
    bash('kubectl get pods', get('ImagePullBackOff')),
  ];

  it('counts observations whose state shows nothing new across spellings, with the waits between', () => {
    const facts = replay([...runaway, sleep()]);
    // Five waits since the first look: describe's first look prints more (new tokens) but is no movement.
    expect(facts).toMatchObject({ observing: true, observed_stale: 4, observed_waits: 5 });
    expect(facts.observed_groups).toBeGreaterThanOrEqual(3);
  });

  it('learns what a new spelling adds without calling it movement; a spelling seen before that shows something new moved', () => {
    const stuck: Call[] = [
      bash(`kubectl get pod ${POD}`, get('ImagePullBackOff')),
      sleep(),
      bash(`kubectl get pod ${POD}`, get('ImagePullBackOff')),
      sleep(),
      bash('kubectl get pods -A', `${get('ImagePullBackOff')}\nredis-0   1/1   Running   0   12d`),
      sleep(),
      bash(`kubectl get pod ${POD}`, get('ImagePullBackOff')),
      sleep(),
    ];
    expect(replay(stuck).observed_stale).toBe(2);
    const moving = [...stuck.slice(0, 4), bash(`kubectl get pod ${POD}`, get('Running')), sleep()];
    expect(replay(moving).observed_stale).toBe(0);
  });

  it('starts again when the status moves, or after a change', () => {
    const moving: Call[] = [
      bash('kubectl apply -f deploy.yaml', 'deployment.apps/api configured'),
      bash(`kubectl get pod ${POD}`, get('ContainerCreating')),
      sleep(),
      bash(`kubectl describe pod ${POD}`, describePod('1m', 2)),
      sleep(),
      bash('kubectl get pods -o wide', wide('Running', '1/1')),
      sleep(),
    ];
    expect(replay(moving).observed_stale).toBe(0);
    const fixed = [...runaway, bash('kubectl set image deployment/api api=registry.internal/api:1.4.3', 'deployment.apps/api image updated'), sleep()];
    expect(replay(fixed).observed_stale).toBe(0);
  });

  it('passes over observations whose output nobody saw', () => {
    const blind = runaway.map((c) => ({ ...c, out: undefined }));
    expect(replay([...blind, sleep()]).observed_stale).toBe(0);
  });

  it('keeps no state for reads far from any wait', () => {
    const facts = replay([bash('cat src/a.ts', 'export const a = 1'), bash('cat src/b.ts', 'export const b = 2')]);
    expect(facts).toMatchObject({ keeps_state: false, observed_stale: 0 });
  });
});

describe('the observed state counts lines in each state', () => {
  it('sees one more pod Running where pod names normalise alike', () => {
    const pods = (running: number, creating: number) =>
      ['NAME  READY  STATUS  RESTARTS  AGE', ...Array.from({ length: running }, (_, k) => `checkout-api-6f8d9c7b5-r${k}x2q  1/1  Running  0  ${k}m`), ...Array.from({ length: creating }, (_, k) => `checkout-api-6f8d9c7b5-c${k}z7w  0/1  ContainerCreating  0  ${k}m`)].join('\n');
    expect(newTokens(state(pods(2, 3)), pods(3, 2))).toBeGreaterThan(0);
    expect(newTokens(state(pods(3, 2)), pods(3, 2))).toBe(0);
  });
});

describe('the observed state sees counts fall', () => {
  it('moves when old pods go away, though every remaining line was seen before', () => {
    const pods = (old: number) => ['NAME  READY  STATUS  RESTARTS  AGE', ...Array.from({ length: 5 }, (_, k) => `web-7c9d8b6f5-n${k}a1b  1/1  Running  0  ${k}m`), ...Array.from({ length: old }, (_, k) => `web-58c4b6d9f-o${k}c2d  1/1  Terminating  0  2h`)].join('\n');
    expect(newTokens(state(pods(3)), pods(2))).toBeGreaterThan(0);
  });
});

describe('JSON outputs (MCP tools, gh api)', () => {
  const jobs = (...st: string[]) => JSON.stringify({ jobs: st.map((status, k) => ({ name: `job${k}`, status })) });
  it('show one line per object, so one job more completed is a status that moved', () => {
    const before = observedState(normalizeOutput(observedText(jobs('completed', 'in_progress', 'queued'))), DEFAULT_OBSERVE);
    const after = observedState(normalizeOutput(observedText(jobs('completed', 'completed', 'in_progress'))), DEFAULT_OBSERVE);
    expect(after.filter((t) => !before.includes(t)).length).toBeGreaterThan(0);
    const again = observedState(normalizeOutput(observedText(jobs('completed', 'in_progress', 'queued'))), DEFAULT_OBSERVE);
    expect(again).toEqual(before);
  });
  it('leave text that is not JSON as it is, and mask ids and times inside JSON', () => {
    expect(observedText('NAME READY\napi 1/1')).toBe('NAME READY\napi 1/1');
    const a = normalizeOutput(observedText('{"id":11873302299,"status":"queued","updated_at":"2026-12-07T10:00:00Z"}'));
    const b = normalizeOutput(observedText('{"id":11873302299,"status":"queued","updated_at":"2026-12-07T10:03:00Z"}'));
    expect(a).toBe(b);
  });
});
