/**
 * Scores a folder of session traces against a real gateway (real HTTP, a real SQLite file
 * in a temp dir), once per output mode (src/session/traces.ts): how many runaway loops are
 * asked, denied or stopped at or after their loop start, how soon, and how many healthy
 * sessions are interrupted at all. Used by `npm run score:traces -- <dir>` and the blind
 * rounds recorded in docs/governance.md.
 */
import { figures, loadTraces, noiseSource, replayTrace, type OutputMode, type Trace, type TraceFigures, type TraceResult } from './traces.js';
import { postJson, startScratchGateway } from './scratch-gateway.js';

export interface ModeScore {
  mode: OutputMode;
  figures: TraceFigures;
  /** Runaways interrupted before their loop started (counted as not caught). */
  early: number;
  results: TraceResult[];
}

export interface ScoreOptions {
  modes: OutputMode[];
  /** Send the output text in reports (`output`), as the adapters do. Default: when the gateway accepts it. */
  sendOutput?: boolean;
  seed?: number;
  /** Pass over tool-safety asks and denies (see ReplayOptions.loopOnly). */
  loopOnly?: boolean;
  /** Only traces whose name or file contains this text. */
  filter?: string;
}

export async function scoreTraces(dir: string, options: ScoreOptions): Promise<{ traces: Trace[]; scores: ModeScore[]; sendOutput: boolean }> {
  const traces = loadTraces(dir).filter((t) => !options.filter || t.name.includes(options.filter) || t.file.includes(options.filter));
  const gw = await startScratchGateway();
  try {
    const post = (pathname: string, body: unknown) => postJson(`${gw.url}${pathname}`, body);
    const sendOutput = options.sendOutput ?? (await acceptsOutput(post));
    const scores: ModeScore[] = [];
    for (const mode of options.modes) {
      const results: TraceResult[] = [];
      let n = 0;
      for (const trace of traces) {
        // One seed per trace and mode: reproducible, and different traces get different noise.
        const source = noiseSource(mode, (options.seed ?? 1) * 7919 + n);
        results.push(await replayTrace(post, trace, `score-${mode}-${n++}`, { source, sendOutput, loopOnly: options.loopOnly }));
      }
      const early = results.filter((r) => r.trace.kind === 'runaway' && r.interrupted_at !== null && r.calls_after_start === null).length;
      scores.push({ mode, figures: figures(results), early, results });
    }
    return { traces, scores, sendOutput };
  } finally {
    await gw.close();
  }
}

type Post = (pathname: string, body: unknown) => Promise<{ status: number; body: any }>;

/** Does this gateway's /v1/report take the output text (a gateway that predates it answers 400)? */
async function acceptsOutput(post: Post): Promise<boolean> {
  const check = await post('/v1/check', { session_id: 'score-probe', tool: 'bash', input: { command: 'true' } });
  if (check.status !== 200) throw new Error(`the gateway answered ${check.status} to a probe check: ${JSON.stringify(check.body)}`);
  const report = await post('/v1/report', { decision_id: check.body.decision_id, exit_code: 0, output: 'probe' });
  return report.status === 200;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The summary table (one row per mode), as printed and as pasted into docs/governance.md. */
export function scoreTable(scores: ModeScore[]): string {
  const rows = [
    ['mode', 'runaways', 'caught', 'caught %', 'median calls to catch', 'caught early', 'healthy', 'interrupted', 'interrupted %', 'healthy asked by tool safety'],
    ...scores.map((s) => [
      s.mode,
      String(s.figures.runaway),
      String(s.figures.runaway_caught),
      pct(s.figures.caught_ratio),
      s.figures.median_calls_after_start === null ? '-' : String(s.figures.median_calls_after_start),
      String(s.early),
      String(s.figures.benign),
      String(s.figures.benign_interrupted),
      pct(s.figures.interrupted_ratio),
      String(s.figures.benign_safety),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** One line per trace: what stopped it and when (or that nothing did). */
export function traceLines(score: ModeScore): string[] {
  return score.results.map((r) => {
    const what =
      r.interrupted_at === null
        ? 'never interrupted'
        : `step ${r.interrupted_at} (${r.trace.kind === 'runaway' ? (r.calls_after_start === null ? `early, loop starts at ${r.trace.loop_start}` : `+${r.calls_after_start}`) : 'healthy'}) ${r.interrupted_by}`;
    const verdict =
      r.trace.kind === 'runaway' ? (r.calls_after_start === null ? 'MISSED ' : 'caught ') : r.interrupted_at === null ? 'ok     ' : 'FALSE+ ';
    const over = r.passed_over.length ? `  [passed over: ${r.passed_over.join(', ')}]` : '';
    return `${score.mode.padEnd(10)} ${verdict} ${r.trace.kind.padEnd(7)} ${(r.trace.pattern ?? '').padEnd(22)} ${what.padEnd(70)} ${r.trace.file}: ${r.trace.name}${over}`;
  });
}
