/**
 * What the session file ledger records of a call: for each file it writes, the hash of the
 * content and what that content would do when run, judged by the same policy revision as a
 * bash call that runs it (session/ledger.ts asRunScript). Session rules (budgets, loops,
 * context) are left out of that judgement: they are about this session now, not the file.
 */
import type { CheckRequest } from '../api/check.js';
import type { Normalized, NormalizeContext } from '../normalize/index.js';
import { evaluateOrDeny, type LoadedRevision } from '../policy/index.js';
import {
  asRunScript,
  contentHash,
  copiedRisk,
  linksOf,
  writesOf,
  MAX_JUDGED_CONTENT,
  MAX_KEPT_CONTENT,
  MAX_RISK_RULES,
  MAX_ENTRY_SOURCES,
  stagedEntries,
  type LedgerEntry,
  type LedgerWrite,
  type LedgerRisk,
  type SessionView,
} from '../session/index.js';
import { buildPolicyInput, normalizeSafely, type PolicyCall } from './policy-input.js';

/** Categories of the session rules, which say nothing about a file's content. */
const SESSION_CATEGORIES = new Set(['budget', 'loop', 'context']);
/** Files judged per call at most; past this their risk stays unknown (running them asks). */
const MAX_JUDGED_FILES = 8;

/**
 * Judges a large file's content off the main thread (the analysis pool: its call-only areas,
 * under the pool's time limit); null when there is no pool. Content longer than
 * `LedgerOptions.largeChars` never is judged on the main thread when a pool exists.
 */
export type OffThreadJudge = (call: PolicyCall) => Promise<LedgerRisk | null>;

export interface LedgerOptions {
  offThread?: OffThreadJudge;
  /** Content longer than this is judged by offThread when there is one. */
  largeChars: number;
}

export async function ledgerEntries(
  revision: LoadedRevision,
  request: CheckRequest,
  ctx: NormalizeContext,
  normalized: Normalized,
  session: SessionView,
  files: readonly LedgerEntry[],
  now: number,
  options: LedgerOptions = { largeChars: Infinity },
): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let judged = 0;
  for (const write of writesOf(normalized.facts, request.input, normalized.written)) {
    if (write.content !== null) {
      const before = write.append ? files.find((entry) => entry.p === write.path && !entry.link) : undefined;
      // What the file holds now, when the session kept what it held before: an append is judged
      // with it (an alias or a function defined by one call, used by the line the next adds). An
      // edit's new text is judged beside the old text (it replaced a part of it).
      const whole = !write.append ? write.content : before?.c !== undefined ? `${before.c}${write.edit ? '\n' : ''}${write.content}` : null;
      const text = whole ?? write.content;
      let risk: LedgerRisk | null = null;
      if (text.length <= MAX_JUDGED_CONTENT && judged++ < MAX_JUDGED_FILES) {
        const call = runCall(request, write.path, text);
        risk = options.offThread && text.length > options.largeChars ? await options.offThread(call) : judge(revision, call, ctx, session);
      }
      // Added to what the session wrote before: the file does at least what both parts do.
      if (before) risk = worse(before.risk, risk);
      // Appended to a file the session never wrote: what was there is unknown, but the appended
      // text is the file's end, and the next append is judged after it.
      const kept = whole ?? (before === undefined ? write.content : null);
      entries.push({ p: write.path, h: contentHash(text), t: now, risk, ...(kept !== null && kept.length <= MAX_KEPT_CONTENT ? { c: kept } : {}), ...carried(write, before, undefined) });
      continue;
    }
    const source = copiedRisk(files, write.from);
    const before = write.append ? files.find((entry) => entry.p === write.path && !entry.link) : undefined;
    entries.push({ p: write.path, h: source?.h ?? null, t: now, risk: source?.risk ?? null, ...(source?.c !== undefined ? { c: source.c } : {}), ...carried(write, before, source) });
  }
  for (const link of linksOf(normalized.facts, ctx)) entries.push({ p: link.path, h: null, t: now, risk: null, link: link.target });
  // `git add` / `git reset` in this call: the staged marks a later push reads.
  const staged = stagedEntries(files, entries, normalized.facts, ctx, now);
  for (const entry of staged) {
    const at = entries.findIndex((e) => e.p === entry.p);
    if (at >= 0) entries[at] = entry;
    else entries.push(entry);
  }
  return entries;
}

/**
 * What a written file carries on (LedgerEntry s and u): the sources that flowed in now, those of
 * what it is appended to (an append never washes a file), those of the file it was copied from;
 * where it was downloaded from, or its copy source's.
 */
function carried(write: LedgerWrite, before: LedgerEntry | undefined, source: LedgerEntry | undefined): Pick<LedgerEntry, 's' | 'u'> {
  const sources = [...(write.sources ?? []), ...(before?.s ?? []), ...(source?.s ?? [])];
  const s = [...new Set(sources)].slice(0, MAX_ENTRY_SOURCES);
  const u = write.fetched ?? source?.u ?? before?.u;
  return { ...(s.length > 0 ? { s } : {}), ...(u !== undefined ? { u } : {}) };
}

/** The bash call that stands for running the file. */
function runCall(request: CheckRequest, file: string, content: string): PolicyCall {
  return { tool: 'bash', input: { command: asRunScript(file, content) }, session_id: request.session_id, agent_id: request.agent_id, context: request.context };
}

function judge(revision: LoadedRevision, call: PolicyCall, ctx: NormalizeContext, session: SessionView): LedgerRisk {
  const normalized = normalizeSafely(call, ctx);
  const decision = evaluateOrDeny(revision, buildPolicyInput(call, ctx, normalized, { ...session, ledger: [] }));
  return riskOf(decision.reasons);
}

/** A content's risk from the findings on it (session rules left out: they say nothing of the file). */
export function riskOf(found: ReadonlyArray<{ rule: string; action: string; category: string }>): LedgerRisk {
  const reasons = found.filter((reason) => !SESSION_CATEGORIES.has(reason.category));
  const d = reasons.some((r) => r.action === 'deny') ? 'deny' : reasons.some((r) => r.action === 'ask') ? 'ask' : 'allow';
  return {
    d,
    rules: [...new Set(reasons.map((r) => r.rule))].slice(0, MAX_RISK_RULES),
    cats: [...new Set(reasons.map((r) => r.category))].slice(0, MAX_RISK_RULES),
  };
}

const RANK = { allow: 0, ask: 1, deny: 2 } as const;

/** The risk of a file made of two parts: unknown if either is, else the stronger decision with both parts' rules. */
export function worse(a: LedgerRisk | null, b: LedgerRisk | null): LedgerRisk | null {
  if (a === null || b === null) return null;
  return {
    d: RANK[a.d] >= RANK[b.d] ? a.d : b.d,
    rules: [...new Set([...a.rules, ...b.rules])].slice(0, MAX_RISK_RULES),
    cats: [...new Set([...a.cats, ...b.cats])].slice(0, MAX_RISK_RULES),
  };
}
