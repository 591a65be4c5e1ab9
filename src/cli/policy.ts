/**
 * `toolgate policy history|diff`: which revision was active when, what was in it, and what
 * changed between two revisions, read from the database (the gateway need not run).
 */
import type { Command } from 'commander';
import { activeAt, getRevision, listActivations, verifyPolicyHistory } from '../store/policy-history.js';
import { openLog, printable } from './audit.js';
import { defaultDb, fail } from './util.js';

interface StoredSources {
  files: Record<string, string> | null;
  data: unknown;
}

function parseSources(text: string | null | undefined): StoredSources | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as StoredSources;
  } catch {
    return null;
  }
}

/** A unified-style line diff (longest common subsequence; policy files are small). */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`@@ +${j + 1} @@ +${b[j]}`);
      j += 1;
    } else {
      out.push(`@@ -${i + 1} @@ -${a[i]}`);
      i += 1;
    }
  }
  return out;
}

export function diffSources(a: StoredSources, b: StoredSources): string[] {
  const out: string[] = [];
  const before = a.files ?? {};
  const after = b.files ?? {};
  for (const file of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(file in after)) out.push(`removed ${file}`);
    else if (!(file in before)) out.push(`added ${file}`, ...after[file]!.split('\n').map((line) => `  +${line}`));
    else if (before[file] !== after[file]) out.push(`changed ${file}`, ...lineDiff(before[file]!, after[file]!).map((line) => `  ${line}`));
  }
  const dataBefore = JSON.stringify(a.data, null, 1);
  const dataAfter = JSON.stringify(b.data, null, 1);
  if (dataBefore !== dataAfter) out.push('changed data (merged data.json)', ...lineDiff(dataBefore, dataAfter).map((line) => `  ${line}`));
  return out;
}

export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('the policy history: when each revision was active, what was in it, what changed');

  policy
    .command('history')
    .description('every activation and deactivation of a policy revision, oldest first, with the chain checked')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL', defaultDb())
    .option('--at <time>', 'print only the revision active at this time (ISO 8601 or epoch ms)')
    .option('--json', 'print as JSON')
    .action(async (opts) => {
      const store = await openLog(opts.db).catch((error: Error) => fail(error.message));
      try {
        const rows = await listActivations(store.db);
        const report = await verifyPolicyHistory(store.db, process.env.TOOLGATE_CHAIN_KEY);
        if (opts.at !== undefined) {
          const at = /^\d+$/.test(opts.at) ? Number(opts.at) : Date.parse(opts.at);
          if (!Number.isFinite(at)) fail(`--at ${opts.at}: not a time (ISO 8601 or epoch ms)`);
          const revision = activeAt(rows, at);
          process.stdout.write(opts.json ? JSON.stringify({ at, revision, chain: report }) + '\n' : `${revision ?? '(no revision was active)'}\n`);
        } else if (opts.json) {
          process.stdout.write(JSON.stringify({ activations: rows, chain: report }, null, 2) + '\n');
        } else {
          for (const row of rows) {
            process.stdout.write(`${new Date(Number(row.at)).toISOString()}  ${row.event.padEnd(11)}  ${printable(row.revision)}  (${printable(row.trigger)})\n`);
          }
          process.stdout.write(
            report.ok ? `policy history: ${report.activations} events, chain intact\n` : `policy history BROKEN at event ${report.broken!.seq}: ${report.broken!.reason}\n`,
          );
        }
        if (!report.ok) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });

  policy
    .command('diff')
    .description('what changed between two stored revisions: Rego files and merged data')
    .argument('<a>', 'the older revision')
    .argument('<b>', 'the newer revision')
    .option('--db <path-or-url>', 'SQLite file or postgres:// URL', defaultDb())
    .action(async (a: string, b: string, opts) => {
      const store = await openLog(opts.db).catch((error: Error) => fail(error.message));
      try {
        const [ra, rb] = [await getRevision(store.db, a), await getRevision(store.db, b)];
        for (const [name, row] of [[a, ra], [b, rb]] as const) if (!row) fail(`no revision ${name} in the policy history (toolgate policy history lists them)`);
        const [sa, sb] = [parseSources(ra!.sources), parseSources(rb!.sources)];
        if (!sa || !sb) fail(`revision ${!sa ? a : b} was recorded without its sources (before the policy history kept them)`);
        const lines = diffSources(sa!, sb!);
        process.stdout.write(lines.length ? lines.map(printable).join('\n') + '\n' : `no difference between ${a} and ${b}\n`);
      } finally {
        await store.close();
      }
    });
}
