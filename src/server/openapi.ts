/**
 * The OpenAPI document of the HTTP API, generated from the same zod schemas that validate
 * the requests (zod 4's JSON Schema output), served at GET /openapi.json. Every route the
 * app registers must be listed here: src/server/openapi.test.ts compares this table with
 * the app's own routes, so a new route without a description fails the tests.
 */
import { z } from 'zod';
import { CheckRequest, CheckResponse } from '../api/check.js';
import { ReportRequest } from '../api/report.js';
import { CheckpointRequest, CompactionRequest, ContinueRequest, EndRequest, PinsRequest, ResetRequest, StartRequest, StopRequest } from '../api/sessions.js';
import { ERROR_CODES } from '../api/errors.js';
import { DecisionQuery } from '../audit/filter.js';
import { AgentStopRequest } from './routes/agents.js';
import { ApprovalAnswerBody, ApprovalListQuery, ApprovalRequestBody } from './routes/approvals.js';
import { MemoryPutRequest } from './routes/memory.js';
import { routeAccess } from './middleware/auth.js';

type Method = 'get' | 'post' | 'put' | 'delete';

interface RouteDoc {
  method: Method;
  /** Hono's form: /v1/sessions/:id */
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Status of a success, when not 200. */
  status?: number;
}

export const API_ROUTES: RouteDoc[] = [
  { method: 'get', path: '/healthz', summary: 'the process is up' },
  { method: 'get', path: '/readyz', summary: 'a policy is loaded and a decision could be committed now (503 otherwise)' },
  { method: 'get', path: '/openapi.json', summary: 'this document' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics' },
  { method: 'post', path: '/v1/check', summary: 'decide one tool call', body: CheckRequest, response: CheckResponse },
  { method: 'post', path: '/v1/report', summary: 'the outcome of a decided call after it ran', body: ReportRequest },
  { method: 'post', path: '/v1/hooks/claude-code', summary: "Claude Code's http hook: the hook event in, Claude Code's hook output out" },
  { method: 'post', path: '/v1/sessions/:id/start', summary: 'start a session (optionally resuming an old one)', body: StartRequest, status: 201 },
  { method: 'post', path: '/v1/sessions/:id/continue', summary: 'may the agent continue its turn?', body: ContinueRequest },
  { method: 'post', path: '/v1/sessions/:id/end', summary: 'end a session', body: EndRequest },
  { method: 'post', path: '/v1/sessions/:id/stop', summary: "stop a session (the operator's)", body: StopRequest },
  { method: 'post', path: '/v1/sessions/:id/reset', summary: "reset a session's loop and breaker state (the operator's)", body: ResetRequest },
  { method: 'put', path: '/v1/sessions/:id/pins', summary: "pin the session's goal", body: PinsRequest },
  { method: 'post', path: '/v1/sessions/:id/compactions', summary: 'a compaction happened (or failed)', body: CompactionRequest },
  { method: 'post', path: '/v1/sessions/:id/checkpoints', summary: 'save a checkpoint', body: CheckpointRequest, status: 201 },
  { method: 'get', path: '/v1/sessions/:id', summary: "a session's state" },
  { method: 'get', path: '/v1/sessions/:id/compactions', summary: "a session's compactions" },
  { method: 'get', path: '/v1/sessions/:id/checkpoints', summary: "a session's checkpoints" },
  { method: 'get', path: '/v1/sessions/:id/resume', summary: 'what an agent needs after a crash or restart' },
  { method: 'get', path: '/v1/sessions/:id/timeline', summary: "a session's decisions in order" },
  { method: 'post', path: '/v1/agents/:agent/stop', summary: "stop every session of an agent, new ones included (the operator's)", body: AgentStopRequest },
  { method: 'delete', path: '/v1/agents/:agent/stop', summary: "lift an agent's stop (the operator's)" },
  { method: 'get', path: '/v1/agents/:agent/stop', summary: "an agent's stop, if any" },
  { method: 'get', path: '/v1/agents/:agent/usage', summary: "an agent's usage per day" },
  { method: 'put', path: '/v1/memory/:scope/:key', summary: 'write a memory entry (versioned)', body: MemoryPutRequest },
  { method: 'get', path: '/v1/memory/:scope', summary: 'list memory entries of a scope' },
  { method: 'get', path: '/v1/memory/:scope/:key', summary: 'read a memory entry' },
  { method: 'delete', path: '/v1/memory/:scope/:key', summary: 'delete a memory entry' },
  { method: 'post', path: '/v1/approvals', summary: 'ask a person about an ask decision (agents)', body: ApprovalRequestBody, status: 201 },
  { method: 'get', path: '/v1/approvals', summary: 'approvals with the call each would let run', query: ApprovalListQuery },
  { method: 'get', path: '/v1/approvals/:id', summary: 'one approval, waiting up to wait_ms for its answer' },
  { method: 'post', path: '/v1/approvals/:id', summary: "answer an approval (the operator's)", body: ApprovalAnswerBody },
  { method: 'get', path: '/v1/decisions', summary: 'the decision log, filtered and paged', query: DecisionQuery },
  { method: 'get', path: '/v1/decisions/:id', summary: 'one logged decision' },
  { method: 'get', path: '/v1/decisions/:id/explain', summary: 'a logged decision explained' },
  { method: 'get', path: '/v1/audit/head', summary: "the hash chain's head" },
  { method: 'get', path: '/v1/audit/verify', summary: 'verify the decision chain and the trail: approvals, reported outcomes, policy revisions and activations (the operator\'s)' },
  { method: 'post', path: '/v1/policy/reload', summary: 'rebuild and swap the policy (the last good one stays on failure)' },
  { method: 'get', path: '/v1/policy', summary: 'the active policy and the reload status' },
  { method: 'get', path: '/v1/policy/shadow/diffs', summary: 'where the shadow policy decided differently' },
  { method: 'get', path: '/ui', summary: 'the audit viewer' },
  { method: 'get', path: '/ui/', summary: 'the audit viewer' },
  { method: 'get', path: '/ui/decisions', summary: 'the audit viewer: decisions' },
  { method: 'get', path: '/ui/decisions/:id', summary: 'the audit viewer: one decision' },
  { method: 'get', path: '/ui/sessions/:id', summary: "the audit viewer: a session's timeline" },
  { method: 'get', path: '/ui/approvals', summary: 'the audit viewer: approvals (pending, or ?status=all|approved|denied|expired) with Approve and Deny buttons' },
  { method: 'get', path: '/ui/approvals/:id', summary: 'the audit viewer: one approval and its decision' },
  { method: 'post', path: '/ui/approvals/:id', summary: "the viewer's Approve / Deny form (urlencoded: _csrf, decision, note; same-origin only, 303 to the approval)" },
];

/** /v1/sessions/:id → /v1/sessions/{id} */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const ErrorBodySchema = z.object({
  error: z.object({ code: z.enum(Object.keys(ERROR_CODES) as [string, ...string[]]), message: z.string(), details: z.unknown().optional() }),
});

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s }));
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of API_ROUTES) {
    const access = routeAccess(route.method.toUpperCase(), route.path.replace(/:[A-Za-z_]+/g, 'x'));
    const pathParams = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const op: Record<string, unknown> = {
      summary: route.summary,
      'x-toolgate-access': access,
      ...(access === 'public' ? { security: [] } : {}),
      parameters: [...pathParams, ...queryParameters(route.query)],
      responses: {
        [String(route.status ?? 200)]: {
          description: 'success',
          ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response) } } } : {}),
        },
        default: { description: 'an error: {error: {code, message}}; the codes are in the catalogue (src/api/errors.ts)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (route.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } };
    (paths[openApiPath(route.path)] ??= {})[route.method] = op;
  }
  cached = {
    openapi: '3.1.0',
    info: { title: 'toolgate', version: '1', description: 'A policy-engine firewall for AI agent tool calls.' },
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorBodySchema) },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an agent or admin token (toolgate tokens create), or the local admin secret' },
      },
    },
    security: [{ bearer: [] }],
  };
  return cached;
}
