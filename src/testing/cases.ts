/**
 * Decision case files (rules-tests/): a tool call, optional context and session state,
 * and what the policy must answer. Run by `npm test` and by `toolgate test`.
 *
 * A file is YAML or JSON:
 *
 *   defaults:                 # optional, merged into every case
 *     tool: bash
 *     expect: { decision: deny, categories: [destructive_fs] }
 *   cases:
 *     - rm -rf /              # shorthand: a bash command (or, for other tools, the input's main field)
 *     - name: rm home
 *       input: { command: "rm -rf ~" }
 *       expect: { decision: deny, rules: [bash.destructive_fs.rm_protected] }
 *
 * `expect.decision` may be one action or a list of acceptable ones ([ask, deny] = "caught").
 * `categories` and `rules` must all be present in the answer; `not_categories` /
 * `not_rules` must be absent.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CheckRequest } from '../api/check.js';
import { decide } from '../pipeline/check.js';
import type { LoadedRevision, PolicyDecision } from '../policy/index.js';
import { sessionView } from '../session/index.js';
import { toolKind } from '../normalize/tool-kinds.js';

export const DEFAULT_CASE_CONTEXT = { cwd: '/home/dev/project', home: '/home/dev' };

const ActionOrList = z.union([z.enum(['allow', 'ask', 'deny']), z.array(z.enum(['allow', 'ask', 'deny'])).min(1)]);

const Expectation = z
  .object({
    decision: ActionOrList.optional(),
    categories: z.array(z.string()).optional(),
    not_categories: z.array(z.string()).optional(),
    rules: z.array(z.string()).optional(),
    not_rules: z.array(z.string()).optional(),
    obligations: z.array(z.string()).optional(),
  })
  .strict();

const CaseObject = z
  .object({
    name: z.string().optional(),
    tool: z.string().optional(),
    input: z.record(z.string(), z.unknown()).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    session: z.record(z.string(), z.unknown()).optional(),
    expect: Expectation.optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

const CaseFile = z
  .object({
    description: z.string().optional(),
    defaults: CaseObject.omit({ name: true }).optional(),
    cases: z.array(z.union([z.string(), CaseObject])).min(1),
  })
  .strict();

export type Expectation = z.infer<typeof Expectation>;

export interface DecisionCase {
  file: string;
  index: number;
  name: string;
  tool: string;
  input: Record<string, unknown>;
  context: Record<string, unknown>;
  session: Record<string, unknown>;
  expect: Expectation;
  tags: string[];
}

/** The main field a shorthand string fills, per tool kind. */
const SHORTHAND_FIELD: Record<string, string> = {
  bash: 'command',
  read: 'path',
  write: 'path',
  edit: 'path',
  web_fetch: 'url',
  message: 'text',
};

export function loadCaseFile(file: string): DecisionCase[] {
  const text = readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: cannot parse: ${(error as Error).message}`);
  }
  const parsed = CaseFile.safeParse(doc);
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const defaults = parsed.data.defaults ?? {};
  return parsed.data.cases.map((entry, index) => {
    const item = typeof entry === 'string' ? { shorthand: entry } : { ...entry, shorthand: undefined };
    const tool = (typeof entry === 'string' ? undefined : entry.tool) ?? defaults.tool ?? 'bash';
    let input = (typeof entry === 'string' ? undefined : entry.input) ?? undefined;
    if (item.shorthand !== undefined) {
      const field = SHORTHAND_FIELD[toolKind(tool)] ?? 'value';
      input = { ...(defaults.input ?? {}), [field]: item.shorthand };
    }
    input ??= defaults.input ?? {};
    const own = typeof entry === 'string' ? {} : entry;
    return {
      file,
      index,
      name: own.name ?? item.shorthand ?? JSON.stringify(input).slice(0, 120),
      tool,
      input,
      context: { ...DEFAULT_CASE_CONTEXT, ...(defaults.context ?? {}), ...(own.context ?? {}) },
      session: { ...(defaults.session ?? {}), ...(own.session ?? {}) },
      expect: { ...(defaults.expect ?? {}), ...(own.expect ?? {}) },
      tags: [...(defaults.tags ?? []), ...(own.tags ?? [])],
    };
  });
}

/** Every .yaml/.yml/.json case file under the given files or directories, sorted. */
export function findCaseFiles(targets: string[]): string[] {
  const files: string[] = [];
  const visit = (target: string) => {
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${target}: no such file or directory`);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(target).sort()) {
        if (!entry.startsWith('.')) visit(path.join(target, entry));
      }
    } else if (/\.(ya?ml|json)$/.test(target)) {
      files.push(target);
    }
  };
  targets.forEach(visit);
  return files;
}

export interface CaseOutcome {
  case: DecisionCase;
  decision: PolicyDecision;
  failures: string[];
}

export function runCase(revision: LoadedRevision, testCase: DecisionCase): CaseOutcome {
  const request: CheckRequest = {
    session_id: 'case',
    tool: testCase.tool,
    input: testCase.input,
    context: testCase.context as CheckRequest['context'],
  };
  const session = { ...sessionView(undefined, request, Date.now()), ...testCase.session };
  const { decision } = decide(revision, request, session as never, DEFAULT_CASE_CONTEXT);
  return { case: testCase, decision, failures: compare(testCase.expect, decision) };
}

export function compare(expect: Expectation, decision: PolicyDecision): string[] {
  const failures: string[] = [];
  const rules = new Set(decision.reasons.map((r) => r.rule));
  const categories = new Set(decision.categories);
  if (expect.decision) {
    const accepted = Array.isArray(expect.decision) ? expect.decision : [expect.decision];
    if (!accepted.includes(decision.decision)) {
      failures.push(`decision: expected ${accepted.join(' or ')}, got ${decision.decision}`);
    }
  }
  for (const category of expect.categories ?? []) {
    if (!categories.has(category)) failures.push(`category ${category} missing (got [${[...categories].join(', ')}])`);
  }
  for (const category of expect.not_categories ?? []) {
    if (categories.has(category)) failures.push(`category ${category} present but must not be`);
  }
  for (const rule of expect.rules ?? []) {
    if (!rules.has(rule)) failures.push(`rule ${rule} did not decide (got [${[...rules].join(', ')}])`);
  }
  for (const rule of expect.not_rules ?? []) {
    if (rules.has(rule)) failures.push(`rule ${rule} fired but must not`);
  }
  for (const obligation of expect.obligations ?? []) {
    if (!decision.obligations.includes(obligation)) failures.push(`obligation ${obligation} missing`);
  }
  return failures;
}
