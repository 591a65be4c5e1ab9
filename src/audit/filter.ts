/**
 * The decision filters shared by GET /v1/decisions, `toolgate audit` and the viewer:
 * one schema, so the three accept and reject exactly the same things.
 */
import { z } from 'zod';
import type { DecisionFilter } from '../store/audit-queries.js';
import { parseTime } from './time.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

const Name = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters');

const Time = z.string().transform((text, ctx) => {
  try {
    return parseTime(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Query-string filters (all strings, all optional); empty values mean "no filter". */
export const DecisionQuery = z
  .object({
    session: Name.optional(),
    agent: Name.optional(),
    tool: Name.optional(),
    decision: z.enum(['allow', 'ask', 'deny'], { message: 'must be allow, ask or deny' }).optional(),
    category: Name.optional(),
    rule: Name.optional(),
    since: Time.optional(),
    until: Time.optional(),
    q: z.string().max(1000, 'must be at most 1000 characters').optional(),
    limit: z
      .string()
      .regex(/^\d{1,6}$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `must be between 1 and ${MAX_PAGE_SIZE}`)
      .optional(),
    cursor: z.string().regex(/^\d{1,15}$/, 'must be the next_cursor of a previous page').transform(Number).optional(),
  })
  .strict();

export type DecisionQuery = z.infer<typeof DecisionQuery>;

/** Drops empty strings (a form submitted with blank fields) before validation. */
export function withoutBlanks(raw: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined && value.trim() !== '') out[key] = key === 'q' ? value : value.trim();
  return out;
}

export function toFilter(query: DecisionQuery): DecisionFilter {
  const { limit: _limit, cursor: _cursor, ...filter } = query;
  return filter;
}
