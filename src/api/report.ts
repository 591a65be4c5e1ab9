/**
 * The wire contract of POST /v1/report: how a decided tool call went. Shared by the
 * server (validation), the session code (applying it) and the client adapters (sending it).
 */
import { z } from 'zod';
import { Identifier } from './check.js';

/** The longest output excerpt a report may carry. */
export const MAX_OUTPUT_EXCERPT = 16_384;

const Count = z.number().int('must be a whole number').nonnegative('must not be negative').max(1e12, 'is implausibly large');

export const ReportRequest = z
  .object({
    decision_id: Identifier,
    exit_code: z.number().int('must be a whole number').min(-1024).max(1024).optional(),
    ok: z.boolean().optional(),
    output_tokens: Count.optional(),
    tokens_in: Count.optional(),
    tokens_out: Count.optional(),
    cost_usd: z.number().nonnegative('must not be negative').max(1e6, 'is implausibly large').optional(),
    duration_ms: Count.optional(),
    output_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits (a sha256)').optional(),
    /**
     * An excerpt of what the tool printed: head and tail, a few KB, secrets masked
     * (integrations/shared/outcome.ts builds it). The gateway reads it for the progress
     * model (normalised outcome, error signature, counts) and does not store it.
     */
    output: z.string().max(MAX_OUTPUT_EXCERPT, `must be at most ${MAX_OUTPUT_EXCERPT} characters (send the head and the tail)`).optional(),
  })
  .strict();

export type ReportRequest = z.infer<typeof ReportRequest>;
