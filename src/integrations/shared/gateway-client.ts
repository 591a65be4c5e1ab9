/**
 * The one HTTP client every adapter uses to reach the gateway. It never throws at its caller:
 * whatever goes wrong (refused connection, timeout, a 5xx, a body that is not the contract)
 * becomes a Verdict that denies, naming the gateway URL, unless the adapter is configured to
 * fail open. Adapters hold no policy; this file holds none either, it only carries answers.
 */
import { type AdapterConfig } from './config.js';
import {
  approvalSchema,
  checkAnswerSchema,
  type Approval,
  type CheckAnswer,
  type CheckRequest,
  type ReportRequest,
  type Verdict,
} from './types.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface GatewayClientOptions extends AdapterConfig {
  /** Replaces the global fetch, e.g. to dispatch in-process inside the gateway itself. */
  fetch?: FetchLike;
  /**
   * What `ask` becomes: "native" leaves it to the client's own prompt (Claude Code);
   * "approval" records a pending approval on the gateway and waits for a human.
   */
  ask: 'native' | 'approval';
  /** Extra headers on every request (e.g. the forwarded Authorization of an http hook). */
  headers?: Record<string, string>;
  /**
   * Told once per approval, while the call waits: what waits and the command that answers it.
   * Default: the adapter's stderr, which a person running the agent sees (never stdout, which
   * carries the MCP protocol).
   */
  notify?: (message: string) => void;
}

type HttpResult =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'failed'; why: string };

/** Long polls are cut into slices so a proxy in between never sees a request hang for minutes. */
const APPROVAL_POLL_SLICE_MS = 20_000;

export class GatewayClient {
  private readonly fetchImpl: FetchLike;

  constructor(readonly options: GatewayClientOptions) {
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
  }

  get url(): string {
    return this.options.gatewayUrl;
  }

  /** Asks the gateway about one tool call; always resolves to something the adapter can act on. */
  async check(request: CheckRequest): Promise<Verdict> {
    const res = await this.send('POST', '/v1/check', this.withAgent(request), this.options.timeoutMs);
    if (res.kind === 'failed') return this.noDecision(res.why);
    if (res.status >= 500) return this.noDecision(`HTTP ${res.status}${errorText(res.body)}`);
    if (res.status >= 400) {
      // The gateway answered and refused the request itself (bad token, bad input): that is a
      // decision, not an outage, so it denies even when the adapter fails open.
      return {
        decision: 'deny',
        source: 'gateway',
        message: `toolgate rejected the check request (HTTP ${res.status}${errorText(res.body)}); the call is blocked`,
      };
    }
    const parsed = checkAnswerSchema.safeParse(res.body);
    if (!parsed.success) return this.noDecision('its answer is not a decision (malformed body)');
    const answer = parsed.data;
    const verdict: Verdict = {
      decision: answer.decision,
      source: 'gateway',
      decision_id: answer.decision_id,
      answer,
      message: describe(answer),
    };
    if (answer.decision === 'ask' && this.options.ask === 'approval') return this.awaitApproval(request, answer);
    return verdict;
  }

  /** See AdapterConfig.agentId. */
  private withAgent(request: CheckRequest): CheckRequest {
    const { agent_id: clientAgent, ...rest } = request;
    const hasToken = !!this.options.token || !!this.options.headers?.authorization;
    const agent_id = this.options.agentId ?? (hasToken ? undefined : clientAgent);
    return agent_id ? { ...rest, agent_id } : rest;
  }

  /** Tells the gateway how a tool call it allowed went. Best effort: a lost report never blocks the agent. */
  async report(report: ReportRequest): Promise<boolean> {
    const res = await this.send('POST', '/v1/report', report, this.options.timeoutMs);
    return res.kind === 'ok' && res.status < 300;
  }

  /**
   * Posts a session signal (compaction, end, continue). Returns the answer body on 2xx and null
   * otherwise, so an adapter can treat an endpoint the gateway does not have as "no signal".
   */
  async sessionSignal(sessionId: string, signal: 'compactions' | 'end' | 'continue', body: unknown): Promise<unknown | null> {
    const res = await this.send('POST', `/v1/sessions/${encodeURIComponent(sessionId)}/${signal}`, body, this.options.timeoutMs);
    return res.kind === 'ok' && res.status < 300 ? res.body : null;
  }

  /** GET /v1/sessions/:id/resume: what the gateway keeps of a session (null when unknown or unavailable). */
  async sessionResume(sessionId: string): Promise<Record<string, unknown> | null> {
    const res = await this.send('GET', `/v1/sessions/${encodeURIComponent(sessionId)}/resume`, undefined, this.options.timeoutMs);
    return res.kind === 'ok' && res.status < 300 && res.body && typeof res.body === 'object' ? (res.body as Record<string, unknown>) : null;
  }

  private async awaitApproval(request: CheckRequest, answer: CheckAnswer): Promise<Verdict> {
    const waitMs = this.options.approvalWaitMs;
    const why = describe(answer);
    const denied = (message: string): Verdict => ({ decision: 'deny', source: 'approval', decision_id: answer.decision_id, answer, message });
    if (waitMs <= 0) return denied(`${why}; this client cannot prompt and approvals are off (TOOLGATE_APPROVAL_WAIT_MS=0), so the call is blocked`);
    const created = await this.send(
      'POST',
      '/v1/approvals',
      { decision_id: answer.decision_id, session_id: request.session_id, tool: request.tool, timeout_ms: waitMs },
      this.options.timeoutMs,
    );
    const first = created.kind === 'ok' && created.status < 300 ? approvalSchema.safeParse(created.body) : null;
    if (!first?.success) {
      const detail = created.kind === 'failed' ? created.why : `HTTP ${created.status}${errorText(created.body)}`;
      return denied(`${why}; no approval could be requested from the gateway at ${this.url} (${detail}), so the call is blocked`);
    }
    let approval: Approval = first.data;
    const deadline = Date.now() + waitMs;
    if (approval.status === 'pending') {
      const notify = this.options.notify ?? ((m: string) => void process.stderr.write(`${m}\n`));
      notify(
        `toolgate: ${request.tool} waits for a person (${why}); up to ${Math.round(waitMs / 1000)} s. ` +
          `Approve: toolgate approvals approve ${approval.id}   Deny: toolgate approvals deny ${approval.id}   Details: toolgate approvals show ${approval.id}`,
      );
    }
    while (approval.status === 'pending') {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const slice = Math.min(remaining, APPROVAL_POLL_SLICE_MS);
      const res = await this.send('GET', `/v1/approvals/${encodeURIComponent(approval.id)}?wait_ms=${slice}`, undefined, slice + this.options.timeoutMs);
      if (res.kind === 'ok' && res.status < 300) {
        const next = approvalSchema.safeParse(res.body);
        if (next.success) approval = next.data;
      } else {
        // A gateway that is briefly away must not turn into a tight loop.
        await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(0, deadline - Date.now()))));
      }
    }
    const by = approval.decided_by ? ` by ${approval.decided_by}` : '';
    const note = approval.note ? `: ${approval.note}` : '';
    if (approval.status === 'approved') {
      return { decision: 'allow', source: 'approval', decision_id: answer.decision_id, answer, message: `approved${by}${note} (approval ${approval.id})` };
    }
    if (approval.status === 'denied') return denied(`${why}; approval ${approval.id} was denied${by}${note}`);
    return denied(`${why}; nobody approved it within ${Math.round(waitMs / 1000)} s (approval ${approval.id}), so the call is blocked`);
  }

  private noDecision(why: string): Verdict {
    if (this.options.failMode === 'open') {
      return { decision: 'allow', source: 'unreachable', message: `toolgate gateway at ${this.url} gave no decision (${why}); allowed because this adapter is set to fail open` };
    }
    return {
      decision: 'deny',
      source: 'unreachable',
      message: `toolgate gateway at ${this.url} gave no decision (${why}); the call is blocked because the firewall fails closed`,
    };
  }

  private async send(method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number): Promise<HttpResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return { kind: 'failed', why: describeFetchError(err, timeoutMs) };
    }
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      return { kind: 'failed', why: describeFetchError(err, timeoutMs) };
    }
    if (text === '') return { kind: 'ok', status: response.status, body: null };
    try {
      return { kind: 'ok', status: response.status, body: JSON.parse(text) };
    } catch {
      return response.status >= 400
        ? { kind: 'ok', status: response.status, body: null }
        : { kind: 'failed', why: `HTTP ${response.status} with a body that is not JSON` };
    }
  }
}

/** The reasons a decision gives, as one line for a model or a person. */
export function describe(answer: CheckAnswer): string {
  const reasons = answer.reasons.map((r) => `${r.message} [${r.rule}]`).join('; ');
  const verb = answer.decision === 'deny' ? 'blocked' : answer.decision === 'ask' ? 'needs approval' : 'allowed';
  return `toolgate ${verb}${reasons ? `: ${reasons}` : ''} (decision ${answer.decision_id})`;
}

function errorText(body: unknown): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error?: { code?: unknown; message?: unknown } }).error;
    if (e && typeof e.message === 'string') return `: ${typeof e.code === 'string' ? `${e.code}: ` : ''}${e.message.slice(0, 300)}`;
  }
  return '';
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
    return cause?.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
