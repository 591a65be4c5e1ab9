/**
 * Policy administration: reload the active (or shadow) policy, its status, shadow
 * differences, and the explanation of a logged decision. Admin routes (the auth
 * middleware gives every route not listed as agent-accessible admin access only).
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ToolgateError } from '../errors.js';
import { explainDecision, renderExplanation } from '../../policy/explain.js';
import { inputFromLoggedDecision, resultFromLoggedDecision } from '../../pipeline/replay.js';
import { shadowDiffs } from '../../audit/shadow-diffs.js';

const ID_LIMIT = 200;

function control(c: { var: AppEnv['Variables'] }) {
  return c.var.gateway.policy;
}

export function policyRoutes(app: Hono<AppEnv>): void {
  app.post('/v1/policy/reload', async (c) => {
    const policy = control(c);
    const target = c.req.query('target') ?? 'active';
    if (target !== 'active' && target !== 'shadow') throw new ToolgateError('invalid_query', 'target must be active or shadow');
    const reloader = target === 'shadow' ? policy?.shadow?.reloader : policy?.reloader;
    if (!reloader) {
      throw new ToolgateError(
        target === 'shadow' ? 'no_shadow_policy' : 'reload_unavailable',
        target === 'shadow' ? 'no shadow policy: start the gateway with --shadow-policy-dir' : 'this gateway cannot reload its policy',
      );
    }
    const result = await reloader.reload('api');
    if (!result.ok) {
      throw new ToolgateError(
        'policy_build_failed',
        `the new policy was not activated; still serving revision ${result.revision ?? '(none)'}`,
        { error: result.error, revision: result.revision },
      );
    }
    return c.json({ target, ...result });
  });

  app.get('/v1/policy', (c) => {
    const { engine } = c.var.gateway;
    const policy = control(c);
    const active = engine.ready ? engine.current : null;
    return c.json({
      revision: active?.revision ?? null,
      rules: active ? Object.keys(active.policy.rules).length : 0,
      activated_at: engine.activatedAt,
      last_error: engine.lastError,
      reload: policy?.reloader.status() ?? null,
      shadow: policy?.shadow ? { ...policy.shadow.evaluator.status(), reload: policy.shadow.reloader.status() } : null,
    });
  });

  app.get('/v1/policy/shadow/diffs', async (c) => {
    const policy = control(c);
    if (!policy?.shadow) throw new ToolgateError('no_shadow_policy', 'no shadow policy: start the gateway with --shadow-policy-dir');
    const limit = Number(c.req.query('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ToolgateError('invalid_query', 'limit must be 1-1000');
    const revision = c.req.query('revision');
    return c.json({ stats: policy.shadow.evaluator.status(), diffs: await shadowDiffs(c.var.gateway.store.db, { shadowRevision: revision, limit }) });
  });

  app.get('/v1/decisions/:id/explain', async (c) => {
    const id = c.req.param('id');
    if (id.length === 0 || id.length > ID_LIMIT || /[\u0000-\u001f\u007f]/.test(id)) {
      throw new ToolgateError('invalid_id', `the decision id must be 1-${ID_LIMIT} printable characters`);
    }
    const { store, engine } = c.var.gateway;
    const row = await store.getDecision(id);
    if (!row) throw new ToolgateError('unknown_decision', `no decision with id ${JSON.stringify(id)}`);
    const input = inputFromLoggedDecision(row);
    const logged = resultFromLoggedDecision(row);
    if (!logged) throw new ToolgateError('unreadable_decision', 'the logged decision result is not readable JSON');
    const explanation = explainDecision(engine.current, input, logged, { revision: row.policy_revision });
    const text = c.req.query('format') === 'text';
    const body = { decision_id: row.id, created_at: Number(row.created_at), session_id: row.session_id, ...explanation };
    if (text) return c.text(renderExplanation(explanation));
    return c.json(body);
  });
}
