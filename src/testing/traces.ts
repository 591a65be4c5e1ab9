/**
 * Session traces: a recorded (or written) sequence of tool calls with their outcomes,
 * replayed against a real gateway over HTTP (check, then report). Used to measure the
 * loop governance on runaway loops (caught? how many calls after the loop started?) and
 * on benign sessions (interrupted at all?).
 *
 * A trace file (YAML) holds a list of traces:
 *
 *   - name: failing retry
 *     kind: runaway            # or benign
 *     loop_start: 3            # 1-based step where the loop begins (runaway only)
 *     steps:
 *       - bash: npm ci
 *       - repeat: 10
 *         steps:
 *           - { bash: "npm run build", exit: 1, out: "TS2304: Cannot find name 'foo'" }
 *
 * Steps: bash (command), read (path, optional offset and limit as the Read tool takes them), write (path + content), edit (path + old/new),
 * fetch (url), tool + input (any other tool), continue (output tokens). `exit`, `ok`
 * and `out` (the tool's output, multi-line as the tool prints it) are reported after
 * the call; `${i}` in any string is the repeat index (0-based), so steps can vary per
 * round, and `${i+1}` the index plus one.
 *
 * `${noise}` marks what varies without meaning in a real tool's output (a duration, a
 * timestamp, an age, a PID). How it is filled is the output mode of the replay, so one
 * trace measures the governance against several kinds of client:
 *
 *   meaningful  `${noise}` becomes a constant: the output as a perfect normaliser sees it
 *   raw         `${noise}` becomes a fresh value on every call: the output as printed
 *   none        no output is reported at all (exit code and ok are kept)
 *   unique      the meaningful output plus a random suffix: a client whose output differs
 *               on every call
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { seededRandom } from './random.js';

const Outcome = {
  exit: z.number().int().optional(),
  ok: z.boolean().optional(),
  out: z.string().optional(),
  tokens_in: z.number().optional(),
  tokens_out: z.number().optional(),
  cost_usd: z.number().optional(),
};

const Step: z.ZodType<any> = z.lazy(() =>
  z.union([
    z.object({ repeat: z.number().int().min(1).max(500), steps: z.array(Step).min(1) }).strict(),
    z.object({ bash: z.string(), ...Outcome }).strict(),
    z.object({ read: z.string(), offset: z.number().optional(), limit: z.number().optional(), ...Outcome }).strict(),
    z.object({ write: z.string(), content: z.string(), ...Outcome }).strict(),
    z.object({ edit: z.string(), old: z.string(), new: z.string(), ...Outcome }).strict(),
    z.object({ fetch: z.string(), ...Outcome }).strict(),
    z.object({ tool: z.string(), input: z.record(z.string(), z.unknown()), ...Outcome }).strict(),
    z.object({ continue: z.number().int().nonnegative() }).strict(),
  ]),
);

const Trace = z
  .object({
    name: z.string(),
    kind: z.enum(['runaway', 'benign']),
    pattern: z.string().optional(),
    loop_start: z.number().int().min(1).optional(),
    description: z.string().optional(),
    steps: z.array(Step).min(1),
  })
  .strict()
  .refine((t) => t.kind === 'benign' || t.loop_start !== undefined, 'runaway traces need loop_start');

export type Trace = z.infer<typeof Trace> & { file: string };

export const OUTPUT_MODES = ['meaningful', 'raw', 'none', 'unique'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export interface FlatStep {
  kind: 'check' | 'continue';
  tool?: string;
  input?: Record<string, unknown>;
  output_tokens?: number;
  report?: { exit_code?: number; ok?: boolean; output_sha256?: string; tokens_in?: number; tokens_out?: number; cost_usd?: number };
  /** The output the tool printed, as the mode makes it (absent in mode none or when the step has no `out`). */
  output?: string;
}

/** What replaces `${noise}` and what is appended to an output, per mode. */
export interface NoiseSource {
  mode: OutputMode;
  /** A fresh value for one `${noise}` (mode raw); the constant otherwise. */
  noise(): string;
  /** Appended to every output (mode unique), else ''. */
  suffix(): string;
}

export const NOISE_CONSTANT = '0';

export function noiseSource(mode: OutputMode, seed = 1): NoiseSource {
  const rnd = seededRandom(seed);
  const fresh = () => {
    // Durations, ages, counters as tools print them: 0.87, 12.41, 348, 1734.2
    const r = rnd();
    if (r < 0.4) return (rnd() * 20).toFixed(2);
    if (r < 0.7) return String(Math.floor(rnd() * 5000));
    return (rnd() * 2000).toFixed(1);
  };
  const hex = () => Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, '0') + Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, '0');
  return {
    mode,
    noise: mode === 'raw' ? fresh : () => NOISE_CONSTANT,
    suffix: mode === 'unique' ? () => `\nrequest-id: ${hex()}` : () => '',
  };
}

export function loadTraces(dir: string): Trace[] {
  const traces: Trace[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(entry)) continue;
    const file = path.join(dir, entry);
    const doc = parseYaml(readFileSync(file, 'utf8'));
    const parsed = z.array(Trace).safeParse(doc);
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    for (const t of parsed.data) traces.push({ ...t, file: entry });
  }
  return traces;
}

function sub(value: string, i: number, noise: () => string = () => NOISE_CONSTANT): string {
  return value
    .replace(/\$\{i\}/g, String(i))
    .replace(/\$\{i\+1\}/g, String(i + 1))
    .replace(/\$\{noise\}/g, () => noise());
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The trace's steps one call at a time, with outputs filled per `source` (default: meaningful). */
export function flatten(steps: any[], i = 0, source: NoiseSource = noiseSource('meaningful')): FlatStep[] {
  const out: FlatStep[] = [];
  for (const step of steps) {
    if ('repeat' in step) {
      for (let k = 0; k < step.repeat; k++) out.push(...flatten(step.steps, k, source));
      continue;
    }
    if ('continue' in step) {
      out.push({ kind: 'continue', output_tokens: step.continue });
      continue;
    }
    let tool: string;
    let input: Record<string, unknown>;
    if ('bash' in step) [tool, input] = ['bash', { command: sub(step.bash, i) }];
    else if ('read' in step) [tool, input] = ['read', { path: sub(step.read, i), ...(step.offset !== undefined ? { offset: step.offset } : {}), ...(step.limit ? { limit: step.limit } : {}) }];
    else if ('write' in step) [tool, input] = ['write', { path: sub(step.write, i), content: sub(step.content, i) }];
    else if ('edit' in step) [tool, input] = ['edit', { path: sub(step.edit, i), old_string: sub(step.old, i), new_string: sub(step.new, i) }];
    else if ('fetch' in step) [tool, input] = ['web_fetch', { url: sub(step.fetch, i) }];
    else [tool, input] = [step.tool, JSON.parse(sub(JSON.stringify(step.input), i))];
    const report: FlatStep['report'] = {};
    if (step.exit !== undefined) report.exit_code = step.exit;
    if (step.ok !== undefined) report.ok = step.ok;
    let output: string | undefined;
    if (step.out !== undefined && source.mode !== 'none') {
      output = sub(step.out, i, source.noise) + source.suffix();
      report.output_sha256 = sha(output);
    }
    for (const k of ['tokens_in', 'tokens_out', 'cost_usd'] as const) if (step[k] !== undefined) report[k] = step[k];
    out.push({ kind: 'check', tool, input, report: Object.keys(report).length ? report : undefined, ...(output !== undefined ? { output } : {}) });
  }
  return out;
}

export interface TraceResult {
  trace: Trace;
  calls: number;
  /** 1-based index of the first step that was asked, denied, or told to stop; null if none. */
  interrupted_at: number | null;
  interrupted_by: string | null;
  /** Runaway only: steps from loop start to the interruption, inclusive (null if never caught). */
  calls_after_start: number | null;
  /** With loopOnly: tool-safety asks and denies passed over ("step 5 ask: bash.x"). */
  passed_over: string[];
}

type Post = (pathname: string, body: unknown) => Promise<{ status: number; body: any }>;

export interface ReplayOptions {
  /** How outputs are filled (default meaningful). */
  source?: NoiseSource;
  /** Also send the output text itself in the report, as `output` (the adapters' excerpt). */
  sendOutput?: boolean;
  /**
   * Judge the session governance alone: an ask or deny whose reasons are all tool-safety
   * rules (none is a `session.` rule) is passed over as if a person had answered it (an
   * asked call runs and is reported, a denied one is skipped) and the replay goes on.
   */
  loopOnly?: boolean;
}

const isSessionRule = (reason: { rule?: string }) => typeof reason?.rule === 'string' && reason.rule.startsWith('session.');

/** Replays a trace as session `sessionId`; stops at the first interruption. */
export async function replayTrace(post: Post, trace: Trace, sessionId: string, options: ReplayOptions = {}): Promise<TraceResult> {
  const steps = flatten(trace.steps, 0, options.source ?? noiseSource('meaningful'));
  const context = { cwd: '/home/dev/project', home: '/home/dev' };
  const passedOver: string[] = [];
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    let interruptedBy: string | null = null;
    if (step.kind === 'continue') {
      const res = await post(`/v1/sessions/${encodeURIComponent(sessionId)}/continue`, { output_tokens: step.output_tokens });
      if (res.status !== 200) throw new Error(`${trace.name} step ${index + 1}: continue answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (res.body.decision === 'stop') interruptedBy = `continue: ${res.body.reasons?.[0]?.rule ?? 'stop'}`;
    } else {
      const res = await post('/v1/check', { session_id: sessionId, tool: step.tool, input: step.input, context });
      if (res.status !== 200) throw new Error(`${trace.name} step ${index + 1}: check answered ${res.status}: ${JSON.stringify(res.body)}`);
      const reasons: { rule?: string }[] = Array.isArray(res.body.reasons) ? res.body.reasons : [];
      const safetyOnly = options.loopOnly && res.body.decision !== 'allow' && !reasons.some(isSessionRule);
      if (safetyOnly) passedOver.push(`step ${index + 1} ${res.body.decision}: ${reasons[0]?.rule ?? '?'}`);
      if (res.body.decision !== 'allow' && !safetyOnly) interruptedBy = `${res.body.decision}: ${(reasons.find(isSessionRule) ?? reasons[0])?.rule ?? '?'}`;
      else if (res.body.decision === 'deny') {
        // passed over: a denied call never ran, so there is nothing to report
      } else if (step.report || (options.sendOutput && step.output !== undefined)) {
        const body: Record<string, unknown> = { decision_id: res.body.decision_id, ...step.report };
        if (options.sendOutput && step.output !== undefined) body.output = step.output;
        const rep = await post('/v1/report', body);
        if (rep.status !== 200) throw new Error(`${trace.name} step ${index + 1}: report answered ${rep.status}: ${JSON.stringify(rep.body)}`);
      }
    }
    if (interruptedBy) {
      const at = index + 1;
      return {
        trace,
        calls: at,
        interrupted_at: at,
        interrupted_by: interruptedBy,
        calls_after_start: trace.kind === 'runaway' && at >= trace.loop_start! ? at - trace.loop_start! + 1 : null,
        passed_over: passedOver,
      };
    }
  }
  return { trace, calls: steps.length, interrupted_at: null, interrupted_by: null, calls_after_start: null, passed_over: passedOver };
}

export interface TraceFigures {
  runaway: number;
  runaway_caught: number;
  caught_ratio: number;
  median_calls_after_start: number | null;
  benign: number;
  benign_interrupted: number;
  interrupted_ratio: number;
  /**
   * Healthy sessions that a tool-safety rule (not a `session.` rule) asked or denied at least
   * once, reported apart from loop interruptions when those answers were passed over (loopOnly):
   * a release checklist's `twine upload` is asked by the shipped stance (publishing cannot be
   * undone), which is no loop governance at work.
   */
  benign_safety: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function figures(results: TraceResult[]): TraceFigures {
  const runaway = results.filter((r) => r.trace.kind === 'runaway');
  const caught = runaway.filter((r) => r.calls_after_start !== null);
  const benign = results.filter((r) => r.trace.kind === 'benign');
  const interrupted = benign.filter((r) => r.interrupted_at !== null);
  return {
    runaway: runaway.length,
    runaway_caught: caught.length,
    caught_ratio: runaway.length ? caught.length / runaway.length : 0,
    median_calls_after_start: median(caught.map((r) => r.calls_after_start!)),
    benign: benign.length,
    benign_interrupted: interrupted.length,
    interrupted_ratio: benign.length ? interrupted.length / benign.length : 0,
    benign_safety: benign.filter((r) => r.passed_over.length > 0).length,
  };
}
