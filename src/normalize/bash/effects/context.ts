/** What the bash effect producers share: the facts being read, path resolution, the command graph. */
import type { Effect } from '../../effects.js';
import type { BashCommand, BashFacts, NormalizeContext, PathFact } from '../../facts.js';
import { resolvePath } from '../../paths/index.js';

export interface EffectContext {
  facts: BashFacts;
  ctx: NormalizeContext;
  /** Ids of the commands whose output flows into each command (pipes, substitutions, heredocs). */
  upstream: Map<number, number[]>;
  out: Effect[];
}

export function effectContext(facts: BashFacts, ctx: NormalizeContext): EffectContext {
  const upstream = new Map<number, number[]>();
  for (const f of facts.flows) {
    const list = upstream.get(f.to) ?? [];
    list.push(f.from);
    upstream.set(f.to, list);
  }
  return { facts, ctx, upstream, out: [] };
}

/** A word of a command as a path: the one the walk resolved (with the cwd it had), else resolved here. */
export function pathOf(c: BashCommand, raw: string, ec: EffectContext): PathFact {
  for (const p of c.paths) if (p.raw === raw) return p;
  for (const r of c.redirects) if (r.path !== null && r.path.raw === raw) return r.path;
  return resolvePath(raw, { ...ec.ctx, cwd: ec.facts.cwd || ec.ctx.cwd });
}

/** Every command upstream of `id` (transitively), nearest first. */
export function upstreamOf(id: number, ec: EffectContext): number[] {
  const seen = new Set<number>([id]);
  const order: number[] = [];
  const queue = [...(ec.upstream.get(id) ?? [])];
  while (queue.length > 0 && order.length < 256) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    order.push(next);
    queue.push(...(ec.upstream.get(next) ?? []));
  }
  return order;
}
