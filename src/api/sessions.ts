/**
 * The wire contract of the session routes (/v1/sessions/:id/…): one zod schema per event,
 * the validator of the route and the type of the session transition it feeds.
 */
import { z } from 'zod';
import { Identifier } from './check.js';

const Count = z.number().int('must be a whole number').nonnegative('must not be negative').max(1e12, 'is implausibly large');

export const StartRequest = z
  .object({ agent_id: Identifier.optional(), parent_session_id: Identifier.optional(), resume_from: Identifier.optional(), goal: z.string().max(4000).optional() })
  .strict();
export const ContinueRequest = z
  .object({
    output_tokens: Count,
    reason: z.string().max(2000).optional(),
    done: z.boolean().optional(),
    /** What the agent says it will do next (its plan, or the start of its message): a plan restated with no call in between is no progress. */
    text: z.string().max(20_000).optional(),
  })
  .strict();
export const EndRequest = z
  .object({ status: z.enum(['completed', 'failed', 'cancelled', 'abandoned', 'ended']).default('completed'), summary: z.string().max(20_000).optional() })
  .strict();
export const StopRequest = z.object({ reason: z.string().max(2000).optional() }).strict();
export const ResetRequest = z
  .object({ compaction_breaker: z.boolean().optional(), stop: z.boolean().optional(), loop: z.boolean().optional() })
  .strict()
  .refine((r) => r.compaction_breaker || r.stop || r.loop, 'name at least one of compaction_breaker, stop, loop');
export const PinsRequest = z.object({ goal: z.string().min(1).max(4000).nullable() }).strict();
export const CompactionRequest = z
  .object({
    ok: z.boolean(),
    tokens_before: Count.optional(),
    tokens_after: Count.optional(),
    summary: z.string().optional(),
    context_window: z.number().int().positive().optional(),
  })
  .strict();
export const CheckpointRequest = z
  .object({ label: z.string().min(1, 'must not be empty'), step: z.number().int().nonnegative().optional(), state: z.unknown() })
  .strict();

export type StartRequest = z.infer<typeof StartRequest>;
export type ContinueRequest = z.infer<typeof ContinueRequest>;
export type EndRequest = z.infer<typeof EndRequest>;
export type StopRequest = z.infer<typeof StopRequest>;
export type ResetRequest = z.infer<typeof ResetRequest>;
export type PinsRequest = z.infer<typeof PinsRequest>;
export type CompactionRequest = z.infer<typeof CompactionRequest>;
export type CheckpointRequest = z.infer<typeof CheckpointRequest>;
