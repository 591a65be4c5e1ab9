/**
 * POST /v1/report: how a decided tool call went. Updates the session's budgets (tokens,
 * cost, duration; rolled up into ancestors and the agent's day) and the outcome the loop
 * detectors compare (exit code, ok, output hash).
 */
import type { Hono } from 'hono';
import { ReportRequest } from '../../api/report.js';
import { applyReport, mechanicsFrom, readAncestors, updateSession, UnknownSessionError, utcDay } from '../../session/routes-api.js';
import { bumpAgentUsage, bumpRollups, findToolResult, insertToolResult } from '../../store/governance.js';
import { ApiProblem } from '../errors.js';
import { readJson } from '../validate.js';
import type { AppEnv } from '../env.js';

export function reportRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/report', async (c) => {
    const report = await readJson(c, ReportRequest);
    const { store } = c.var.gateway;
    const decision = await store.getDecision(report.decision_id);
    if (!decision) throw new ApiProblem(404, 'unknown_decision', `no decision ${JSON.stringify(report.decision_id)}; report with the decision_id that /v1/check answered`);
    if (await findToolResult(store.db, report.decision_id)) {
      throw new ApiProblem(409, 'already_reported', `decision ${report.decision_id} already has a report; each call is reported once`);
    }
    const now = Date.now();
    const tokens = (report.tokens_in ?? 0) + (report.tokens_out ?? 0);
    const cost = report.cost_usd ?? 0;
    try {
      const usage = await updateSession(store, decision.session_id, async (row, state) => {
        const ancestors = (await readAncestors(store, row.parent_session_id)).map((a) => a.row.id);
        // The call's input (as logged, secrets masked) tells the progress model what the output merely echoes.
        const next = applyReport(state, report, mechanicsFrom(c.var.gateway.engine.current.policy.data), decision.input);
        return {
          state: next,
          result: next.usage,
          also: async (trx) => {
            const inserted = await insertToolResult(trx, {
              decision_id: report.decision_id,
              session_id: decision.session_id,
              created_at: now,
              exit_code: report.exit_code ?? null,
              ok: report.ok === undefined ? null : report.ok ? 1 : 0,
              output_tokens: report.output_tokens ?? null,
              tokens_in: report.tokens_in ?? null,
              tokens_out: report.tokens_out ?? null,
              cost_usd: report.cost_usd ?? null,
              duration_ms: report.duration_ms ?? null,
              output_sha256: report.output_sha256?.toLowerCase() ?? null,
            });
            // A concurrent duplicate report: roll the whole write back.
            if (!inserted) throw new ApiProblem(409, 'already_reported', `decision ${report.decision_id} already has a report`);
            const delta = { calls: 0, tokens, cost_usd: cost };
            await bumpRollups(trx, ancestors, delta);
            if (row.agent_id) await bumpAgentUsage(trx, row.agent_id, utcDay(now), delta);
          },
        };
      });
      return c.json({ ok: true, decision_id: report.decision_id, session_id: decision.session_id, usage });
    } catch (error) {
      if (error instanceof UnknownSessionError) throw new ApiProblem(404, 'unknown_session', error.message);
      throw error;
    }
  });
}
