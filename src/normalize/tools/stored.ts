/**
 * What a written run file will run (Makefile recipes, package.json scripts, conftest.py, CI
 * steps…: knowledge/run-files.ts), stated on the write as the effects of that code, the way a
 * git `!` alias states what its stored command line does (bash/effects/index.ts). A write whose
 * stored line fetches and runs code, opens a shell to a host or sends a secret is then judged
 * by the same effect rules as running that line now. What the producer cannot resolve in the
 * stored code adds nothing: such a write stays judged by its path, as before.
 */
import type { Effect } from '../effects.js';
import type { NormalizeContext, PathFact } from '../facts.js';
import { normalizeBash } from '../bash/index.js';
import { storedCode, storedCommandLine } from '../bash/knowledge/run-files.js';

/** Stored code read per write at most (a long file is still judged by its path). */
const MAX_STORED_CHARS = 64 * 1024;
const MAX_STORED_PIECES = 64;

export function storedEffects(paths: readonly PathFact[], content: string | null, ctx: NormalizeContext): Effect[] {
  if (content === null || content === '' || content.length > MAX_STORED_CHARS) return [];
  const out: Effect[] = [];
  for (const path of paths) {
    if (path.path === '') continue;
    for (const piece of storedCode(path.path, content).slice(0, MAX_STORED_PIECES)) {
      const effects = normalizeBash(storedCommandLine(piece), ctx).effects;
      for (const e of effects) if (e.type !== 'unknown') out.push({ ...e, producer: `stored:${e.producer}`, command: null, stored: true });
    }
  }
  return out;
}
