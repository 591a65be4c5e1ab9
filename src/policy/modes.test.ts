/**
 * Custom policy directories end to end, through a real gateway: a custom package's
 * findings, its data overriding the defaults, a default rule switched off by id, and
 * the rule modes (enforce, warn, dryrun, off) as answered over HTTP and as logged.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestGateway, type TestGateway } from '../../test/support/gateway.js';
import { closeAndRemove, ruleModule, tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';

const modes = `package toolgate.custom.modes

import rego.v1

import data.toolgate.lib

rule_for := {
	"enforced_cmd": ["custom.modes.enforced", "ask"],
	"warned_cmd": ["custom.modes.warned", "deny"],
	"dry_cmd": ["custom.modes.dry", "deny"],
	"off_cmd": ["custom.modes.off", "deny"],
	"disabled_cmd": ["custom.modes.disabled", "ask"],
}

findings contains lib.finding(r[0], r[1], "destructive_cloud", "high", sprintf("%s matched", [c.name])) if {
	some c in lib.commands
	r := rule_for[c.name]
}
`;

let dir: string;
let gw: TestGateway;

async function check(tool: string, input: Record<string, unknown>) {
  const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: 'modes', tool, input });
  expect(status).toBe(200);
  return body;
}

async function logged(id: string) {
  const row = await gw.gateway.store.getDecision(id);
  expect(row).toBeDefined();
  return JSON.parse(row!.result);
}

beforeAll(async () => {
  dir = tempPolicyDir();
  writePolicyFile(dir, 'modes/modes.rego', modes);
  writePolicyFile(dir, 'extra/extra.rego', ruleModule('extra', 'custom.extra.kubectl_delete', 'kubectl', 'deny'));
  writePolicyFile(dir, 'data.json', {
    config: {
      disabled_rules: ['custom.modes.disabled'],
      rules: {
        'custom.modes.warned': { mode: 'warn' },
        'custom.modes.dry': { mode: 'dryrun' },
        'custom.modes.off': { mode: 'off' },
        // A shipped rule, set by id: unknown tools are allowed with a warning instead of asked.
        'core.unknown_tool': { mode: 'warn' },
      },
      // Overrides the shipped list (arrays are replaced whole).
      tools: { trusted: ['mcp__corp__*'] },
    },
  });
  gw = await startTestGateway({ policyDirs: [dir] });
}, 60_000);

afterAll(() => closeAndRemove(gw, dir));

describe('custom policy dirs and rule modes', () => {
  it('enforce: a custom rule decides, and the answer names it and its file', async () => {
    const body = await check('bash', { command: 'enforced_cmd --now' });
    expect(body.decision).toBe('ask');
    expect(body.reasons[0]).toMatchObject({ rule: 'custom.modes.enforced', action: 'ask' });
    const other = await check('bash', { command: 'kubectl delete ns prod' });
    expect(other.decision).toBe('deny');
    // A rule id written literally as lib.finding's first argument is indexed: the answer names its file.
    expect(other.reasons[0]).toMatchObject({ rule: 'custom.extra.kubectl_delete', file: expect.stringMatching(/extra\/extra\.rego$/) });
  });

  it('warn: answers allow with the warning attached, and the decision log keeps it', async () => {
    const body = await check('bash', { command: 'warned_cmd' });
    expect(body.decision).toBe('allow');
    expect(body.reasons).toEqual([]);
    expect(body.warnings).toEqual([expect.objectContaining({ rule: 'custom.modes.warned', action: 'deny', message: 'warned_cmd matched' })]);
    const result = await logged(body.decision_id);
    expect(result.decision).toBe('allow');
    expect(result.warnings).toEqual([expect.objectContaining({ rule: 'custom.modes.warned', action: 'deny' })]);
  });

  it('dryrun: answers as if the rule did not exist, and logs what it would have decided', async () => {
    const body = await check('bash', { command: 'dry_cmd' });
    expect(body.decision).toBe('allow');
    expect(body.reasons).toEqual([]);
    expect(body.warnings).toBeUndefined();
    const result = await logged(body.decision_id);
    expect(result.dryrun).toEqual([expect.objectContaining({ rule: 'custom.modes.dry', action: 'deny', message: 'dry_cmd matched' })]);
    expect(result.matched).toContain('custom.modes.dry');
  });

  it('dryrun beside an enforced rule: the enforced one decides alone', async () => {
    const body = await check('bash', { command: 'dry_cmd && enforced_cmd' });
    expect(body.decision).toBe('ask');
    expect(body.reasons.map((r: { rule: string }) => r.rule)).toEqual(['custom.modes.enforced']);
    expect((await logged(body.decision_id)).dryrun.map((r: { rule: string }) => r.rule)).toEqual(['custom.modes.dry']);
  });

  it('off and disabled_rules: the rule neither decides, warns nor is logged as dry-run', async () => {
    for (const command of ['off_cmd', 'disabled_cmd']) {
      const body = await check('bash', { command });
      expect(body.decision).toBe('allow');
      expect(body.warnings).toBeUndefined();
      const result = await logged(body.decision_id);
      expect(result.dryrun).toEqual([]);
      expect(result.warnings).toEqual([]);
    }
  });

  it('a shipped rule set to warn by id, and shipped data overridden by the operator', async () => {
    const unknown = await check('mcp__other__delete_everything', { id: 1 });
    expect(unknown.decision).toBe('allow');
    expect(unknown.warnings?.[0]?.rule).toBe('core.unknown_tool');
    // The operator's trusted list replaced the shipped one: no finding at all.
    const trusted = await check('mcp__corp__search', { q: 'x' });
    expect(trusted.decision).toBe('allow');
    expect(trusted.warnings).toBeUndefined();
    expect((await logged(trusted.decision_id)).matched).not.toContain('core.unknown_tool');
  });
});

describe('switching a shipped rule off by id', () => {
  it('config.disabled_rules silences a default rule without editing the defaults', async () => {
    const off = tempPolicyDir();
    writePolicyFile(off, 'data.json', { config: { disabled_rules: ['core.unknown_tool'] } });
    writePolicyFile(off, 'noop/noop.rego', ruleModule('noop', 'custom.noop.never', 'never_called_cmd', 'ask'));
    const other = await startTestGateway({ policyDirs: [off] });
    try {
      const { body } = await postJson(`${other.url}/v1/check`, { session_id: 's', tool: 'mcp__x__y', input: {} });
      expect(body.decision).toBe('allow');
      expect(body.warnings).toBeUndefined();
      // The same call on the shipped policy (the gateway of the first suite has it in warn mode).
      const baseline = await startTestGateway();
      try {
        const { body: shipped } = await postJson(`${baseline.url}/v1/check`, { session_id: 's', tool: 'mcp__x__y', input: {} });
        expect(shipped.decision).toBe('ask');
        expect(shipped.reasons[0].rule).toBe('core.unknown_tool');
      } finally {
        await baseline.close();
      }
    } finally {
      await other.close();
      rmSync(off, { recursive: true, force: true });
    }
  }, 60_000);
});
