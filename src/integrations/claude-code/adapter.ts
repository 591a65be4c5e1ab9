/**
 * Claude Code hook events → gateway calls → Claude Code hook output. Shared by the http hook
 * route (inside the gateway) and the `toolgate hook claude-code` command hook.
 *
 * Event mapping, in one place:
 *   PreToolUse          → POST /v1/check            → permissionDecision allow | ask | deny + reason
 *   PostToolUse         → POST /v1/report ok        → no decision
 *   PostToolUseFailure  → POST /v1/report not ok    → no decision
 *   PostCompact         → POST /v1/sessions/:id/compactions {ok, summary} → no decision
 *   SessionEnd          → POST /v1/sessions/:id/end, only for /clear and logout: other ends
 *                         (exit, a finished `-p` run) can be resumed with --resume, and the
 *                         gateway denies every call of an ended session
 *   SessionStart        → after a resume or a compaction (source resume | compact): GET
 *                         /v1/sessions/:id/resume, and what the session must not forget (goal,
 *                         last checkpoint, budget left, a stop) goes back as additionalContext
 *   Stop                → only when a Stop hook already forced Claude to go on (stop_hook_active):
 *                         POST /v1/sessions/:id/continue {output_tokens}; a "stop" answer ends
 *                         the forced loop ({continue: false, stopReason}). Ordinary turn ends are
 *                         not continuations and are not sent.
 *   anything else       → no decision ({}), nothing sent
 */
import { executedFields } from './tool-fields.js';
import { type CallLedger } from '../shared/call-ledger.js';
import { type GatewayClient } from '../shared/gateway-client.js';
import { exitCodeFromText, outputFigures } from '../shared/outcome.js';
import { type CheckRequest } from '../shared/types.js';
import { hookEventSchema, preToolUseSchema, type PreToolUseEvent } from './hook-input.js';

export interface ClaudeCodeAdapterDeps {
  client: GatewayClient;
  ledger: CallLedger;
  /** The agent's home directory (`~` in the policy). */
  home?: string;
  /** Context figures for a check (the command hook reads them from the transcript). */
  contextOf?: (event: PreToolUseEvent) => { context_tokens?: number; context_window?: number };
  /**
   * The gateway token variables set in the environment the agent's tools inherit (the command
   * hook runs in it; the HTTP hook knows from the bearer Claude Code expanded from it).
   */
  tokenEnv?: string[];
  /** Token usage since the last report (the command hook reads it from the transcript: usage.ts). */
  usageOf?: (sessionId: string, transcriptPath: string | undefined) => { tokens_in: number; tokens_out: number } | undefined;
}

/** Claude Code's hook output JSON (SyncHookJSONOutput); `{}` means "no decision". */
export type HookOutput = Record<string, unknown>;

export type HookResult = { ok: true; output: HookOutput } | { ok: false; error: string };

export function preToolUseOutput(decision: 'allow' | 'ask' | 'deny', reason: string, additionalContext?: string): HookOutput {
  return {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision,
      permissionDecisionReason: reason,
      ...(additionalContext ? { additionalContext } : {}),
    },
  };
}

/** Subagent calls get their own session under the main one, so budgets roll up (issue 4). */
function sessionOf(event: { session_id: string; agent_id?: string }): { session_id: string; parent_session_id?: string } {
  return event.agent_id
    ? { session_id: `${event.session_id}/${event.agent_id}`, parent_session_id: event.session_id }
    : { session_id: event.session_id };
}

/**
 * Tool names go to the gateway as Claude Code sent them: the gateway knows its aliases (Bash,
 * Read, Write, Edit, MultiEdit, WebFetch…). Inputs carry exactly the fields Claude Code acts on
 * (tool-fields.ts), so what the gateway judges is what runs. Glob, Grep, Agent and
 * `mcp__server__tool` pass under their own names for rules to match. The cwd is the one
 * Claude Code reports for the session, never a field of the tool input.
 */
export function checkRequestFor(
  event: PreToolUseEvent,
  home: string | undefined,
  figures: { context_tokens?: number; context_window?: number } = {},
  tokenEnv?: string[],
): CheckRequest {
  return {
    ...sessionOf(event),
    agent_id: event.agent_type ?? 'claude-code',
    tool: event.tool_name,
    input: executedFields(event.tool_name, event.tool_input),
    context: {
      ...(event.cwd ? { cwd: event.cwd } : {}),
      ...(home ? { home } : {}),
      ...figures,
      ...(tokenEnv ? { token_env: tokenEnv } : {}),
      // The subagent is data about the call (its session is a child of the main one); the
      // principal is whoever the credentials say.
      ...(event.agent_id ? { subagent: { id: event.agent_id, type: event.agent_type ?? null } } : {}),
    },
  };
}

/** Obligations the model should know about (warn_context, compact, stop…), as a line of context. */
function obligationsText(obligations: unknown[]): string | undefined {
  if (obligations.length === 0) return undefined;
  const names = obligations.map((o) =>
    typeof o === 'string' ? o : o && typeof o === 'object' && 'type' in o ? String((o as { type: unknown }).type) : JSON.stringify(o),
  );
  return `toolgate obligations for this session: ${names.join(', ')}`;
}

export async function handleClaudeCodeHook(body: unknown, deps: ClaudeCodeAdapterDeps): Promise<HookResult> {
  const parsed = hookEventSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `not a Claude Code hook event: ${issue ? `${issue.path.join('.') || '(body)'}: ${issue.message}` : 'invalid'}` };
  }
  const event = parsed.data;
  const { client, ledger } = deps;
  const session = sessionOf(event);

  switch (event.hook_event_name) {
    case 'PreToolUse': {
      // The union matched the PreToolUse branch only if its fields are valid; re-check so a
      // PreToolUse missing tool_name is refused instead of slipping into the "other" branch.
      const pre = preToolUseSchema.safeParse(body);
      if (!pre.success) return { ok: false, error: `PreToolUse event without a valid tool_name/tool_input: ${pre.error.issues[0]?.message}` };
      const verdict = await client.check(checkRequestFor(pre.data, deps.home, deps.contextOf?.(pre.data), deps.tokenEnv));
      if (verdict.decision_id && pre.data.tool_use_id && verdict.decision !== 'deny') {
        ledger.remember(session.session_id, pre.data.tool_use_id, verdict.decision_id);
      }
      return { ok: true, output: preToolUseOutput(verdict.decision, verdict.message, obligationsText(verdict.answer?.obligations ?? [])) };
    }
    case 'PostToolUse':
    case 'PostToolUseFailure': {
      const e = event as { tool_use_id?: string; duration_ms?: number; tool_response?: unknown; error?: string };
      const decisionId = e.tool_use_id ? ledger.take(session.session_id, e.tool_use_id) : undefined;
      if (!decisionId) return { ok: true, output: {} };
      const failed = event.hook_event_name === 'PostToolUseFailure';
      const figures = outputFigures(failed ? e.error : e.tool_response);
      const exitCode = failed ? exitCodeFromText(e.error) : 0;
      const usage = deps.usageOf?.(session.session_id, (event as { transcript_path?: string }).transcript_path);
      await client.report({
        ...(usage ?? {}),
        decision_id: decisionId,
        ok: !failed,
        ...(exitCode !== undefined ? { exit_code: exitCode } : {}),
        ...(e.duration_ms !== undefined ? { duration_ms: Math.round(e.duration_ms) } : {}),
        ...figures,
      });
      return { ok: true, output: {} };
    }
    case 'PostCompact': {
      const e = event as { compact_summary?: string };
      await client.sessionSignal(session.session_id, 'compactions', { ok: true, summary: e.compact_summary ?? '' });
      return { ok: true, output: {} };
    }
    case 'SessionEnd': {
      const e = event as { reason?: string };
      if (e.reason === 'clear' || e.reason === 'logout') {
        await client.sessionSignal(session.session_id, 'end', { status: 'completed', summary: `Claude Code session ended (${e.reason})` });
      }
      return { ok: true, output: {} };
    }
    case 'Stop': {
      const e = event as { stop_hook_active?: boolean; last_assistant_message?: unknown };
      if (e.stop_hook_active !== true) return { ok: true, output: {} };
      const text = typeof e.last_assistant_message === 'string' ? e.last_assistant_message : JSON.stringify(e.last_assistant_message ?? '');
      const answer = (await client.sessionSignal(session.session_id, 'continue', {
        // An estimate (4 characters a token): the event carries the text, not its token count.
        output_tokens: Math.ceil(text.length / 4),
        reason: 'Claude Code was made to continue by a Stop hook',
      })) as { decision?: unknown; reason?: unknown } | null;
      if (answer?.decision === 'stop') {
        return { ok: true, output: { continue: false, stopReason: `toolgate: ${typeof answer.reason === 'string' ? answer.reason : 'stop'}` } };
      }
      return { ok: true, output: {} };
    }
    case 'SessionStart': {
      const source = (event as { source?: string }).source;
      if (source !== 'resume' && source !== 'compact') return { ok: true, output: {} };
      const context = resumeContext(await client.sessionResume(session.session_id));
      return { ok: true, output: context ? { hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: context } } : {} };
    }
    default:
      return { ok: true, output: {} };
  }
}

/** The few lines of a session's gateway state worth putting back into a fresh context. */
export function resumeContext(resume: Record<string, any> | null): string | undefined {
  if (!resume) return undefined;
  const lines: string[] = [];
  const goal = resume.pinned?.goal;
  if (typeof goal === 'string' && goal) lines.push(`goal: ${goal.slice(0, 500)}`);
  const cp = resume.checkpoint;
  if (cp && typeof cp.label === 'string') lines.push(`last checkpoint: ${cp.label}${typeof cp.step === 'number' ? ` (step ${cp.step})` : ''}`);
  const remaining = resume.budget?.remaining;
  if (remaining && typeof remaining === 'object') {
    const parts = Object.entries(remaining as Record<string, unknown>).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${v}`);
    if (parts.length) lines.push(`budget left: ${parts.join(', ')}`);
  }
  const status = resume.session?.status;
  if (typeof status === 'string' && status !== 'active') lines.push(`session ${status}${resume.session?.stop_reason ? `: ${resume.session.stop_reason}` : ''}`);
  return lines.length ? `toolgate session state\n${lines.map((l) => `- ${l}`).join('\n')}` : undefined;
}
