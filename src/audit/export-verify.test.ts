/**
 * An export that is the whole record and can be checked away from the database: NDJSON and
 * OPA-format exports carry each decision's approval and outcome and its revision, and with
 * --with-chain its chain link, so that `toolgate audit verify --file` checks it with no
 * database; an edited, removed or reordered line is caught. Real gateway, real SQLite, the CLI.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.js';
import { postJson } from '../../test/support/gateway.js';
import { gatewayWithLog, SAMPLE_CALLS } from '../../test/support/audit-log.js';

let log: Awaited<ReturnType<typeof gatewayWithLog>>;
let db: string;
let dir: string;

function cli(...args: string[]): { code: number; stdout: string } {
  try {
    return { code: 0, stdout: execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'toolgate.js'), ...args], { encoding: 'utf8', env: { ...process.env, TOOLGATE_CHAIN_KEY: 'k' } }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, stdout: e.stdout };
  }
}

beforeAll(async () => {
  log = await gatewayWithLog(SAMPLE_CALLS, 'k');
  const { gw, answers } = log;
  // An outcome reported for the first call (allowed).
  const report = await postJson(`${gw.url}/v1/report`, { decision_id: answers[0]!.decision_id, exit_code: 0 });
  expect(report.status, JSON.stringify(report.body)).toBe(200);
  db = gw.db;
  dir = gw.dir;
  await gw.stop();
}, 120_000);
afterAll(() => log?.cleanup());

describe('exports', () => {
  it('carry the outcome and the revision of each decision, and verify from the file alone', () => {
    const file = path.join(dir, 'export.ndjson');
    expect(cli('audit', '--db', db, 'export', '--format', 'opa', '--with-chain', '-o', file).code).toBe(0);
    const events = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(events).toHaveLength(SAMPLE_CALLS.length);
    expect(events[0].toolgate.outcome).toMatchObject({ exit_code: 0 });
    expect(events[0].toolgate).toHaveProperty('approval', null);
    expect(events[0].revision).toMatch(/^[0-9a-f]{16}$/);

    const head = cli('audit', '--db', db, 'head').stdout.trim();
    const ok = cli('audit', 'verify', '--file', file, '--anchor', head);
    expect(ok.stdout).toMatch(new RegExp(`ok: ${SAMPLE_CALLS.length} row\\(s\\) .* verified[\\s\\S]*the last row is the anchor`));
    expect(ok.code).toBe(0);

    // Edit one decision in the file: caught, with its line.
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const edited = lines.map((line, i) => (i === 1 ? line.replace('"decision":"deny"', '"decision":"allow"') : line));
    expect(edited[1]).not.toBe(lines[1]);
    writeFileSync(file, edited.join('\n'));
    const broken = cli('audit', 'verify', '--file', file);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/BROKEN at line 2 \(seq 2\): the event was edited/);

    // Remove a line: the next one no longer links.
    writeFileSync(file, lines.filter((_, i) => i !== 2).join('\n'));
    expect(cli('audit', 'verify', '--file', file).stdout).toMatch(/BROKEN at line 3 \(seq 4\): the export had row 3 before this one/);

    // The intact file verifies again.
    writeFileSync(file, lines.join('\n'));
    expect(cli('audit', 'verify', '--file', file).code).toBe(0);
  }, 120_000);

  it('NDJSON carries them too', () => {
    const out = cli('audit', '--db', db, 'export', '--format', 'ndjson').stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(out[0].toolgate.outcome).toMatchObject({ exit_code: 0 });
    expect(out[0].policy_revision ?? out[0].policy?.revision).toBeTruthy();
  }, 60_000);
});
