/**
 * Claude Code's hook event JSON (the command hook's stdin, the http hook's body), as of
 * Claude Code 2.1.332. Only the fields the adapter reads are typed; the rest passes unread,
 * so a newer client that adds fields keeps working.
 */
import { z } from 'zod';

const base = {
  session_id: z.string().min(1).max(512),
  transcript_path: z.string().optional(),
  cwd: z.string().max(4096).optional(),
  permission_mode: z.string().optional(),
  agent_id: z.string().max(512).optional(),
  agent_type: z.string().max(512).optional(),
};

const toolInput = z.record(z.string(), z.unknown());

export const preToolUseSchema = z.looseObject({
  ...base,
  hook_event_name: z.literal('PreToolUse'),
  tool_name: z.string().min(1).max(512),
  tool_input: toolInput,
  tool_use_id: z.string().max(512).optional(),
});

export const postToolUseSchema = z.looseObject({
  ...base,
  hook_event_name: z.literal('PostToolUse'),
  tool_name: z.string(),
  tool_input: toolInput.optional(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().max(512).optional(),
  duration_ms: z.number().nonnegative().optional(),
});

export const postToolUseFailureSchema = z.looseObject({
  ...base,
  hook_event_name: z.literal('PostToolUseFailure'),
  tool_name: z.string(),
  tool_input: toolInput.optional(),
  tool_use_id: z.string().max(512).optional(),
  error: z.string().optional(),
  is_interrupt: z.boolean().optional(),
  duration_ms: z.number().nonnegative().optional(),
});

export const postCompactSchema = z.looseObject({
  ...base,
  hook_event_name: z.literal('PostCompact'),
  trigger: z.string().optional(),
  compact_summary: z.string().optional(),
});

export const sessionEndSchema = z.looseObject({
  ...base,
  hook_event_name: z.literal('SessionEnd'),
  reason: z.string().optional(),
});

/** Any other event: only the common fields are read. */
export const otherEventSchema = z.looseObject({ ...base, hook_event_name: z.string().min(1).max(128) });

export const hookEventSchema = z.union([
  preToolUseSchema,
  postToolUseSchema,
  postToolUseFailureSchema,
  postCompactSchema,
  sessionEndSchema,
  otherEventSchema,
]);

export type PreToolUseEvent = z.infer<typeof preToolUseSchema>;
