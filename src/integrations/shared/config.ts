/**
 * How an adapter finds and talks to the gateway. Every adapter reads the same environment
 * variables so one set-up serves Claude Code, OpenClaw and the MCP proxy alike.
 */
export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8787';

export interface AdapterConfig {
  /** Base URL of the gateway, without a trailing slash. */
  gatewayUrl: string;
  /** Agent token sent as `Authorization: Bearer …` when set. */
  token?: string;
  /**
   * The agent id to send. Unset: the client's own agent name when there is no token, and none
   * when there is one, because a token already names its agent and the gateway refuses a
   * request that names another.
   */
  agentId?: string;
  /** How long one gateway request may take before the adapter gives up on it. */
  timeoutMs: number;
  /**
   * What to do when no decision can be had (unreachable, slow, garbage, 5xx): "closed" denies,
   * "open" allows. Closed is the default: a firewall that is down must not let everything through.
   */
  failMode: 'closed' | 'open';
  /**
   * How long to wait for a human to answer a pending approval when the gateway says `ask` and the
   * client has no prompt of its own. 0 denies an `ask` at once.
   */
  approvalWaitMs: number;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_APPROVAL_WAIT_MS = 60_000;

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of milliseconds, got "${raw}"`);
  return n;
}

/** Config from the environment, overridden by explicit options (CLI flags, plugin config). */
export function resolveAdapterConfig(
  overrides: Partial<AdapterConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): AdapterConfig {
  const failModeRaw = overrides.failMode ?? env.TOOLGATE_FAIL_MODE ?? 'closed';
  if (failModeRaw !== 'closed' && failModeRaw !== 'open') {
    throw new Error(`TOOLGATE_FAIL_MODE must be "closed" or "open", got "${failModeRaw}"`);
  }
  const gatewayUrl = (overrides.gatewayUrl ?? env.TOOLGATE_URL ?? DEFAULT_GATEWAY_URL).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(gatewayUrl);
  } catch {
    throw new Error(`the gateway URL "${gatewayUrl}" is not a URL (set TOOLGATE_URL or --gateway, e.g. ${DEFAULT_GATEWAY_URL})`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`the gateway URL must be http or https, got "${gatewayUrl}"`);
  }
  for (const key of ['timeoutMs', 'approvalWaitMs'] as const) {
    const v = overrides[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`${key} must be a whole number of milliseconds, got ${v}`);
  }
  const token = overrides.token ?? (env.TOOLGATE_TOKEN || undefined);
  const agentId = overrides.agentId ?? (env.TOOLGATE_AGENT_ID || undefined);
  return {
    gatewayUrl,
    token,
    ...(agentId ? { agentId } : {}),
    timeoutMs: overrides.timeoutMs ?? positiveInt(env.TOOLGATE_TIMEOUT_MS, 'TOOLGATE_TIMEOUT_MS', DEFAULT_TIMEOUT_MS),
    failMode: failModeRaw,
    approvalWaitMs:
      overrides.approvalWaitMs ??
      positiveInt(env.TOOLGATE_APPROVAL_WAIT_MS, 'TOOLGATE_APPROVAL_WAIT_MS', DEFAULT_APPROVAL_WAIT_MS),
  };
}

/**
 * The environment variables an adapter reads its gateway token from. The policy's list of the
 * guard's secret variables (policies/data.json config.guard.secret_env) names them too.
 */
export const TOKEN_ENV = ['TOOLGATE_TOKEN'] as const;

/**
 * Which token variables are set in `env`, sent as context.token_env: where the agent's tools
 * inherit the adapter's environment, a dump of it would show the token (policies/guard/environment.rego).
 */
export function tokenEnvOf(env: Record<string, string | undefined>): string[] {
  return TOKEN_ENV.filter((name) => (env[name] ?? '') !== '');
}
