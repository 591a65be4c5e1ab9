/**
 * The gateway's request and answer shapes as adapters see them. Adapters share only these
 * types with the gateway: they talk to it over HTTP and never import its modules.
 */
import { z } from 'zod';

export type Decision = 'allow' | 'ask' | 'deny';

export type { CheckRequest, CheckContext } from '../../api/check.js';

const reasonSchema = z.object({ rule: z.string(), message: z.string() });

/** The answer of POST /v1/check. Extra fields are tolerated so a newer gateway does not break an older adapter. */
export const checkAnswerSchema = z.object({
  decision_id: z.string().min(1),
  decision: z.enum(['allow', 'ask', 'deny']),
  categories: z.array(z.string()).default([]),
  risk: z.number().optional(),
  reasons: z.array(reasonSchema).default([]),
  obligations: z.array(z.unknown()).default([]),
  policy_revision: z.union([z.string(), z.number()]).optional(),
});
export type CheckAnswer = z.infer<typeof checkAnswerSchema>;

export type { ReportRequest } from '../../api/report.js';

export const approvalSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['pending', 'approved', 'denied', 'expired']),
  decided_by: z.string().nullish(),
  note: z.string().nullish(),
});
export type Approval = z.infer<typeof approvalSchema>;

/**
 * What an adapter acts on: the gateway's decision, or the adapter's own when it could not get
 * one (`source` says which). `message` is the text to show the model or the user.
 */
export interface Verdict {
  decision: Decision;
  message: string;
  source: 'gateway' | 'approval' | 'unreachable';
  decision_id?: string;
  answer?: CheckAnswer;
}
