#!/usr/bin/env node
// node scripts/explain-trace.mjs <dir> <trace name part> [--mode meaningful|raw|none|unique]
// Replays one trace through the session bookkeeping in-process (no policy) and prints, per
// call, the loop facts the policy would see and what the report made of the outcome: to
// understand why a trace is caught late or a healthy one is interrupted.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadTraces, flatten, noiseSource } from '../dist/testing/traces.js';
import { normalizeCall, normalizeContext } from '../dist/normalize/index.js';
import { mechanicsFrom, emptyState } from '../dist/session/index.js';
import { callShape } from '../dist/session/fingerprint.js';
import { loopFacts } from '../dist/session/loop.js';
import { onDecision } from '../dist/session/progress/record.js';
import { applyReport } from '../dist/session/events.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: node scripts/explain-trace.mjs <dir of trace files> [trace name part] [--mode meaningful|raw|none|unique]

Replays one trace (the first whose name contains the part) through the session bookkeeping
and prints, per call, the loop facts the policy would see and what the report made of it.`;
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { mode: { type: 'string', default: 'meaningful' }, help: { type: 'boolean', short: 'h' } } });
} catch (error) {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help || positionals.length === 0) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const [target, namePart] = positionals;
const data = JSON.parse(readFileSync(path.join(root, 'policies/data.json'), 'utf8'));
const config = mechanicsFrom(data);
const trace = loadTraces(target).find((t) => t.name.includes(namePart ?? ''));
if (!trace) {
  console.error(`no trace whose name contains "${namePart ?? ''}" in ${target}`);
  process.exit(2);
}
const ctx = normalizeContext({ cwd: '/home/dev/project', home: '/home/dev' }, { cwd: '/home/dev/project', home: '/home/dev' });
let state = emptyState();
console.log(`${trace.kind} ${trace.name} (loop_start ${trace.loop_start ?? '-'})`);
flatten(trace.steps, 0, noiseSource(values.mode, 7919)).forEach((step, k) => {
  if (step.kind === 'continue') return console.log(`${String(k + 1).padStart(3)} continue ${step.output_tokens}`);
  const n = normalizeCall(step.tool, step.input, ctx);
  const shape = callShape(step.tool, n.kind, step.input, n.facts, config);
  const f = loopFacts(shape, state.history, state.mut_keys, config.loop.density_window, config.loop.observe);
  const rec = onDecision(shape, f.mutation, state.progress);
  state.progress = rec.progress;
  const id = `d${k}`;
  state.history = [...state.history, { id, fp: shape.fp, kind: shape.kind, t: k, d: 'allow', ...(f.poll ? { poll: true } : {}), ...(f.keeps_state ? { ob: true } : {}), ...(f.mutation ? { mut: f.mutation } : {}), ...(f.stale_repeats > 0 && f.mutation !== 'new' ? { stale: true } : {}), ...rec.extras }].slice(-config.loop.history_size);
  if (shape.mutation && !state.mut_keys.includes(shape.mutation.key)) state.mut_keys.push(shape.mutation.key);
  if (step.report || step.output !== undefined) state = applyReport(state, { decision_id: id, ...step.report, ...(step.output !== undefined ? { output: step.output } : {}) }, config, JSON.stringify(step.input));
  const e = state.history.at(-1);
  const facts = Object.entries({ rep: f.stale_repeats, fs: f.failure_streak, gfs: f.group_failure_streak, se: f.same_error, poll: f.poll ? f.poll_stale : undefined, srch: f.search_run || undefined, emp: f.search_empty || undefined, uw: f.unverified_writes || undefined, cyc: `${f.stale_groups_in_window}/${f.distinct_groups_in_window}`, pp: f.ping_pong || undefined, np: f.no_progress_calls, obs: f.observing ? `${f.observed_stale}/${f.observed_groups}/${f.observed_waits}` : undefined })
    .filter(([, v]) => v !== undefined && v !== 0)
    .map(([k2, v]) => `${k2}=${v}`)
    .join(' ');
  const out = `${e.c ?? '?'} x=${e.x ?? '-'} ${e.pr ? `PR:${e.pr}` : ''}${e.stale ? ' STALE' : ''}${e.ch ? ' ch' : ''} s=${e.s ?? '-'} n=${e.n ?? '-'}`;
  console.log(`${String(k + 1).padStart(3)} ${f.group.slice(0, 60).padEnd(60)} | ${facts.padEnd(40)} | ${out}${e.se ? `  «${e.se.slice(0, 60)}»` : ''}`);
});
