/** `toolgate replay --db … --policy-dir candidate`: what a candidate policy would change on logged traffic. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { renderReplay, replayDecisions } from '../pipeline/replay.js';
import { Store } from '../store/index.js';
import { scanDecisions } from '../store/policy-records.js';
import { collect, defaultDb, fail } from './util.js';
import { describeError, loadRevision } from './policy-options.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "24h", "7d", "30m" (that long ago) or an ISO date/time → epoch ms. */
export function parseSince(value: string, now = Date.now()): number {
  const relative = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(value.trim());
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]];
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new InvalidArgumentError('expected a duration like 24h, 7d, 30m, or an ISO date like 2026-11-01T00:00:00Z');
  return at;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('re-evaluate logged decisions against a candidate policy and report what would change')
    .option('--db <path-or-url>', 'the decision log: SQLite file or postgres:// URL', defaultDb())
    .option('--policy-dir <dir>', 'the candidate policy directory, merged over the defaults (repeatable; needs opa)', collect, [])
    .option('--no-defaults', 'compile only the given --policy-dir dirs')
    .option('--bundle <dir>', 'the candidate as a built bundle')
    .option('--since <when>', 'only decisions since then: 24h, 7d, or an ISO date', (v) => parseSince(v))
    .option('--until <when>', 'only decisions before then', (v) => parseSince(v))
    .option('--limit <n>', 'at most this many decisions', (v) => Number(v))
    .option('--examples <n>', 'examples shown per transition', (v) => Number(v), 5)
    .option('--json', 'print the report as JSON')
    .option('--fail-on-change', 'exit 1 when any decision would change')
    .action(async (opts) => {
      let candidate;
      try {
        candidate = await loadRevision(opts);
      } catch (error) {
        fail(describeError(error), 2);
      }
      let store: Store;
      try {
        store = await Store.open(opts.db);
      } catch (error) {
        fail(`cannot open ${opts.db}: ${(error as Error).message}`);
      }
      try {
        const report = await replayDecisions(
          scanDecisions(store.db, { since: opts.since, until: opts.until, limit: opts.limit }),
          candidate,
          { examplesPerTransition: opts.examples, onProgress: (n) => process.stderr.write(`replayed ${n}…\r`) },
        );
        process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : renderReplay(report));
        const notExact = report.same_revision.total - report.same_revision.reproduced;
        if (notExact > 0) process.stderr.write(`toolgate: ${notExact} decision(s) logged under this revision did not reproduce exactly\n`);
        process.exitCode = opts.failOnChange && (report.changed > 0 || report.reasons_changed > 0) ? 1 : 0;
      } catch (error) {
        fail((error as Error).message);
      } finally {
        await store.close();
      }
    });
}
