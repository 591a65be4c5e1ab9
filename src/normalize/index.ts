/**
 * Normalize: turns a tool call into facts, one normalizer per tool kind.
 * It states what is there and never decides; anything it cannot see through is
 * stated as indeterminate so that the policy can fail closed.
 */
import path from 'node:path';
import type { Facts, NormalizeContext } from './facts.js';
import { analyseBash, normalizeBash, type BashLimits } from './bash/index.js';
import {
  normalizeEdit,
  normalizeMessage,
  normalizeOther,
  normalizeRead,
  normalizeWebFetch,
  normalizeWrite,
} from './tools/index.js';
import { toolKind, type ToolKind } from './tool-kinds.js';
import { readShellInput } from './tools/shell-input.js';

export type { Facts, NormalizeContext } from './facts.js';
export type { BashLimits } from './bash/index.js';
export { toolKind, type ToolKind } from './tool-kinds.js';
export { codeEffects, sqlEffects } from './code/index.js';
import { warmCodeProducers } from './code/index.js';
import { warmCatalogue } from './secrets/index.js';

/**
 * Load what the normalizers load lazily (interpreter grammars, the secret catalogue) so
 * the first call that needs them does not pay for it. Idempotent; never throws.
 */
export function warmNormalizers(): void {
  try {
    warmCatalogue();
    warmCodeProducers();
  } catch {
    // Loading again on first use will say what is wrong.
  }
}

export interface CallContext {
  cwd?: string;
  home?: string;
  workspace_roots?: string[];
}

/** Defaults when a client sends no context: the gateway's own cwd and HOME stand in. */
export function normalizeContext(context: CallContext | undefined, defaults: { cwd: string; home: string }): NormalizeContext {
  const home = absolute(context?.home, defaults.home);
  const cwd = absolute(context?.cwd, defaults.cwd);
  const roots = (context?.workspace_roots ?? []).filter((root) => path.isAbsolute(root)).map((root) => path.normalize(root));
  return { cwd, home, workspace_roots: roots.length > 0 ? roots : [cwd] };
}

function absolute(value: string | undefined, fallback: string): string {
  return value && path.isAbsolute(value) ? path.normalize(value) : fallback;
}

export interface Normalized {
  kind: ToolKind;
  facts: Facts;
  /**
   * Files a bash call writes with statically known content (path → content), for the session
   * ledger; not facts (the policy never sees them). Absent for other tools and when none.
   */
  written?: Record<string, string>;
  /**
   * Set when these are not the call's whole facts but the part the main thread needs (a large
   * call analysed in a worker: pipeline/slim-facts.ts); never cached, never evaluated as the call's facts.
   */
  slim?: true;
}

/** `bashLimits`: the bash normalizer's limits (an analysis worker, under a time limit of its own, allows more time). */
export function normalizeCall(tool: string, input: Record<string, unknown>, ctx: NormalizeContext, bashLimits?: Partial<BashLimits>): Normalized {
  const kind = toolKind(tool);
  switch (kind) {
    case 'bash': {
      const shell = readShellInput(input, ctx);
      if (shell.script === null) {
        // No command string: nothing to analyse, so the facts say so and the policy asks.
        const facts = normalizeBash('', ctx);
        return { kind, facts: { ...facts, indeterminate: [...facts.indeterminate, 'missing_command', ...shell.indeterminate] } };
      }
      const analysed = analyseBash(shell.script, ctx, bashLimits);
      const written = analysed.written.size > 0 ? { written: Object.fromEntries(analysed.written) } : {};
      const facts = analysed.facts;
      if (shell.indeterminate.length === 0) return { kind, facts, ...written };
      return { kind, facts: { ...facts, indeterminate: [...new Set([...facts.indeterminate, ...shell.indeterminate])] }, ...written };
    }
    case 'read':
      return { kind, facts: normalizeRead(input, ctx) };
    case 'write':
      return { kind, facts: normalizeWrite(input, ctx) };
    case 'edit':
      return { kind, facts: normalizeEdit(input, ctx) };
    case 'web_fetch':
      return { kind, facts: normalizeWebFetch(input, ctx) };
    case 'message':
      return { kind, facts: normalizeMessage(input, ctx) };
    default:
      return { kind, facts: normalizeOther(tool, input, ctx) };
  }
}
