/**
 * The toolgate plugin for OpenClaw (2026.9.6): `before_tool_call` asks the gateway and blocks
 * with its reason, `after_tool_call` reports the outcome, `after_compaction` and `session_end`
 * become session signals. The loadable package is integrations/openclaw/ (manifest + entry);
 * this module is its logic, compiled with the rest of toolgate.
 *
 * Event mapping, in one place:
 *   before_tool_call  → POST /v1/check → allow: nothing | deny: {block, blockReason}
 *                       | ask (option ask "approval", the default): pending approval on the
 *                         gateway, waited for, then allow or block
 *                       | ask (option ask "native"): OpenClaw's requireApproval prompt
 *   after_tool_call   → POST /v1/report
 *   after_compaction  → POST /v1/sessions/:id/compactions
 *   session_end       → POST /v1/sessions/:id/end, only when the session was replaced or
 *                       deleted (new, reset, deleted): the gateway denies every later call of
 *                       an ended session, and idle/daily/shutdown/restart ends can resume
 *
 * The `agent exec` path of OpenClaw 2026.9.6 loads plugins but never creates the hook runner,
 * so every plugin's before_tool_call is silently skipped there. The plugin detects a missing
 * runner at load and creates it (option execPath "gate", the default), or refuses to let the
 * run start (execPath "refuse"). Either way it says so on stderr.
 */
import { z } from 'zod';
import { MemoryCallLedger } from '../shared/call-ledger.js';
import { resolveAdapterConfig, tokenEnvOf } from '../shared/config.js';
import { GatewayClient } from '../shared/gateway-client.js';
import { outputFigures, exitCodeFromText } from '../shared/outcome.js';
import { mapOpenClawTool, type ToolCallEvent } from './tools.js';
import { workspaceResolver, type OpenClawConfigLike, type WorkspaceResolverFn } from './workspace.js';

export const PLUGIN_ID = 'toolgate';

export const pluginConfigSchema = z
  .object({
    gatewayUrl: z.string().optional(),
    token: z.string().optional(),
    timeoutMs: z.number().int().positive().optional(),
    failMode: z.enum(['closed', 'open']).optional(),
    ask: z.enum(['approval', 'native']).optional(),
    approvalWaitMs: z.number().int().nonnegative().optional(),
    cwd: z.string().optional(),
    home: z.string().optional(),
    execPath: z.enum(['gate', 'refuse']).optional(),
  })
  .strict();
export type PluginConfig = z.infer<typeof pluginConfigSchema>;

interface ToolContext {
  agentId?: string;
  sessionKey?: string;
  sessionId?: string;
  runId?: string;
  toolCallId?: string;
}

/** The slice of OpenClaw's plugin API this plugin uses. */
export interface OpenClawApiLike {
  pluginConfig?: unknown;
  config?: OpenClawConfigLike;
  /** OpenClaw's plugin runtime; `agent.resolveAgentWorkspaceDir` is its own workspace resolver. */
  runtime?: { agent?: { resolveAgentWorkspaceDir?: WorkspaceResolverFn } };
  logger?: { info?: (m: string) => void; warn?: (m: string) => void; error?: (m: string) => void };
  on(hook: string, handler: (event: any, ctx: any) => unknown, opts?: Record<string, unknown>): void;
}

/** What the entry module hands in from `openclaw/plugin-sdk/hook-runtime` (resolved by OpenClaw's loader). */
export interface HookRuntime {
  initializeGlobalHookRunner?: (registry: { hooks: never[]; typedHooks: never[]; plugins: never[]; trustedToolPolicies: never[] }) => void;
}

const HOOK_RUNNER_STATE = Symbol.for('openclaw.plugins.hook-runner-global-state');

/** Whether OpenClaw created its plugin hook runner (an internal global of 2026.9.6; absent means unknown). */
export function hookRunnerState(): 'present' | 'missing' | 'unknown' {
  const state = (globalThis as Record<symbol, unknown>)[HOOK_RUNNER_STATE] as { hookRunner?: unknown } | undefined;
  if (!state || typeof state !== 'object') return 'unknown';
  return state.hookRunner ? 'present' : 'missing';
}

/**
 * One ledger per process: OpenClaw may call register() more than once (a metadata pass, then
 * the runtime), and an after_tool_call must find the decision whichever registration saw the call.
 */
const sharedLedger = new MemoryCallLedger();

/** Model usage seen since a session's last report (llm_output), per session; bounded. */
class PendingUsage {
  private readonly bySession = new Map<string, { tokens_in: number; tokens_out: number }>();
  add(session: string, usage: Record<string, unknown> | undefined): void {
    if (!usage) return;
    const n = (k: string) => (typeof usage[k] === 'number' && Number.isFinite(usage[k]) && (usage[k] as number) > 0 ? Math.round(usage[k] as number) : 0);
    const before = this.bySession.get(session) ?? { tokens_in: 0, tokens_out: 0 };
    this.bySession.delete(session);
    this.bySession.set(session, { tokens_in: before.tokens_in + n('input') + n('cacheRead') + n('cacheWrite'), tokens_out: before.tokens_out + n('output') });
    while (this.bySession.size > 10_000) this.bySession.delete(this.bySession.keys().next().value as string);
  }
  take(session: string): { tokens_in: number; tokens_out: number } | undefined {
    const usage = this.bySession.get(session);
    this.bySession.delete(session);
    return usage && (usage.tokens_in > 0 || usage.tokens_out > 0) ? usage : undefined;
  }
}
const pendingUsage = new PendingUsage();

/**
 * Start-up messages are said once per OpenClaw run: OpenClaw may call register() more than
 * once (a metadata pass, then the runtime). Keyed by OpenClaw's hook-runner state object, which
 * lives as long as the run.
 */
const announced = new WeakMap<object, Set<string>>();
const processWide = {};
function announceOnce(log: (level: 'warn' | 'error', message: string) => void, level: 'warn' | 'error', message: string): void {
  const key = ((globalThis as Record<symbol, unknown>)[HOOK_RUNNER_STATE] as object | undefined) ?? processWide;
  const said = announced.get(key) ?? new Set<string>();
  announced.set(key, said);
  if (said.has(message)) return;
  said.add(message);
  log(level, message);
}

function sessionOf(ctx: ToolContext): string {
  return ctx.sessionId || ctx.sessionKey || ctx.runId || 'openclaw';
}

export function createToolgatePlugin(runtime: HookRuntime = {}) {
  return {
    id: PLUGIN_ID,
    name: 'toolgate',
    description: 'Asks the toolgate gateway before every tool call; blocks what its policy denies.',
    register(api: OpenClawApiLike) {
      const log = (level: 'info' | 'warn' | 'error', message: string) => {
        // stderr as well as OpenClaw's logger: a firewall's warnings must not hide behind a log level.
        process.stderr.write(`[toolgate] ${message}\n`);
        api.logger?.[level]?.(message);
      };
      const parsed = pluginConfigSchema.safeParse(api.pluginConfig ?? {});
      const config: PluginConfig = parsed.success ? parsed.data : {};
      let configError: string | undefined;
      if (!parsed.success) configError = `invalid plugin config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
      let client: GatewayClient | undefined;
      // A config that does not validate gets no client at all: guessing a gateway from half a
      // config would block with a misleading reason, or worse, reach the wrong gateway.
      if (!configError) {
        try {
          client = new GatewayClient({
            ...resolveAdapterConfig({
              ...(config.gatewayUrl ? { gatewayUrl: config.gatewayUrl } : {}),
              ...(config.token ? { token: config.token } : {}),
              ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
              ...(config.failMode ? { failMode: config.failMode } : {}),
              ...(config.approvalWaitMs !== undefined ? { approvalWaitMs: config.approvalWaitMs } : {}),
            }),
            ask: config.ask ?? 'approval',
          });
        } catch (error) {
          configError = (error as Error).message;
        }
      }
      if (configError) log('error', `${configError}; every tool call will be blocked until it is fixed`);

      // Commands run in the agent's workspace, not where OpenClaw was started (workspace.ts).
      const workspaceOf = workspaceResolver({ configuredCwd: config.cwd, cfg: api.config, resolve: api.runtime?.agent?.resolveAgentWorkspaceDir });
      const home = config.home ?? process.env.HOME;
      const ledger = sharedLedger;
      // OpenClaw gives before_tool_call 15 s by default and blocks when that runs out; a call that
      // waits for a person needs the whole approval wait plus the requests around it.
      const beforeTimeoutMs = Math.min(
        600_000,
        Math.max(15_000, client ? client.options.approvalWaitMs * (client.options.ask === 'approval' ? 1 : 0) + 3 * client.options.timeoutMs : 0),
      );

      // The `agent exec` gap (see the header comment). At load time the runner is missing on every
      // path (OpenClaw creates it when it activates the registry, after all plugins registered), so
      // starting it here is harmless elsewhere: OpenClaw keeps the runner object and swaps in its
      // registry. Only the exec path would never start it, and that is the one that gets a warning.
      const onExecPath = isAgentExecInvocation(process.argv);
      let refuseAll: string | undefined;
      const runnerState = hookRunnerState();
      let startedRunner = false;
      if (runnerState === 'missing') {
        if (runtime.initializeGlobalHookRunner) {
          runtime.initializeGlobalHookRunner({ hooks: [], typedHooks: [], plugins: [], trustedToolPolicies: [] });
          startedRunner = true;
        } else if (onExecPath) {
          announceOnce(log, 'error', 'toolgate cannot start OpenClaw\'s plugin hook runner (openclaw/plugin-sdk/hook-runtime unavailable): on `openclaw agent exec` tool calls would NOT be checked. Use `openclaw agent --local` instead.');
        }
      }
      if (onExecPath) {
        if ((config.execPath ?? 'gate') === 'refuse') {
          refuseAll = 'toolgate refuses tool calls on `openclaw agent exec` (plugin option execPath "refuse"); use `openclaw agent --local`';
          announceOnce(log, 'warn', refuseAll);
        } else if (startedRunner) {
          // Said only when it is true: this registration did start the runner.
          announceOnce(log, 'warn', 'on `openclaw agent exec` OpenClaw 2026.9.6 skips plugin tool hooks; toolgate started the hook runner itself, so tool calls are still checked');
        } else if (runnerState === 'unknown') {
          announceOnce(log, 'warn', 'toolgate cannot tell whether this OpenClaw runs plugin tool hooks on `openclaw agent exec`; if it does not, tool calls are not checked there. Set the plugin option execPath to "refuse", or use `openclaw agent --local`');
        }
      }

      api.on('before_tool_call', async (event: ToolCallEvent, ctx: ToolContext) => {
        if (!client) return { block: true, blockReason: `toolgate plugin is misconfigured (${configError}); the call is blocked` };
        const cwd = workspaceOf(ctx.agentId);
        const { tool, input, cwd: runsIn } = mapOpenClawTool(event, cwd);
        const session = sessionOf(ctx);
        if (refuseAll) {
          // Refused whatever the policy says, but still decided and logged, so the audit trail
          // shows every call the agent tried; the answer never reaches OpenClaw.
          await client.check({ session_id: session, ...(ctx.agentId ? { agent_id: ctx.agentId } : {}), tool, input, context: { cwd: runsIn ?? cwd, ...(runsIn ? { workspace_roots: [cwd] } : {}) } });
          return { block: true, blockReason: refuseAll };
        }
        const verdict = await client.check({
          session_id: session,
          ...(ctx.agentId ? { agent_id: ctx.agentId } : {}),
          tool,
          input,
          // exec's workdir moves where the command runs, not where the workspace is.
          // exec's children inherit this process's environment: the token is there if it is set here.
          context: { cwd: runsIn ?? cwd, ...(runsIn ? { workspace_roots: [cwd] } : {}), ...(home ? { home } : {}), token_env: tokenEnvOf(process.env) },
        });
        if (verdict.decision === 'allow') {
          const callId = ctx.toolCallId ?? (event as { toolCallId?: string }).toolCallId;
          if (verdict.decision_id && callId) ledger.remember(session, callId, verdict.decision_id);
          return undefined;
        }
        if (verdict.decision === 'ask') {
          // ask: "native": OpenClaw's own approval prompt (/approve in chat); unanswered, it denies.
          return {
            requireApproval: {
              title: `toolgate: ${tool} needs approval`,
              description: verdict.message,
              severity: 'warning',
              timeoutMs: client.options.approvalWaitMs,
              allowedDecisions: ['allow-once', 'deny'],
            },
          };
        }
        return { block: true, blockReason: verdict.message };
      }, { timeoutMs: beforeTimeoutMs });

      api.on('after_tool_call', async (event: { toolCallId?: string; result?: unknown; error?: string; durationMs?: number }, ctx: ToolContext) => {
        const callId = ctx.toolCallId ?? event.toolCallId;
        const decisionId = callId ? ledger.take(sessionOf(ctx), callId) : undefined;
        if (!decisionId || !client) return;
        const failed = typeof event.error === 'string' && event.error !== '';
        const exitCode = failed ? exitCodeFromText(event.error) : exitCodeOf(event.result);
        const usage = pendingUsage.take(sessionOf(ctx));
        await client.report({
          decision_id: decisionId,
          ...(usage ?? {}),
          ok: !failed && (exitCode === undefined || exitCode === 0),
          ...(exitCode !== undefined ? { exit_code: exitCode } : {}),
          ...(typeof event.durationMs === 'number' ? { duration_ms: Math.round(event.durationMs) } : {}),
          ...outputFigures(failed ? event.error : event.result),
        });
      });

      // Token usage per model call (llm_output carries it): held per session and sent with the next
      // outcome report, so the token budgets fire for OpenClaw. Cost is not measured (no prices).
      api.on('llm_output', (event: { sessionId?: string; usage?: Record<string, unknown> }, ctx: ToolContext) => {
        pendingUsage.add(ctx?.sessionId || ctx?.sessionKey || event.sessionId || ctx?.runId || 'openclaw', event.usage);
      });

      api.on('after_compaction', async (event: { tokenCount?: number; compactedCount?: number }, ctx: ToolContext) => {
        if (!client || !event.compactedCount) return;
        await client.sessionSignal(sessionOf(ctx), 'compactions', {
          ok: true,
          ...(typeof event.tokenCount === 'number' ? { tokens_after: event.tokenCount } : {}),
          summary: '',
        });
      });

      api.on('session_end', async (event: { sessionId?: string; reason?: string }, ctx: ToolContext) => {
        if (!client || !['new', 'reset', 'deleted'].includes(event.reason ?? '')) return;
        await client.sessionSignal(event.sessionId ?? sessionOf(ctx), 'end', { status: 'completed', summary: `OpenClaw session ended (${event.reason})` });
      });
    },
  };
}

/** `openclaw agent exec …`: the headless path whose hook runner OpenClaw does not start. */
export function isAgentExecInvocation(argv: readonly string[]): boolean {
  const i = argv.indexOf('agent');
  return i >= 0 && argv[i + 1] === 'exec';
}

/** OpenClaw's exec result carries `details.exitCode`; other tools have none. */
function exitCodeOf(result: unknown): number | undefined {
  const details = result && typeof result === 'object' ? (result as { details?: { exitCode?: unknown } }).details : undefined;
  return typeof details?.exitCode === 'number' ? details.exitCode : undefined;
}
