import { policyConfig } from '../api/policy-config.js';
import type { RegoModuleText } from './call-only-areas.js';

/**
 * Where the build puts the names of the custom packages (data.toolgate.custom.<name>) in the
 * policy's data. decision.rego reads it to evaluate only the packages that apply to a call
 * (config.custom_dispatch): OPA's WASM target evaluates a package only when it is named, and
 * Rego cannot list packages without evaluating them. Without the list, every package runs.
 */
export const CUSTOM_INDEX_KEY = 'toolgate_build';

const PACKAGE = /^\s*package\s+(\S+)/m;
const CUSTOM_CHILD = /^toolgate\.custom\.([A-Za-z_][A-Za-z0-9_]*)(?:\.|$)/;
/** A rule head in package toolgate that defines something under custom (custom.x.findings contains …). */
const CUSTOM_RULE_HEAD = /^\s*custom\s*[.[]/m;

/**
 * The names of the custom packages the modules declare, or null when some module could
 * define custom rules in a way this reading does not follow (package toolgate.custom itself,
 * a quoted or bracketed path, a rule head under custom in package toolgate): then the policy
 * evaluates every package, so a package is never skipped because it was missed here.
 */
export function customPackageNames(modules: readonly RegoModuleText[]): string[] | null {
  const names = new Set<string>();
  for (const { text } of modules) {
    const pkg = PACKAGE.exec(text)?.[1];
    if (pkg === undefined) return null;
    if (pkg === 'toolgate') {
      if (CUSTOM_RULE_HEAD.test(text)) return null;
      continue;
    }
    const child = CUSTOM_CHILD.exec(pkg);
    if (child) {
      names.add(child[1]);
      continue;
    }
    // toolgate.custom itself, toolgate["custom"], toolgate.custom["x-y"]…: not followed here.
    // Any other package (toolgate.rules.…, acme.x) cannot define rules under toolgate.custom.
    if (/^toolgate\s*(\[|\.custom\b)/.test(pkg)) return null;
  }
  return [...names].sort();
}

/**
 * config.custom_dispatch inverted: command name → the declared packages that list it. A
 * bash call then finds the packages that name its commands with one lookup per command
 * instead of scanning every declaration. Only declarations whose `commands` is an array
 * narrow a package (decision.rego treats any other value as "every bash call"); an element
 * that is not a string names no command, so it is not indexed.
 */
export function customPackagesByCommand(data: Record<string, unknown>): Record<string, string[]> {
  const dispatch = policyConfig(data).custom_dispatch;
  const index: Record<string, string[]> = {};
  if (typeof dispatch !== 'object' || dispatch === null) return index;
  for (const [name, declared] of Object.entries(dispatch)) {
    const commands = (declared as { commands?: unknown } | null)?.commands;
    if (!Array.isArray(commands)) continue;
    for (const command of commands) {
      if (typeof command !== 'string') continue;
      if (!Object.hasOwn(index, command)) index[command] = [];
      if (!index[command].includes(name)) index[command].push(name);
    }
  }
  return index;
}

/** The data with the custom package list and command index set (or removed when the packages cannot be known). */
export function withCustomIndex(data: Record<string, unknown>, modules: readonly RegoModuleText[]): Record<string, unknown> {
  const { [CUSTOM_INDEX_KEY]: _ignored, ...rest } = data;
  const names = customPackageNames(modules);
  if (names === null) return rest;
  return { ...rest, [CUSTOM_INDEX_KEY]: { custom_packages: names, custom_by_command: customPackagesByCommand(rest) } };
}
