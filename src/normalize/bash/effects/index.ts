/**
 * The bash producer of effects: the walk's commands read through the command-knowledge
 * table (commands.ts), their redirections (redirects.ts), the shell's data-to-code rules
 * and builtins (shell.ts), and the inline code of interpreters (src/normalize/code when a
 * reader exists for the language). The walk stays the single source of what runs; this
 * only says what each thing it found would do.
 */
import type { Effect, ExecEffect } from '../../effects.js';
import { staticOutput } from '../static-output.js';
import type { BashFacts, NormalizeContext } from '../../facts.js';
import { codeEffects } from '../../code/index.js';
import { commandEffects, fedBy } from './commands.js';
import { type EffectContext, effectContext, upstreamOf } from './context.js';
import { redirectEffects } from './redirects.js';
import { fetchedCode } from './fetched.js';
import { builtinEffects, scriptEffects, spawnEffects } from './shell.js';
import { settingCommandLine } from '../knowledge/settings.js';
import { storedCode, storedCommandLine } from '../knowledge/run-files.js';

/** Content kept on a write effect, at most (the policy reads it for persistence checks). */
const MAX_CONTENT = 4096;
/** Pieces of stored code read per written run file at most. */
const MAX_STORED_PIECES = 64;

/** Languages the bash walk reads itself (awk's system() and pipes: carriers.ts); their code is not handed on. */
const READ_BY_THE_WALK = new Set(['awk', 'bash']);

/** The bash producer run on a command line found in inline code (`os.system("…")`); injected to keep the import one-way. */
export type Reparse = (command: string) => Effect[];

/** Files a runner reads its commands from, by the runner: the text of a substituted one is read in that format. */
const RUN_FILE_OF: Readonly<Record<string, string>> = { make: 'Makefile', gmake: 'Makefile', bmake: 'Makefile', just: 'justfile' };

function substitutedScript(e: ExecEffect, inner: readonly number[], ec: EffectContext, ctx: NormalizeContext, reparse: Reparse): void {
  const text = printedText(inner, ec);
  if (text === null || text.trim() === '') return;
  const push = (effects: Effect[]): void => {
    for (const x of effects) ec.out.push({ ...x, command: e.command });
  };
  const runFile = RUN_FILE_OF[e.program];
  if (runFile !== undefined) {
    for (const piece of storedCode(runFile, text).slice(0, MAX_STORED_PIECES)) push(reparse(storedCommandLine(piece)));
    return;
  }
  if (e.language === 'bash') push(reparse(text));
  else if (e.language !== null) push(codeEffects(e.language, text, ctx));
}

/** What the commands of a substitution print, when every one of them prints static text (a pipe chains them). */
function printedText(ids: readonly number[], ec: EffectContext): string | null {
  let out = '';
  let previous: number | null = null;
  for (const id of [...ids].sort((a, b) => a - b)) {
    const c = ec.facts.commands[id];
    if (c === undefined || c.dynamic_name) return null;
    const piped = previous !== null && ec.facts.flows.some((f) => f.from === previous && f.to === id && f.kind === 'pipe');
    const printed = staticOutput(c.name, c.args, piped ? out : null);
    if (printed === null) return null;
    out = piped ? printed.text : out + printed.text;
    previous = id;
  }
  return out;
}

export function bashEffects(facts: BashFacts, ctx: NormalizeContext, written: ReadonlyMap<string, string> = new Map(), reparse: Reparse | null = null): Effect[] {
  const ec = effectContext(facts, ctx);
  for (const c of facts.commands) {
    commandEffects(c, ec);
    redirectEffects(c, ec);
    builtinEffects(c, ec);
    const code = c.inline_code;
    if (code !== null && code.code.trim() !== '' && !READ_BY_THE_WALK.has(code.language)) {
      for (const e of codeEffects(code.language, code.code, ctx)) {
        e.command = c.id;
        ec.out.push(e);
        // A process the code starts: its command line read by the bash producer, effects and all.
        if (e.type === 'exec' && e.language === 'bash' && e.code !== null && reparse !== null) {
          for (const inner of reparse(e.code)) {
            inner.command = c.id;
            ec.out.push(inner);
          }
        }
      }
    }
  }
  // A setting that stores a command line (git alias '!…', core.fsmonitor, PROMPT_COMMAND)
  // does later what that line does: its effects are stated beside the config effect.
  if (reparse !== null) {
    for (const e of [...ec.out]) {
      if (e.type !== 'config') continue;
      const line = settingCommandLine(e.tool, e.key, e.value);
      if (line === null) continue;
      for (const inner of reparse(line)) {
        inner.command = e.command;
        ec.out.push(inner);
      }
    }
  }
  // A script made by a process substitution (`make -f <(curl …)`, `bash <(base64 -d …)`) is
  // fetched or decoded code when what runs inside the substitution fetches or decodes it.
  const read = new Set<number>();
  for (const e of [...ec.out]) {
    if (e.type !== 'exec' || e.origin !== 'process_substitution' || e.command === null) continue;
    // Its inside: the substitution's commands, found by parent or, behind a wrapper (`nice make -f <(…)`), by their flow.
    const inner = [...new Set([
      ...facts.commands.filter((c) => c.via === 'process_substitution' && c.parent === e.command).map((c) => c.id),
      ...facts.flows.filter((f) => f.to === e.command && f.kind === 'process_substitution').map((f) => f.from),
    ])];
    const fed = fedBy([...inner, ...inner.flatMap((id) => upstreamOf(id, ec))], ec);
    if (fed !== null) e.origin = fed;
    // A script whose text the substitution prints statically (`bash <(echo ls)`, `source <(printf …)`,
    // `make -f <(echo 'all: ; ls')`): what it runs is read like a command line, a makefile or code.
    else if (reparse !== null && !read.has(e.command)) {
      read.add(e.command);
      substitutedScript(e, inner, ec, ctx, reparse);
    }
  }
  scriptEffects(ec);
  spawnEffects(ec);
  fetchedCode(ec);
  // What a file holds at the end of the script is stated once, on the first write of it: N
  // appends to one file would otherwise carry N copies of its N lines (quadratic facts).
  const stated = new Set<string>();
  for (const e of ec.out) {
    if (e.type === 'write' && e.content === null && e.path.path !== '' && !stated.has(e.path.path)) {
      const content = written.get(e.path.path);
      if (content !== undefined) {
        e.content = content.slice(0, MAX_CONTENT);
        stated.add(e.path.path);
      }
    }
  }
  // A run file written with known content (`printf 'all:\n\tcurl … | sh' > Makefile`,
  // `cat > .envrc <<EOF`) does later what it stores, as the Write tool's write does (tools/stored.ts).
  // Each file's stored code is read once: every write of a file carries the file's final
  // content, so `echo … >> ~/.bashrc` repeated N times would read N copies of N lines.
  if (reparse !== null) {
    const stored = new Set<string>();
    for (const e of [...ec.out]) {
      if (e.type !== 'write' || e.content === null || e.content === '' || e.path.path === '') continue;
      const key = `${e.path.path}\0${e.content}`;
      if (stored.has(key)) continue;
      stored.add(key);
      for (const piece of storedCode(e.path.path, e.content).slice(0, MAX_STORED_PIECES)) {
        for (const inner of reparse(storedCommandLine(piece))) {
          if (inner.type === 'unknown') continue;
          ec.out.push({ ...inner, producer: `stored:${inner.producer}`, command: e.command, stored: true });
        }
      }
    }
  }
  return ec.out;
}
