/**
 * The wire contract of POST /v1/check, shared by the server and the client adapters.
 * One zod schema is the source of both validation and the TypeScript types.
 */
import { z } from 'zod';

/** Identifiers: printable, bounded, no control characters (they end up in logs and UIs). */
export const Identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

export const CheckContext = z
  .object({
    cwd: z.string().max(4096).optional(),
    home: z.string().max(4096).optional(),
    workspace_roots: z.array(z.string().max(4096)).max(32).optional(),
    context_tokens: z.number().int().nonnegative().optional(),
    context_window: z.number().int().positive().optional(),
    /** The gateway token variables set in the agent's environment, as the adapter sees it ([] when none). */
    token_env: z.array(z.string().max(200)).max(32).optional(),
  })
  .passthrough();

export const CheckRequest = z.object({
  session_id: Identifier,
  agent_id: Identifier.optional(),
  parent_session_id: Identifier.optional(),
  /** A new session started from an earlier one: its budgets and pinned items carry over (ignored once the session exists). */
  resume_from: Identifier.optional(),
  tool: Identifier,
  input: z.record(z.string(), z.unknown()),
  context: CheckContext.optional(),
});

export type CheckRequest = z.infer<typeof CheckRequest>;
export type CheckContext = z.infer<typeof CheckContext>;

export const Action = z.enum(['allow', 'ask', 'deny']);
export type Action = z.infer<typeof Action>;

export const Reason = z.object({
  rule: z.string(),
  message: z.string(),
  category: z.string().optional(),
  action: Action.optional(),
  severity: z.string().optional(),
  file: z.string().optional(),
});
export type Reason = z.infer<typeof Reason>;

export const CheckResponse = z.object({
  decision_id: z.string(),
  decision: Action,
  categories: z.array(z.string()),
  risk: z.number(),
  reasons: z.array(Reason),
  obligations: z.array(z.string()),
  policy_revision: z.string(),
  warnings: z.array(Reason).optional(),
});
export type CheckResponse = z.infer<typeof CheckResponse>;
