/**
 * A failed evaluation (a conflict between complete rules, a trap in the WASM) fails that call
 * alone: its instance is replaced, so that the failures of one client, however many, never
 * change the answers of the next calls (engine.ts, LoadedRevision.run).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy } from './bundle.js';
import { evaluateOrDeny, LoadedRevision } from './engine.js';
import type { CompiledPolicy } from './bundle.js';

const CONFLICTING_POLICY = fileURLToPath(new URL('../../test/reliability/fixtures/conflicting-policy', import.meta.url));

describe('a failed evaluation', () => {
  let policy: CompiledPolicy;
  beforeAll(async () => {
    // Two complete rules that disagree for bash calls only: bash calls abort, read calls allow.
    policy = await buildPolicy([CONFLICTING_POLICY]);
  }, 60_000);
  const failing = { call: { kind: 'bash', tool: 'bash' } };
  const ordinary = { call: { kind: 'read', tool: 'read' } };

  it('is denied with its cause, and the next evaluation gets a fresh instance', () => {
    const revision = new LoadedRevision(policy);
    const denied = evaluateOrDeny(revision, failing);
    expect(denied.decision).toBe('deny');
    expect(denied.reasons[0]!.message).toMatch(/var assignment conflict \(the engine's instance was rebuilt\)/);
    expect(revision.failures).toBe(1);
    expect(evaluateOrDeny(revision, ordinary).decision).toBe('allow');
  });

  it('leaves the answers of later calls as they were, after more failures than the C stack could take', () => {
    // Each abort used to leave the WASM's stack pointer 128 bytes lower: from about 512 on,
    // every evaluation trapped with "memory access out of bounds".
    const revision = new LoadedRevision(policy);
    for (let i = 0; i < 700; i++) evaluateOrDeny(revision, failing);
    const after = evaluateOrDeny(revision, ordinary);
    expect(after.reasons.map((r) => r.message)).toEqual([]);
    expect(after.decision).toBe('allow');
    expect(revision.failures).toBe(700);
  }, 60_000);
});
