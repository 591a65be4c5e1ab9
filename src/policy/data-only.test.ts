import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../pipeline/check.js';
import { sessionView } from '../session/index.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { buildPolicy, dataOnlyPolicy } from './bundle.js';
import { LoadedRevision } from './engine.js';
import { OpaNotFoundError } from './opa-cli.js';

// A tool whose name has no known verb: nobody vouched for it, so the defaults ask (a tool whose
// verb and effects are understood needs no vouching: src/normalize/tools/verbs.ts).
const call = { session_id: 's', tool: 'mcp__fs__relocate_file', input: { source: '/home/dev/project/notes.md', destination: '/home/dev/project/docs/notes.md' } };
const ctx = { cwd: '/home/dev/project', home: '/home/dev' };
const action = (revision: LoadedRevision) => decide(revision, call, sessionView(undefined, call, Date.now()), ctx).decision.decision;

describe('a policy folder that holds only data needs no opa', () => {
  let dir: string;
  const saved = process.env.TOOLGATE_OPA;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-data-only-'));
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ config: { tools: { trusted: ['Glob', 'Grep', 'mcp__fs__relocate_file'] } } }));
    // Any attempt to run opa fails: the data-only path must not need it.
    process.env.TOOLGATE_OPA = path.join(dir, 'no-opa-here');
  });
  afterEach(() => rmSync(path.join(dir, 'extra.rego'), { force: true }));
  afterAll(() => {
    if (saved === undefined) delete process.env.TOOLGATE_OPA;
    else process.env.TOOLGATE_OPA = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges the data over the defaults and keeps the shipped WASM', async () => {
    const defaults = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR]));
    const overlaid = await buildPolicy([DEFAULT_POLICY_DIR, dir]);
    expect(action(defaults)).toBe('ask');
    expect(action(new LoadedRevision(overlaid))).toBe('allow');
    expect(overlaid.revision).not.toBe(defaults.revision);
    // The trusted tool's arguments are still judged: a private key named in its input stays denied.
    const secret = { ...call, input: { source: '/home/dev/.ssh/id_ed25519', destination: '/home/dev/project/k' } };
    expect(decide(new LoadedRevision(overlaid), secret, sessionView(undefined, secret, Date.now()), ctx).decision.decision).toBe('deny');
  });

  it('Rego in the folder still needs opa, and the error says how to get it', async () => {
    writeFileSync(path.join(dir, 'extra.rego'), 'package toolgate.custom.extra\n');
    expect(dataOnlyPolicy([DEFAULT_POLICY_DIR, dir])).toBeNull();
    await expect(buildPolicy([DEFAULT_POLICY_DIR, dir])).rejects.toThrow(OpaNotFoundError);
    await expect(buildPolicy([DEFAULT_POLICY_DIR, dir])).rejects.toThrow(/npm run install:opa/);
  });
});
