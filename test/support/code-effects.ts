/** Shared by the producers' tests: a context and a filter by effect type. */
import type { Effect } from '../../src/normalize/effects.js';
import { codeEffects } from '../../src/normalize/code/index.js';

export const ctx = { cwd: '/home/u/proj', home: '/home/u', workspace_roots: ['/home/u/proj'] };

export function effectsOf(language: string): (code: string) => Effect[] {
  return (code) => codeEffects(language, code, ctx);
}

export function of<T extends Effect['type']>(effects: Effect[], type: T): Array<Extract<Effect, { type: T }>> {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}
