/**
 * The one typed reader of the policy's configuration (data.config in policies/data.json,
 * merged with the operator's). TypeScript reads only what it needs to state facts, size
 * limits and present decisions; thresholds that decide are read by the Rego rules only.
 *
 * Reading never throws: a malformed section reads as absent (each section on its own), and
 * whoever uses it falls back to its defaults. Parsed once per data object.
 */
import { z } from 'zod';

/** A budget: a number, or null / absent for "no limit". */
const Limits = z.record(z.string(), z.number().nullable());

const section = <T extends z.ZodTypeAny>(schema: T) => schema.optional().catch(undefined);

export const PolicyConfig = z
  .object({
    /** config.governance: budgets here; the mechanics session/ needs are parsed by session/config.ts. */
    governance: section(
      z
        .object({
          budgets: section(z.object({ session: section(Limits), per_agent_day: section(Limits) }).passthrough()),
        })
        .passthrough(),
    ),
    /** config.audit.mask_patterns: the operator's extra secret patterns (validated by store/decision-log/mask.ts). */
    audit: section(z.object({ mask_patterns: z.unknown().optional() }).passthrough()),
    /** config.rules.<rule id>: each rule's own settings (explain shows them). */
    rules: section(z.record(z.string(), z.record(z.string(), z.unknown()))),
    /** config.custom_dispatch.<package>: which bash commands an operator package looks at. */
    custom_dispatch: section(z.record(z.string(), z.unknown())),
  })
  .passthrough();

export type PolicyConfig = z.infer<typeof PolicyConfig>;

const cache = new WeakMap<object, PolicyConfig>();

/** data.config of a compiled policy's data, typed. */
export function policyConfig(data: unknown): PolicyConfig {
  if (!data || typeof data !== 'object') return {};
  const hit = cache.get(data);
  if (hit) return hit;
  const parsed = PolicyConfig.safeParse((data as { config?: unknown }).config ?? {});
  const config = parsed.success ? parsed.data : {};
  cache.set(data, config);
  return config;
}

/** The configured numeric limits of a budget (null and absent mean none). */
export function budgetLimits(data: unknown, budget: 'session' | 'per_agent_day'): Record<string, number> {
  const limits = policyConfig(data).governance?.budgets?.[budget] ?? {};
  return Object.fromEntries(Object.entries(limits).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}
