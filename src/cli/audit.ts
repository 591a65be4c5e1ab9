/**
 * `toolgate audit`: list, show, follow, export, verify, head and prune the decision
 * log, reading the database directly (the gateway need not run).
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Command } from 'commander';
import { Store, isPostgresUrl, type DecisionFilter } from '../store/index.js';
import { DecisionQuery, DEFAULT_PAGE_SIZE, toFilter, withoutBlanks } from '../audit/filter.js';
import { presentDetail, presentSummary, type DecisionSummary } from '../audit/present.js';
import { sessionTimeline } from '../audit/timeline.js';
import { formatAnchor, parseAnchor, verifyChain, type VerifyReport } from '../audit/verify.js';
import { EXPORT_FORMATS, exportDecisions, verifyExportLines, type ExportFormat } from '../audit/export.js';
import { parseDuration, rfc3339 } from '../audit/time.js';
import { describeZodError } from '../server/errors.js';
import { defaultDb, fail } from './util.js';

type Out = (text: string) => void;

/** Opens an existing log; never creates an empty database where the auditor mistyped a path. */
export async function openLog(db: string): Promise<Store> {
  if (!isPostgresUrl(db)) {
    const file = db.replace(/^sqlite:(\/\/)?/, '');
    if (file !== ':memory:' && !existsSync(file)) {
      throw new Error(`no database at ${file}: pass the gateway's --db (or set TOOLGATE_DB)`);
    }
  }
  return Store.open(db);
}

/**
 * Terminal output of hostile strings: control characters (ANSI escapes that could
 * rewrite the auditor's screen, newlines that could fake table rows) become visible.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function summaryOfInput(input: unknown): string {
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const fields = input as Record<string, unknown>;
    for (const key of ['command', 'path', 'file_path', 'url', 'to']) if (typeof fields[key] === 'string') return fields[key] as string;
  }
  return typeof input === 'string' ? input : JSON.stringify(input) ?? '';
}

function clip(text: string, width: number): string {
  const safe = printable(text);
  return safe.length > width ? `${safe.slice(0, width - 1)}…` : safe;
}

const TABLE_COLUMNS: [string, number, (d: DecisionSummary) => string][] = [
  ['TIME (UTC)', 19, (d) => d.time.slice(0, 19).replace('T', ' ')],
  ['SEQ', 6, (d) => String(d.seq)],
  ['DECISION', 8, (d) => d.decision],
  ['AGENT', 14, (d) => d.agent_id ?? '-'],
  ['SESSION', 16, (d) => d.session_id],
  ['TOOL', 10, (d) => d.tool],
  ['DECIDED BY', 34, (d) => d.decided_by.join(',') || '-'],
  ['INPUT', 60, (d) => summaryOfInput(d.input)],
];

export function tableHeader(): string {
  return TABLE_COLUMNS.map(([name, width]) => name.padEnd(width)).join('  ').trimEnd();
}

export function tableLine(d: DecisionSummary): string {
  return TABLE_COLUMNS.map(([, width, get]) => clip(get(d), width).padEnd(width)).join('  ').trimEnd();
}

function parseFilters(opts: Record<string, unknown>): DecisionQuery {
  const raw: Record<string, string | undefined> = {
    session: opts.session as string | undefined,
    agent: opts.agent as string | undefined,
    tool: opts.tool as string | undefined,
    decision: opts.decision as string | undefined,
    category: opts.category as string | undefined,
    rule: opts.rule as string | undefined,
    since: opts.since as string | undefined,
    until: opts.until as string | undefined,
    q: opts.text as string | undefined,
    limit: opts.limit as string | undefined,
  };
  const parsed = DecisionQuery.safeParse(withoutBlanks(raw));
  if (!parsed.success) fail(describeZodError(parsed.error).replace(/^q:/, 'text:'));
  return parsed.data;
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--agent <id>', 'only this agent')
    .option('--session <id>', 'only this session')
    .option('--tool <name>', 'only this tool (as the client named it)')
    .option('--decision <d>', 'allow, ask or deny')
    .option('--category <name>', 'only decisions with this risk category')
    .option('--rule <id>', 'only decisions where this rule matched')
    .option('--since <time>', 'from this time: 7d, 12h, 2026-11-01, 2026-11-01T09:00:00Z')
    .option('--until <time>', 'before this time (same forms)')
    .option('--text <text>', 'text in the (masked) input, e.g. a command');
}

/** Lists matching decisions; with follow, keeps printing new ones until stopped. */
export async function listDecisions(
  store: Store,
  query: DecisionQuery,
  format: 'table' | 'json' | 'ndjson',
  out: Out,
  follow?: { intervalMs: number; signal: AbortSignal },
): Promise<void> {
  const filter: DecisionFilter = toFilter(query);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const latest = (await store.audit.list(filter, { order: 'desc', limit })).map(presentSummary);
  if (format === 'json' && !follow) {
    out(`${JSON.stringify(latest, null, 2)}\n`);
    return;
  }
  // Following prints oldest first so that new rows land at the bottom, like tail -f.
  const rows = follow ? [...latest].reverse() : latest;
  if (format === 'table') out(`${tableHeader()}\n`);
  const print = (d: DecisionSummary) => out(format === 'table' ? `${tableLine(d)}\n` : `${JSON.stringify(d)}\n`);
  rows.forEach(print);
  if (!follow) return;
  let last = latest[0]?.seq ?? (await store.audit.chainHead()).seq;
  while (!follow.signal.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, follow.intervalMs);
      follow.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (follow.signal.aborted) break;
    const fresh = await store.audit.list(filter, { order: 'asc', after: last, limit: 500 });
    for (const row of fresh) print(presentSummary(row));
    if (fresh.length > 0) last = Number(fresh.at(-1)!.seq);
  }
}

export function describeVerify(report: VerifyReport): string {
  const lines: string[] = [];
  const startText = report.start.from === 'genesis' ? 'genesis' : `prune anchor at seq ${report.start.seq}`;
  if (report.ok) {
    lines.push(`ok: ${report.checked} row(s) verified from ${startText} to head ${formatAnchor(report.head)}`);
    lines.push(`ok: ${report.follow_ups.approvals} approval(s) and ${report.follow_ups.outcomes} reported outcome(s) match their decisions`);
    lines.push(
      `ok: the trail's ${report.trail.events} event(s) account for every approval, outcome, ${report.follow_ups.policy_revisions} policy revision(s) and ${report.follow_ups.policy_activations} activation(s)` +
        (report.trail.adopted ? ` (${report.trail.adopted} row(s) adopted as they were when the trail started)` : ''),
    );
    if (report.anchor) lines.push(`anchor ${formatAnchor(report.anchor)} is in the log`);
  } else {
    const b = report.broken!;
    const where = b.seq ? ` (seq ${b.seq})` : '';
    const of = b.follow_up?.decision_id ? ` of decision ${printable(b.follow_up.decision_id)}` : '';
    if (b.follow_up?.kind === 'approval') lines.push(`BROKEN: approval ${printable(b.follow_up.id)}${of}${where}:`);
    else if (b.follow_up?.kind === 'outcome') lines.push(`BROKEN: the reported outcome of decision ${printable(b.follow_up.id)}${where}:`);
    else if (b.follow_up?.kind === 'trail') lines.push(`BROKEN: the trail at event ${printable(b.follow_up.id)}:`);
    else if (b.follow_up) lines.push(`BROKEN: ${b.follow_up.kind.replace('_', ' ')} ${printable(b.follow_up.id)}:`);
    else lines.push(`BROKEN at seq ${b.seq}${b.id ? ` (id ${printable(b.id)})` : ''}:`);
    for (const problem of b.problems) lines.push(`  - ${problem}`);
    lines.push(b.follow_up ? `the decision chain itself verified: ${report.checked} row(s) from ${startText}.` : `${report.checked} row(s) before it verified from ${startText}.`);
  }
  return `${lines.join('\n')}\n`;
}

/** show and timeline: one record found by id, printed as JSON; exit 1 naming what was not found. */
function jsonById(what: string, find: (store: Store, id: string) => Promise<unknown>) {
  return async (id: string, _opts: unknown, cmd: Command) => {
    const value = await withLog(cmd.optsWithGlobals().db, (store) => find(store, id));
    if (value === undefined) fail(`no ${what} with id ${JSON.stringify(id)}`);
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  };
}

/** verify and prune: where the chain key comes from. */
const KEY_ENV_OPTION = ['--key-env <VAR>', 'environment variable holding the chain key (default TOOLGATE_CHAIN_KEY, if set)'] as const;

function keyFrom(envVar: string | undefined): string | undefined {
  const name = envVar ?? 'TOOLGATE_CHAIN_KEY';
  const value = process.env[name];
  if (envVar && !value) fail(`--key-env ${envVar}: that environment variable is not set (or empty)`);
  return value || undefined;
}

/** `toolgate audit … | head` closes the pipe early: that is the reader's choice, not an error. */
function exitQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

async function withLog<T>(db: string, run: (store: Store) => Promise<T>): Promise<T> {
  let store: Store;
  try {
    store = await openLog(db);
  } catch (error) {
    fail((error as Error).message);
  }
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

export function registerAudit(program: Command): void {
  const audit = addFilterOptions(
    program
      .command('audit')
      .description('query the decision log (a table by default); subcommands verify, head, export, prune, show, timeline')
      // `||`: an empty TOOLGATE_DB means unset, not a file named "".
      .option('--db <path-or-url>', 'SQLite file or postgres:// URL', defaultDb()),
  )
    .option('--limit <n>', `rows to show (default ${DEFAULT_PAGE_SIZE}, newest first)`)
    .option('--json', 'print a JSON array')
    .option('--ndjson', 'print one JSON object per line')
    .option('-f, --follow', 'keep printing new decisions as they are logged (Ctrl-C to stop)')
    .action(async (opts) => {
      exitQuietlyOnClosedPipe();
      const query = parseFilters(opts);
      const format = opts.ndjson ? 'ndjson' : opts.json ? 'json' : 'table';
      await withLog(opts.db, async (store) => {
        if (!opts.follow) return listDecisions(store, query, format, (t) => process.stdout.write(t));
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        process.once('SIGTERM', () => controller.abort());
        await listDecisions(store, query, format, (t) => process.stdout.write(t), { intervalMs: 1000, signal: controller.signal });
      });
    });

  audit
    .command('show <decision-id>')
    .description('one decision in full: input, facts, matched rules and their files, reasons, policy revision')
    .action(
      jsonById('decision', async (store, id) => {
        const row = await store.audit.get(id);
        return row && { ...presentDetail(row, await store.audit.policyRevision(row.policy_revision)), ...(await store.audit.decisionEvents(id)) };
      }),
    );

  audit
    .command('timeline <session-id>')
    .description("a session's decisions and outcomes, checkpoints, compactions, in order (JSON)")
    .action(
      jsonById('session', async (store, id) => {
        const timeline = await sessionTimeline(store, id);
        return !timeline.session && timeline.entries.length === 0 ? undefined : timeline;
      }),
    );

  audit
    .command('verify')
    .description('walk the hash chain; exit 1 at the first deleted, edited or reordered row, naming it')
    .option(...KEY_ENV_OPTION)
    .option('--anchor <SEQ:HASH>', 'a head printed earlier by `toolgate audit head`: prove the log still contains it')
    .option('--json', 'print the report as JSON')
    .option('--file <export>', 'verify an export written with --with-chain instead of the database (no database needed)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      if (opts.file) {
        let text: string;
        try {
          text = readFileSync(opts.file, 'utf8');
        } catch (error) {
          fail(`cannot read ${opts.file}: ${(error as Error).message}`);
        }
        const report = verifyExportLines(text.split('\n'), keyFrom(opts.keyEnv));
        const anchor = opts.anchor ? parseAnchor(opts.anchor) : undefined;
        const anchorOk = !anchor || (report.last?.seq === anchor.seq && report.last.hash === anchor.hash);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, ...(anchor ? { anchor_matches_last: anchorOk } : {}) }, null, 2)}\n`);
        else if (!report.ok) process.stdout.write(`BROKEN at line ${report.error!.line}${report.error!.seq !== null ? ` (seq ${report.error!.seq})` : ''}: ${report.error!.reason}\n`);
        else {
          process.stdout.write(
            `ok: ${report.checked} row(s) of ${opts.file} verified, seq ${report.first_seq} to ${report.last ? formatAnchor(report.last) : '-'}` +
              `${report.gaps ? ` (${report.gaps} gap(s): a filtered export)` : ''}\n` +
              (anchor ? (anchorOk ? `the last row is the anchor ${formatAnchor(anchor)}\n` : `the last row is NOT the anchor ${formatAnchor(anchor)}\n`) : ''),
          );
        }
        process.exitCode = report.ok && anchorOk ? 0 : 1;
        return;
      }
      let anchor;
      try {
        anchor = opts.anchor ? parseAnchor(opts.anchor) : undefined;
      } catch (error) {
        fail((error as Error).message);
      }
      const key = keyFrom(opts.keyEnv);
      const report = await withLog(opts.db, (store) => verifyChain(store.audit, { key, anchor }));
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : describeVerify(report));
      process.exitCode = report.ok ? 0 : 1;
    });

  audit
    .command('head')
    .description('print the chain head as SEQ:HASH, to keep outside the database (verify --anchor checks it later)')
    .action(async (_opts, cmd: Command) => {
      const head = await withLog(cmd.optsWithGlobals().db, (store) => store.audit.chainHead());
      process.stdout.write(`${formatAnchor(head)}\n`);
    });

  audit
    .command('export')
    .description('write decisions oldest first: --format opa (OPA decision log NDJSON), csv or ndjson')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`)
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--with-chain', 'carry each row\'s chain link (its stored fields and hashes), so `toolgate audit verify --file` checks the export with no database')
    .addHelpText('after', '\nFilters: the options of `toolgate audit` (--since, --until, --agent, --decision, …), e.g.\n  toolgate audit export --format opa --since 2026-11-01 --until 2026-12-01 -o november.ndjson')
    .action(async (_opts, cmd: Command) => {
      // Filter options belong to `audit`; commander hands them to the parent wherever they are typed.
      const opts = cmd.optsWithGlobals();
      exitQuietlyOnClosedPipe();
      if (!EXPORT_FORMATS.includes(opts.format)) fail(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not ${JSON.stringify(opts.format)}`);
      const query = parseFilters(opts);
      const stream = opts.output ? createWriteStream(opts.output) : process.stdout;
      if (opts.output) {
        stream.on('error', (error) => fail(`cannot write ${opts.output}: ${error.message}`));
      }
      const count = await withLog(opts.db, (store) =>
        exportDecisions(
          store.audit,
          toFilter(query),
          opts.format as ExportFormat,
          async (chunk) => {
            if (!stream.write(chunk)) await once(stream, 'drain');
          },
          { chain: Boolean(opts.withChain) },
        ),
      );
      if (opts.output) {
        await new Promise<void>((resolve) => (stream as ReturnType<typeof createWriteStream>).end(resolve));
        process.stderr.write(`toolgate: exported ${count} decision(s) to ${opts.output}\n`);
      }
    });

  audit
    .command('prune')
    .description('delete decisions older than a duration, keeping the rest verifiable (records a chain anchor)')
    .requiredOption('--older-than <duration>', 'e.g. 90d, 12w, 36h')
    .option(...KEY_ENV_OPTION)
    .option('--force', 'prune even when the chain does not verify (the broken rows may be deleted)')
    .action(async (_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals();
      let olderThanMs: number;
      try {
        olderThanMs = parseDuration(opts.olderThan);
      } catch (error) {
        fail((error as Error).message);
      }
      const key = keyFrom(opts.keyEnv);
      await withLog(opts.db, async (store) => {
        // Pruning a tampered chain would erase the evidence: verify first.
        const report = await verifyChain(store.audit, { key });
        if (!report.ok && !opts.force) {
          process.stderr.write(describeVerify(report));
          fail('the chain does not verify; nothing was pruned (investigate, or pass --force)');
        }
        const cutoff = Date.now() - olderThanMs;
        const anchor = await store.audit.prune(cutoff, { key });
        if (!anchor) {
          process.stdout.write(`nothing to prune: no decision is older than ${rfc3339(cutoff)}\n`);
          return;
        }
        process.stdout.write(
          `pruned ${anchor.pruned_rows} decision(s) older than ${rfc3339(cutoff)}; the retained chain starts after anchor ${formatAnchor(anchor)}\n`,
        );
      });
    });
}
