/**
 * The bash producer of effects: the walk's commands read through the command-knowledge
 * table (commands.ts), their redirections (redirects.ts), the shell's data-to-code rules
 * and builtins (shell.ts), and the inline code of interpreters (src/normalize/code when a
 * reader exists for the language). The walk stays the single source of what runs; this
 * only says what each thing it found would do.
 */
import type { Effect } from '../../effects.js';
import type { BashFacts, NormalizeContext } from '../../facts.js';
import { commandEffects } from './commands.js';
import { effectContext } from './context.js';
import { redirectEffects } from './redirects.js';
import { builtinEffects, scriptEffects, spawnEffects } from './shell.js';

/** Content kept on a write effect, at most (the policy reads it for persistence checks). */
const MAX_CONTENT = 4096;

export function bashEffects(facts: BashFacts, ctx: NormalizeContext, written: ReadonlyMap<string, string> = new Map()): Effect[] {
  const ec = effectContext(facts, ctx);
  for (const c of facts.commands) {
    commandEffects(c, ec);
    redirectEffects(c, ec);
    builtinEffects(c, ec);
  }
  scriptEffects(ec);
  spawnEffects(ec);
  for (const e of ec.out) {
    if (e.type === 'write' && e.content === null && e.path.path !== '') {
      const content = written.get(e.path.path);
      if (content !== undefined) e.content = content.slice(0, MAX_CONTENT);
    }
  }
  return ec.out;
}
