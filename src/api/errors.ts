/**
 * Every error code the HTTP API answers, its status and what it means: one table, used by
 * the server (the app's error handler maps a ToolgateError to its status) and documented
 * in the README (docs/http-errors.md is generated from it by its test). Clients match on
 * `error.code`, never on the message.
 *
 * Every error body has the shape {error: {code, message, details?}}.
 */

export const ERROR_CODES = {
  // 400: the request is wrong; fix it and send again.
  empty_body: { status: 400, meaning: 'the request body is empty; send a JSON object' },
  unreadable_body: { status: 400, meaning: 'the request body could not be read' },
  malformed_json: { status: 400, meaning: 'the request body is not valid JSON' },
  too_deep: { status: 400, meaning: 'the JSON body nests deeper than the limit' },
  invalid_request: { status: 400, meaning: 'a field is missing, mistyped, unknown or out of bounds (the message names it)' },
  invalid_query: { status: 400, meaning: 'a query parameter is mistyped or out of bounds' },
  invalid_session_id: { status: 400, meaning: 'the session id in the path is empty, too long or holds control characters' },
  invalid_agent_id: { status: 400, meaning: 'the agent id in the path is empty, too long or holds control characters' },
  invalid_id: { status: 400, meaning: 'an id in the path is not of the expected form (a UUID, a decision id)' },
  invalid_day: { status: 400, meaning: 'day must be YYYY-MM-DD (UTC)' },
  invalid_scope: { status: 400, meaning: 'a memory scope is session, agent or project' },
  invalid_key: { status: 400, meaning: 'a memory key is empty, too long or holds control characters' },
  invalid_owner: { status: 400, meaning: "a memory scope's owner id is not a valid identifier" },
  missing_owner: { status: 400, meaning: "a memory scope needs its owner (session_id, agent_id) in the query" },
  invalid_version: { status: 400, meaning: 'a memory version is not a positive whole number' },
  invalid_hook_event: { status: 400, meaning: "the body is not an event of the client's hook format" },
  approver_from_credentials: { status: 400, meaning: 'an approval names no approver: the approver recorded is the authenticated caller' },
  duplicate_key: { status: 400, meaning: 'the JSON body names the same key twice in one object (one input, one meaning: refused rather than guessed)' },
  http_error: { status: 400, meaning: 'the HTTP request itself was refused (the message says why)' },
  // 401 / 403: who is calling, and may they.
  unauthorized: { status: 401, meaning: 'this gateway needs a token and the request carried none' },
  invalid_token: { status: 401, meaning: 'the token is malformed, unknown or revoked' },
  operator_only: { status: 403, meaning: "the route is the operator's: it needs an admin token or the local admin secret" },
  session_of_another_agent: { status: 403, meaning: "an agent token named a session of another agent" },
  decision_of_another_agent: { status: 403, meaning: 'an agent token named a decision of another agent' },
  foreign_origin: { status: 403, meaning: "a browser request from another web origin (cross-site posts are refused)" },
  csrf_origin: { status: 403, meaning: "a viewer form post whose Origin is not the gateway's own host:port" },
  csrf_token: { status: 403, meaning: "a viewer form post without the page's security token (reload the page)" },
  csrf_content_type: { status: 415, meaning: 'a viewer post that is not the urlencoded form its pages send' },
  agent_mismatch: { status: 403, meaning: 'an agent token named another agent in the body or the query' },
  // 404: what the request names does not exist.
  not_found: { status: 404, meaning: 'no route for this method and path' },
  unknown_session: { status: 404, meaning: 'no session with this id (it has made no call yet, or the id is wrong)' },
  unknown_decision: { status: 404, meaning: 'no decision with this id' },
  unknown_approval: { status: 404, meaning: 'no approval with this id (or it belongs to another agent)' },
  unknown_memory_key: { status: 404, meaning: 'no memory under this key (or version)' },
  agent_not_stopped: { status: 404, meaning: 'the agent has no stop to lift' },
  // 409: the request conflicts with what is recorded.
  session_exists: { status: 409, meaning: 'a session with this id exists already; resume into a new id' },
  already_reported: { status: 409, meaning: 'the decision has a report already; each call is reported once' },
  decision_denied: { status: 409, meaning: 'the decision was a deny: the call did not run, so it cannot be reported' },
  not_askable: { status: 409, meaning: 'only an ask decision can be sent for approval' },
  approval_closed: { status: 409, meaning: 'the approval was answered already or expired' },
  version_conflict: { status: 409, meaning: 'if_version does not match the memory key\'s current version' },
  no_shadow_policy: { status: 409, meaning: 'the gateway runs without a shadow policy (serve --shadow-policy-dir)' },
  reload_unavailable: { status: 409, meaning: 'this gateway cannot reload its policy' },
  // 422: understood, but it does not work.
  policy_build_failed: { status: 422, meaning: 'the new policy did not build or load; the last good one still serves (details.error says why)' },
  // 415 / 421: how the request was sent.
  unsupported_media_type: { status: 415, meaning: 'a body that is not sent as Content-Type: application/json' },
  unknown_host: { status: 421, meaning: 'the Host header is not a name this gateway answers for (DNS rebinding); serve --allowed-hosts adds names' },
  // 413: over a limit.
  payload_too_large: { status: 413, meaning: 'the request body is over the size limit' },
  summary_too_large: { status: 413, meaning: 'a compaction summary is over the configured limit' },
  checkpoint_too_large: { status: 413, meaning: "a checkpoint's state is over the configured limit" },
  value_too_large: { status: 413, meaning: 'a memory value is over the size limit' },
  // 5xx: the gateway could not answer; nothing was decided.
  internal_error: { status: 500, meaning: 'an unexpected error; the gateway logged the details' },
  unreadable_decision: { status: 500, meaning: "a logged decision's record is not readable" },
  store_unavailable: { status: 503, meaning: 'the database is unavailable: no decision was given; retry later' },
} as const satisfies Record<string, { status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 500 | 503; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorStatus = (typeof ERROR_CODES)[ErrorCode]['status'];

/** Every error the API answers has this shape. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/**
 * A domain error: thrown anywhere below the routes (session transitions, validation, auth)
 * and answered once, by the app's error handler, with its code's status.
 */
export class ToolgateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ToolgateError';
  }

  get status(): ErrorStatus {
    return ERROR_CODES[this.code].status;
  }
}

/** The catalogue as a Markdown table (the README's "Error codes" section is this text). */
export function errorCodesMarkdown(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { status, meaning }]) => `| \`${code}\` | ${status} | ${meaning} |`);
  return ['| code | status | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
