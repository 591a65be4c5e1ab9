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
 *
 * Table form, for authors who do not write Rego (one row per case; see table.ts):
 *
 *   defaults: { tool: bash }
 *   table:
 *     columns: [command, decision, rules]
 *     rows:
 *       - ["terraform apply", ask, custom.terraform.apply]
 *       - ["terraform plan", allow, ""]
 *
 * or a .csv file whose header row names the same columns.
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
import { parseCsvTable, tableToCases, TableForm } from './table.js';

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
    /** The calling agent (request agent_id): input.call.agent_id and input.session.agent_id. */
    agent: z.string().min(1).optional(),
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
    cases: z.array(z.union([z.string(), CaseObject])).min(1).optional(),
    table: TableForm.optional(),
  })
  .strict()
  .refine((file) => (file.cases?.length ?? 0) + (file.table?.rows.length ?? 0) > 0, {
    message: 'a case file needs `cases` (a list) or `table` (columns and rows) with at least one case',
  });

export type Expectation = z.infer<typeof Expectation>;

export interface DecisionCase {
  file: string;
  index: number;
  name: string;
  tool: string;
  /** The calling agent, when the case names one. */
  agent?: string;
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
    doc = file.endsWith('.json') ? JSON.parse(text) : file.endsWith('.csv') ? { table: parseCsvTable(text) } : parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: cannot parse: ${(error as Error).message}`);
  }
  const parsed = CaseFile.safeParse(doc);
  if (!parsed.success) throw new Error(`${file}: ${describeIssues(doc, parsed.error.issues)}`);
  const defaults = parsed.data.defaults ?? {};
  // Table rows become case objects; a row's bare `input` text is the shorthand, as for a string case.
  let tableCases: { entry: z.infer<typeof CaseObject>; shorthand?: string; fields: boolean }[] = [];
  if (parsed.data.table) {
    try {
      tableCases = tableToCases(parsed.data.table).map(({ shorthand, ...entry }, row) => ({
        entry: parseRow(entry, row),
        shorthand: shorthand as string | undefined,
        fields: entry.input !== undefined,
      }));
    } catch (error) {
      throw new Error(`${file}: table: ${(error as Error).message}`);
    }
  }
  const entries = [...(parsed.data.cases ?? []), ...tableCases.map((row) => row.entry)];
  return entries.map((entry, index) => {
    const row = index >= (parsed.data.cases?.length ?? 0) ? tableCases[index - (parsed.data.cases?.length ?? 0)] : undefined;
    const item = typeof entry === 'string' ? { shorthand: entry } : { ...entry, shorthand: row?.shorthand };
    const tool = (typeof entry === 'string' ? undefined : entry.tool) ?? defaults.tool ?? 'bash';
    let input = (typeof entry === 'string' ? undefined : entry.input) ?? undefined;
    if (row?.fields) input = { ...(defaults.input ?? {}), ...input };
    if (item.shorthand !== undefined) {
      const field = SHORTHAND_FIELD[toolKind(tool)] ?? 'value';
      input = { ...(defaults.input ?? {}), ...(row ? input : {}), [field]: item.shorthand };
    }
    input ??= defaults.input ?? {};
    const own = typeof entry === 'string' ? {} : entry;
    return {
      file,
      index,
      name: own.name ?? item.shorthand ?? JSON.stringify(input).slice(0, 120),
      tool,
      ...((own.agent ?? defaults.agent) ? { agent: own.agent ?? defaults.agent } : {}),
      input,
      context: { ...DEFAULT_CASE_CONTEXT, ...(defaults.context ?? {}), ...(own.context ?? {}) },
      session: { ...(defaults.session ?? {}), ...(own.session ?? {}) },
      expect: { ...(defaults.expect ?? {}), ...(own.expect ?? {}) },
      tags: [...(defaults.tags ?? []), ...(own.tags ?? [])],
    };
  });
}

function parseRow(entry: Record<string, unknown>, row: number): z.infer<typeof CaseObject> {
  const parsed = CaseObject.safeParse(entry);
  if (parsed.success) return parsed.data;
  throw new Error(`row ${row + 1}: ${parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
}

/** zod reports a bad list entry as "Invalid input" (no union member fit); say what is wrong with it instead. */
function describeIssues(doc: unknown, issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => {
      const [key, index] = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      const entry = key === 'cases' && typeof index === 'number' ? (doc as { cases: unknown[] }).cases[index] : undefined;
      if (entry !== undefined && typeof entry !== 'string') {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
          return `cases.${index}: a case is a string (the command) or an object with input/expect, got ${JSON.stringify(entry)}`;
        }
        const inner = CaseObject.safeParse(entry);
        if (!inner.success) return inner.error.issues.map((i) => `cases.${index}.${i.path.join('.')}: ${i.message}`).join('; ');
      }
      return `${issue.path.map(String).join('.') || 'file'}: ${issue.message}`;
    })
    .join('; ');
}

/** Every .yaml/.yml/.json/.csv case file under the given files or directories, sorted. */
export function findCaseFiles(targets: string[]): string[] {
  const files: string[] = [];
  const visit = (target: string) => {
    const stat = statSync(target, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${target}: no such file or directory`);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(target).sort()) {
        // Data documents of a policy directory sit beside its case files; they are not cases.
        // Session traces (rules-tests/session/traces/) are replayed by their own runner, not cases.
        if (!entry.startsWith('.') && entry !== 'traces' && !/^(data\.(json|ya?ml)|manifest\.json|package(-lock)?\.json)$/.test(entry)) {
          visit(path.join(target, entry));
        }
      }
    } else if (/\.(ya?ml|json|csv)$/.test(target)) {
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
  /** The same failures, field by field: what was expected and what the policy answered. */
  mismatches: Mismatch[];
}

export interface Mismatch {
  field: 'decision' | 'categories' | 'not_categories' | 'rules' | 'not_rules' | 'obligations';
  expected: string;
  actual: string;
  message: string;
}

export function runCase(revision: LoadedRevision, testCase: DecisionCase): CaseOutcome {
  const request: CheckRequest = {
    session_id: 'case',
    ...(testCase.agent ? { agent_id: testCase.agent } : {}),
    tool: testCase.tool,
    input: testCase.input,
    context: testCase.context as CheckRequest['context'],
  };
  const session = { ...sessionView(undefined, request, Date.now()), ...testCase.session };
  const { decision } = decide(revision, request, session as never, DEFAULT_CASE_CONTEXT);
  const mismatches = compareDetailed(testCase.expect, decision);
  return { case: testCase, decision, failures: mismatches.map((m) => m.message), mismatches };
}

export function compare(expect: Expectation, decision: PolicyDecision): string[] {
  return compareDetailed(expect, decision).map((m) => m.message);
}

const list = (values: Iterable<string>) => `[${[...values].join(', ')}]`;

export function compareDetailed(expect: Expectation, decision: PolicyDecision): Mismatch[] {
  const out: Mismatch[] = [];
  const rules = new Set(decision.reasons.map((r) => r.rule));
  const categories = new Set(decision.categories);
  if (expect.decision) {
    const accepted = Array.isArray(expect.decision) ? expect.decision : [expect.decision];
    if (!accepted.includes(decision.decision)) {
      out.push({
        field: 'decision',
        expected: accepted.join(' or '),
        actual: decision.decision,
        message: `decision: expected ${accepted.join(' or ')}, got ${decision.decision}`,
      });
    }
  }
  for (const category of expect.categories ?? []) {
    if (!categories.has(category)) {
      out.push({ field: 'categories', expected: `includes ${category}`, actual: list(categories), message: `category ${category} missing (got ${list(categories)})` });
    }
  }
  for (const category of expect.not_categories ?? []) {
    if (categories.has(category)) {
      out.push({ field: 'not_categories', expected: `excludes ${category}`, actual: list(categories), message: `category ${category} present but must not be` });
    }
  }
  for (const rule of expect.rules ?? []) {
    if (!rules.has(rule)) {
      out.push({ field: 'rules', expected: `includes ${rule}`, actual: list(rules), message: `rule ${rule} did not decide (got ${list(rules)})` });
    }
  }
  for (const rule of expect.not_rules ?? []) {
    if (rules.has(rule)) out.push({ field: 'not_rules', expected: `excludes ${rule}`, actual: list(rules), message: `rule ${rule} fired but must not` });
  }
  for (const obligation of expect.obligations ?? []) {
    if (!decision.obligations.includes(obligation)) {
      out.push({ field: 'obligations', expected: `includes ${obligation}`, actual: list(decision.obligations), message: `obligation ${obligation} missing` });
    }
  }
  return out;
}
