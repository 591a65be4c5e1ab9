/** Operator policy directories for tests, written to temp dirs (the real thing an operator keeps). */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import type { TestGateway } from './gateway.js';

export const EXAMPLE_POLICY_DIR = path.join(PACKAGE_ROOT, 'examples', 'policies');

/** After a file's tests: close the gateway (if it started) and remove the policy dir it ran on. */
export async function closeAndRemove(gw: TestGateway | undefined, dir: string | undefined): Promise<void> {
  await gw?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

export function tempPolicyDir(prefix = 'toolgate-policy-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A copy of examples/policies (the terraform rule, its data, tests and cases). */
export function copyExamplePolicies(): string {
  const dir = tempPolicyDir();
  cpSync(EXAMPLE_POLICY_DIR, dir, { recursive: true });
  return dir;
}

/**
 * A custom package `toolgate.custom.<name>` with one rule on a bash command name:
 * `rule` fires with `action` when the command `command` runs.
 */
export function ruleModule(name: string, rule: string, command: string, action: 'allow' | 'ask' | 'deny', message = `${command} is governed by ${rule}`): string {
  return `package toolgate.custom.${name}

import rego.v1

import data.toolgate.lib

findings contains lib.finding("${rule}", "${action}", "destructive_cloud", "high", "${message}") if {
	some c in lib.commands
	c.name == "${command}"
}
`;
}

export function writePolicyFile(dir: string, relative: string, content: string | object): string {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/**
 * Undo steps run after each test (temporary dirs, gateways), last registered first, and a
 * policy dir whose one rule answers `action` to any bash call of `gatecmd`, removed after
 * the test. For tests that swap policies (reload, shadow).
 */
export function gateFixtures(): { cleanup: Array<() => Promise<void> | void>; gateDir: (action: 'allow' | 'ask' | 'deny') => string } {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()!();
  });
  const gateDir = (action: 'allow' | 'ask' | 'deny') => {
    const dir = tempPolicyDir();
    writePolicyFile(dir, 'gate/gate.rego', ruleModule('gate', 'custom.gate.rule', 'gatecmd', action));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };
  return { cleanup, gateDir };
}
