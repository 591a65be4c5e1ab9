import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { buildPolicy } from './bundle.js';
import { LoadedRevision } from './engine.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'toolgate-big-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a large policy', () => {
  // Thousands of custom rules make the WASM module declare more memory than opa-wasm's
  // default 5 pages; loading must still work (it failed with "memory import … is smaller").
  it('loads and decides with 2000 extra custom rules', async () => {
    for (let f = 0; f < 40; f++) {
      const rules = Array.from({ length: 50 }, (_, r) => {
        const n = f * 50 + r;
        return `findings contains lib.finding("custom.big${f}.r${n}", "ask", "process_control", "low", "generated rule ${n}") if {\n\tsome c in lib.commands\n\tc.name == "big-tool-${n}"\n}`;
      });
      writeFileSync(path.join(dir, `big${f}.rego`), `package toolgate.custom.big${f}\n\nimport rego.v1\n\nimport data.toolgate.lib\n\n${rules.join('\n\n')}\n`);
    }
    const revision = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
    const input = (name: string) => ({
      call: { tool: 'bash', kind: 'bash', input: { command: name }, session_id: 's', agent_id: null },
      facts: { kind: 'bash', command: name, cwd: '/w', parse_error: false, indeterminate: [], signals: [], commands: [{ id: 0, name, args: [], flags: [], operands: [], redirects: [], paths: [], urls: [], parent: null, pipeline: null, pipe_index: 0 }], pipelines: [], flows: [], names: [name], secrets: [] },
      session: { id: 's', new: true, calls: 0 },
      context: { cwd: '/w', home: '/home/u', workspace_roots: ['/w'] },
    });
    const generated = revision.evaluate(input('big-tool-1999'));
    expect(generated.reasons.map((r) => r.rule)).toContain('custom.big39.r1999');
    expect(generated.decision).not.toBe('allow');
  }, 120_000);
});
