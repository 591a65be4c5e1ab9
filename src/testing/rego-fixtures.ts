/**
 * The generator of the Rego unit tests' inputs. The policy tests marked "Generated from
 * real normalizer facts" give each test's tool call in a comment (`# Bash: {"command":…}`)
 * and evaluate the rule `with input as {...}`: that input is the pipeline's own policy input
 * for the call (buildPolicyInput over the normalizer's facts), so a change to the facts is
 * one regeneration, not hand edits.
 *
 *   npm run gen:rego-fixtures            rewrite the inputs of every generated test file
 *   npm run gen:rego-fixtures -- --check exit 1 and name the tests whose input is stale
 *
 * rego-fixtures.test.ts runs the check in `npm test`.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { normalizeContext } from '../normalize/index.js';
import { buildPolicyInput } from '../pipeline/check.js';
import { normalizeSafely } from '../pipeline/policy-input.js';
import type { SessionView } from '../session/index.js';

export const GENERATED_MARKER = '# Generated from real normalizer facts';

/** Where the generated tests' calls run: the workspace the comments assume. */
export const FIXTURE_CONTEXT = { cwd: '/home/dev/project', home: '/home/dev' };

const CALL_COMMENT = /^# ([A-Za-z0-9_.:-]+): (\{.*\})\s*$/;
const WITH_INPUT = 'with input as ';

/** The policy input of one tool call, as the pipeline builds it (no session: the tests are call-only). */
export function fixtureInput(tool: string, input: Record<string, unknown>): unknown {
  const request = { session_id: 't', tool, input };
  const ctx = normalizeContext(undefined, FIXTURE_CONTEXT);
  const normalized = normalizeSafely(request, ctx);
  return buildPolicyInput(request, ctx, normalized, {} as SessionView);
}

export interface Regenerated {
  text: string;
  /** Tests whose input changed (by the test's name). */
  changed: string[];
  /** Comments whose next `with input as` could not be found or read. */
  problems: string[];
  inputs: number;
}

/** A generated test file with every input re-created from its call comment. */
export function regenerate(text: string): Regenerated {
  const lines = text.split('\n');
  const changed: string[] = [];
  const problems: string[] = [];
  let inputs = 0;
  for (let i = 0; i < lines.length; i++) {
    const comment = CALL_COMMENT.exec(lines[i]!);
    if (!comment) continue;
    const [, tool, json] = comment;
    const name = /^(test_\w+)/.exec(lines[i + 1] ?? '')?.[1] ?? `line ${i + 1}`;
    let call: Record<string, unknown>;
    try {
      call = JSON.parse(json!) as Record<string, unknown>;
    } catch {
      problems.push(`${name}: the call comment is not JSON`);
      continue;
    }
    const at = lines.findIndex((line, j) => j > i && line.includes(WITH_INPUT));
    const nextComment = lines.findIndex((line, j) => j > i && CALL_COMMENT.test(line));
    if (at < 0 || (nextComment >= 0 && at > nextComment)) {
      problems.push(`${name}: no "with input as" after the call comment`);
      continue;
    }
    const line = lines[at]!;
    const start = line.indexOf(WITH_INPUT) + WITH_INPUT.length;
    try {
      JSON.parse(line.slice(start));
    } catch {
      problems.push(`${name}: the input is not one JSON value at the end of its line`);
      continue;
    }
    const fresh = JSON.stringify(fixtureInput(tool!, call));
    inputs += 1;
    if (line.slice(start) !== fresh) {
      lines[at] = line.slice(0, start) + fresh;
      changed.push(name);
    }
  }
  return { text: lines.join('\n'), changed, problems, inputs };
}

/** Every `_test.rego` under dir that says it was generated. */
export function generatedTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...generatedTestFiles(full));
    else if (entry.endsWith('_test.rego') && readFileSync(full, 'utf8').startsWith(GENERATED_MARKER)) out.push(full);
  }
  return out;
}

/** Regenerates (write) or checks every generated test file under dir; returns a line per file that is stale. */
export function regenerateAll(dir: string, mode: 'write' | 'check'): { stale: string[]; problems: string[]; inputs: number } {
  const stale: string[] = [];
  const problems: string[] = [];
  let inputs = 0;
  for (const file of generatedTestFiles(dir)) {
    const result = regenerate(readFileSync(file, 'utf8'));
    inputs += result.inputs;
    problems.push(...result.problems.map((p) => `${path.relative(dir, file)}: ${p}`));
    if (result.changed.length === 0) continue;
    stale.push(`${path.relative(dir, file)}: ${result.changed.join(', ')}`);
    if (mode === 'write') writeFileSync(file, result.text);
  }
  return { stale, problems, inputs };
}
