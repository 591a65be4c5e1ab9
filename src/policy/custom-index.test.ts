/**
 * Custom package dispatch (config.custom_dispatch): the build lists the custom packages,
 * decision.rego evaluates a declared package only on the calls it applies to and an
 * undeclared one on every call. Real opa build, real WASM.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPolicy, type CompiledPolicy } from './bundle.js';
import { CUSTOM_INDEX_KEY, customPackageNames, customPackagesByCommand } from './custom-index.js';
import { LoadedRevision } from './engine.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { decide } from '../pipeline/check.js';
import { sessionView } from '../session/index.js';
import { copyExamplePolicies, tempPolicyDir, writePolicyFile } from '../../test/support/policy-fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function moduleFiles(modules: Record<string, string>): { file: string; text: string }[] {
  const dir = tempPolicyDir();
  dirs.push(dir);
  return Object.entries(modules).map(([file, text]) => ({ file: writePolicyFile(dir, file, text), text }));
}

describe('customPackageNames', () => {
  it('lists the packages under toolgate.custom and ignores the others', () => {
    const files = moduleFiles({
      'a.rego': 'package toolgate.custom.terraform\n',
      'b.rego': '# header\npackage toolgate.custom.helm.sub\n',
      'c.rego': 'package toolgate.rules.bash.x\n',
      'd.rego': 'package acme.lib\n',
      'e.rego': 'package toolgate\n\nraw_findings contains f if some f in data.toolgate.custom[_].findings\n',
    });
    expect(customPackageNames(files)).toEqual(['helm', 'terraform']);
  });

  it('gives up (every package evaluated) where a module could define custom rules it does not follow', () => {
    for (const text of [
      'package toolgate.custom\n\nx.findings contains 1 if true\n',
      'package toolgate.custom["my-rules"]\n',
      'package toolgate["custom"].x\n',
      'package toolgate\n\ncustom.x.findings contains 1 if true\n',
    ]) {
      expect(customPackageNames(moduleFiles({ 'x.rego': text }))).toBeNull();
    }
  });
});

/** Two custom packages whose rule fires on every call: one declared for bash `deploytool`, one not declared. */
function dispatchDir(declare: boolean): string {
  const dir = tempPolicyDir();
  dirs.push(dir);
  const always = (name: string) => `package toolgate.custom.${name}

import rego.v1

import data.toolgate.lib

findings contains lib.finding("custom.${name}.seen", "ask", "process_control", "low", "${name} saw the call") if input.facts.kind
`;
  writePolicyFile(dir, 'declared/declared.rego', always('declared'));
  writePolicyFile(dir, 'undeclared/undeclared.rego', always('undeclared'));
  if (declare) writePolicyFile(dir, 'data.json', { config: { custom_dispatch: { declared: { kinds: ['bash'], commands: ['deploytool'] } } } });
  return dir;
}

function matched(rev: LoadedRevision, tool: string, input: Record<string, unknown>): string[] {
  const request = { session_id: 's', tool, input, context: { cwd: '/home/dev/project', home: '/home/dev' } };
  return decide(rev, request, sessionView(undefined, request, Date.now()), { cwd: '/', home: '/root' }).decision.matched.filter((id) => id.startsWith('custom.'));
}

describe('custom package dispatch', () => {
  let declared: CompiledPolicy;
  let undeclared: CompiledPolicy;
  beforeAll(async () => {
    declared = await buildPolicy([DEFAULT_POLICY_DIR, dispatchDir(true)]);
    undeclared = await buildPolicy([DEFAULT_POLICY_DIR, dispatchDir(false)]);
  }, 120_000);

  it('evaluates a declared package only on the calls it names, an undeclared one on every call', () => {
    expect(declared.data[CUSTOM_INDEX_KEY]).toEqual({ custom_packages: ['declared', 'undeclared'], custom_by_command: { deploytool: ['declared'] } });
    const rev = new LoadedRevision(declared);
    expect(matched(rev, 'bash', { command: 'deploytool --prod' })).toEqual(['custom.declared.seen', 'custom.undeclared.seen']);
    expect(matched(rev, 'bash', { command: 'echo x | sudo deploytool' })).toEqual(['custom.declared.seen', 'custom.undeclared.seen']);
    expect(matched(rev, 'bash', { command: 'ls -la' })).toEqual(['custom.undeclared.seen']);
    expect(matched(rev, 'read', { file_path: '/home/dev/project/README.md' })).toEqual(['custom.undeclared.seen']);
  });

  it('evaluates every package when there is no declaration, or when the build could not list the packages', () => {
    const plain = new LoadedRevision(undeclared);
    const unlisted = new LoadedRevision({ ...declared, data: Object.fromEntries(Object.entries(declared.data).filter(([key]) => key !== CUSTOM_INDEX_KEY)) });
    for (const rev of [plain, unlisted]) {
      expect(matched(rev, 'bash', { command: 'ls -la' })).toEqual(['custom.declared.seen', 'custom.undeclared.seen']);
      expect(matched(rev, 'read', { file_path: '/home/dev/project/README.md' })).toEqual(['custom.declared.seen', 'custom.undeclared.seen']);
    }
  });

  it('never narrows by a declaration it cannot read: kinds or commands that are not lists, a missing command index', () => {
    const config = declared.data.config as Record<string, unknown>;
    const variants = [
      { ...declared.data, config: { ...config, custom_dispatch: { declared: { kinds: 'bash', commands: 'deploytool' } } } },
      { ...declared.data, [CUSTOM_INDEX_KEY]: { custom_packages: ['declared', 'undeclared'] } },
    ];
    for (const data of variants) {
      const rev = new LoadedRevision({ ...declared, data });
      expect(matched(rev, 'bash', { command: 'ls -la' })).toEqual(['custom.declared.seen', 'custom.undeclared.seen']);
    }
    const emptyName = new LoadedRevision({
      ...declared,
      data: { ...declared.data, config: { ...config, custom_dispatch: { declared: { commands: ['', 'deploytool'] } } }, [CUSTOM_INDEX_KEY]: { custom_packages: ['declared', 'undeclared'], custom_by_command: customPackagesByCommand({ config: { custom_dispatch: { declared: { commands: ['', 'deploytool'] } } } }) } },
    });
    expect(matched(emptyName, 'bash', { command: 'ls -la' })).toEqual(['custom.declared.seen', 'custom.undeclared.seen']);
  });
});

describe('customPackagesByCommand', () => {
  it('inverts the declarations that list command names', () => {
    const data = { config: { custom_dispatch: { a: { commands: ['x', 'y', 7] }, b: { commands: ['y'] }, c: { kinds: ['read'] }, d: { commands: 'x' }, e: true } } };
    expect(customPackagesByCommand(data)).toEqual({ x: ['a'], y: ['a', 'b'] });
    expect(customPackagesByCommand({})).toEqual({});
  });
});

describe('the documented example (examples/policies/terraform) with its dispatch declaration', () => {
  it('decides every terraform case the same with and without the declaration', async () => {
    const withDeclaration = copyExamplePolicies();
    const without = copyExamplePolicies();
    dirs.push(withDeclaration, without);
    writePolicyFile(without, 'terraform/data.json', {
      config: { custom: { terraform: { binaries: ['terraform', 'tofu', 'terragrunt'], ask_subcommands: ['apply', 'destroy', 'import', 'state', 'taint', 'untaint', 'force-unlock'], deny_auto_approve_subcommands: ['destroy'] } } },
    });
    const a = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, withDeclaration]));
    const b = new LoadedRevision(await buildPolicy([DEFAULT_POLICY_DIR, without]));
    expect((a.policy.data.config as { custom_dispatch?: unknown }).custom_dispatch).toBeDefined();
    const commands = [
      'terraform apply',
      'tofu destroy -auto-approve',
      'sudo terragrunt apply',
      'bash -c "terraform state rm x"',
      'terraform plan',
      'cd infra && terraform -chdir=x apply',
      'ls -la',
      'kubectl delete ns prod',
    ];
    for (const command of commands) {
      const request = { session_id: 's', tool: 'bash', input: { command }, context: { cwd: path.join('/srv', 'infra'), home: '/home/dev' } };
      const one = decide(a, request, sessionView(undefined, request, Date.now()), { cwd: '/', home: '/root' }).decision;
      const two = decide(b, request, sessionView(undefined, request, Date.now()), { cwd: '/', home: '/root' }).decision;
      expect(one, command).toEqual(two);
    }
    expect(decide(a, { session_id: 's', tool: 'bash', input: { command: 'terraform apply' } }, sessionView(undefined, { session_id: 's' }, Date.now()), { cwd: '/', home: '/root' }).decision.matched).toContain('custom.terraform.apply');
  }, 120_000);
});
