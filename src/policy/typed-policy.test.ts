/**
 * A custom rule that misspells a finding's action or severity, a fact or a data key is a
 * build error with file:line (the schemas of src/policy/schema.ts and the literal check of
 * finding-literals.ts), and a finding whose action is wrong at run time denies with a
 * policy error that keeps the call's other reasons. Real opa, real WASM, the gateway's decide().
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPolicy, PolicyBuildError } from './bundle.js';
import { LoadedRevision } from './engine.js';
import { configSchema, inferShape } from './schema.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { decide } from '../pipeline/check.js';
import { attributeReasons } from './attribution.js';
import { sessionView } from '../session/index.js';
import { tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function policyDir(files: Record<string, string | object>): string {
  const dir = tempPolicyDir();
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) writePolicyFile(dir, file, content);
  return dir;
}

async function buildError(dir: string): Promise<string> {
  const error = await buildPolicy([DEFAULT_POLICY_DIR, dir]).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PolicyBuildError);
  return (error as PolicyBuildError).details;
}

const rule = (body: string, finding = 'lib.finding("custom.deploy.block", "deny", "destructive_cloud", "high", "deploytool is blocked")') => `package toolgate.custom.deploy

import rego.v1

import data.toolgate.lib

cfg := data.config.custom.deploy

findings contains ${finding} if {
${body}
}
`;

const onDeploytool = '\tsome c in lib.commands\n\tc.name in cfg.binaries';
const data = { config: { custom: { deploy: { binaries: ['deploytool'], action: 'Deny' } } } };

function check(revision: LoadedRevision, command: string) {
  const call = { session_id: 's', tool: 'bash', input: { command }, context: { cwd: '/home/dev/project', home: '/home/dev' } };
  return decide(revision, call, sessionView(undefined, call, Date.now()), { cwd: '/home/dev/project', home: '/home/dev' }).decision;
}

describe('finding enums at build time', () => {
  it('rejects a misspelled action and severity with file:line', async () => {
    const dir = policyDir({
      'deploy/deploy.rego': rule(onDeploytool, 'lib.finding(\n\t"custom.deploy.block",\n\t"Deny",\n\t"destructive_cloud",\n\t"hgih",\n\t"deploytool is blocked",\n)'),
      'data.json': data,
    });
    const details = await buildError(dir);
    expect(details).toMatch(/deploy\/deploy\.rego:11:\d+: toolgate_finding_error: finding action "Deny" is not one of allow, ask, deny/);
    expect(details).toMatch(/deploy\/deploy\.rego:13:\d+: toolgate_finding_error: finding severity "hgih"/);
  }, 60_000);

  it('rejects an object-literal finding with action "dney"', async () => {
    const dir = policyDir({
      'deploy/deploy.rego': rule(onDeploytool, '{"rule": "custom.deploy.block", "action": "dney", "category": "destructive_cloud", "severity": "high", "message": "m"}'),
      'data.json': data,
    });
    expect(await buildError(dir)).toMatch(/deploy\/deploy\.rego:9:\d+: toolgate_finding_error: finding action "dney"/);
  }, 60_000);

  it('rejects a rule mode that is not a mode', async () => {
    const dir = policyDir({
      'deploy/deploy.rego': rule(onDeploytool),
      'data.json': { config: { ...data.config, rules: { 'custom.deploy.block': { mode: 'enfroce' } } } },
    });
    expect(await buildError(dir)).toMatch(/data\.config\.rules\["custom\.deploy\.block"\]\.mode: Invalid option/);
  }, 60_000);
});

describe('typed input and data', () => {
  it('rejects a misspelled fact with file:line and the names that exist', async () => {
    const dir = policyDir({ 'deploy/deploy.rego': rule('\tsome c in input.facts.comands\n\tc.name in cfg.binaries'), 'data.json': data });
    expect(await buildError(dir)).toMatch(/deploy\/deploy\.rego:10:\d+: rego_type_error: undefined ref: input\.facts\.comands.*nearest: commands/);
  }, 60_000);

  it('rejects a misspelled key of its own settings and of the shipped data', async () => {
    const dir = policyDir({
      'deploy/deploy.rego': rule('\tsome c in lib.commands\n\tc.name in cfg.binarys\n\tdata.config.paths.credential_glob[_] == c.name'),
      'data.json': data,
    });
    const details = await buildError(dir);
    expect(details).toMatch(/deploy\/deploy\.rego:11:\d+: rego_type_error: undefined ref: .*binarys.*nearest: binaries/);
    expect(details).toMatch(/deploy\/deploy\.rego:12:\d+: rego_type_error: undefined ref: data\.config\.paths\.credential_glob.*nearest: credential_globs/);
  }, 60_000);

  it('rejects a misspelled session field and an input the gateway never sends', async () => {
    const dir = policyDir({ 'deploy/deploy.rego': rule('\tinput.session.usgae.calls > 3\n\tinput.config.x == 1'), 'data.json': data });
    const details = await buildError(dir);
    expect(details).toMatch(/deploy\.rego:10:\d+: rego_type_error: undefined ref: input\.session\.usgae/);
    expect(details).toMatch(/deploy\.rego:11:\d+: rego_type_error: undefined ref: input\.config/);
  }, 60_000);

  it('accepts the fields that exist: effects, input.call, settings the operator added', async () => {
    const dir = policyDir({
      'deploy/deploy.rego': rule(
        '\tsome e in input.facts.effects\n\te.type == "delete"\n\tinput.call.agent_id == "ci"\n\tinput.session.usage.calls > 1\n\tcount(cfg.binaries) > 0',
      ),
      'data.json': data,
    });
    await expect(buildPolicy([DEFAULT_POLICY_DIR, dir])).resolves.toBeTruthy();
  }, 60_000);
});

describe('finding enums at run time', () => {
  it('denies with a policy error naming the rule when an action computed from data is misspelled, and keeps the other reasons', async () => {
    const dir = policyDir({
      'deploy/deploy.rego': rule(onDeploytool, 'lib.finding("custom.deploy.block", cfg.action, "destructive_cloud", "high", "deploytool is blocked")'),
      'data.json': data,
    });
    const revision = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, dir]));
    const result = check(revision, 'deploytool --all && git push --force');
    expect(result.decision).toBe('deny');
    expect(result.reasons[0]).toMatchObject({ rule: 'toolgate.policy_error', source_rule: 'custom.deploy.block', action: 'deny' });
    expect(result.reasons[0]!.message).toContain('"Deny"');
    // The call's own reasons are still there.
    expect(result.reasons.map((r) => r.rule)).toContain('bash.destructive_git.history_or_work_loss');
    expect(result.categories).toContain('policy_error');
    // As answered: the policy error names the file and line of the rule that caused it.
    expect(attributeReasons(result.reasons, revision.policy)[0]!.file).toMatch(/deploy\/deploy\.rego:9$/);
    expect(check(revision, 'ls').decision).toBe('allow');
  }, 60_000);
});

describe('schema shapes', () => {
  it('closes objects to their keys, leaves values untyped and opens empty tables', () => {
    expect(inferShape({ a: [{ x: 1 }, { y: 'z' }], b: {}, c: 3 })).toEqual({
      type: 'object',
      properties: {
        a: { type: 'array', items: { type: 'object', properties: { x: {}, y: {} }, additionalProperties: false } },
        b: { type: 'object', additionalProperties: true },
        c: {},
      },
      additionalProperties: false,
    });
  });

  it('declares the operator keys the shipped data leaves out, and closes the custom settings the data holds', () => {
    const schema = configSchema({ config: { custom: { deploy: { binaries: [] } } } }) as {
      properties: Record<string, { properties?: Record<string, { additionalProperties?: unknown }>; additionalProperties?: unknown }>;
    };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['custom', 'custom_dispatch', 'rules', 'disabled_rules', 'audit']));
    expect(schema.properties.custom!.properties!.deploy!.additionalProperties).toBe(false);
    expect(schema.properties.custom!.additionalProperties).toBeTruthy();
  });
});

describe('the committed input schema', () => {
  it('is the one generated from PolicyInput', async () => {
    const { execFileSync } = await import('node:child_process');
    expect(() => execFileSync(process.execPath, [path.join(DEFAULT_POLICY_DIR, '..', 'scripts', 'gen-policy-schema.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  }, 60_000);
});
