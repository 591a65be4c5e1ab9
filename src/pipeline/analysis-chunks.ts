/**
 * A large call's facts cut into chunks, each a smaller call of its own: the analysis worker
 * evaluates them before the whole call, so that a deny in any part is known early and survives
 * a timeout of the whole evaluation (see analysis-worker.ts).
 *
 * A chunk is a subset of the facts: a run of commands (with the pipelines and flows among
 * them), or one command with a slice of its URLs and paths. What a rule finds in a chunk it
 * finds in the whole call too, apart from rules that deny on an absence, which are few and
 * only ever stricter; the whole evaluation, when it finishes in time, is the decision.
 */
import type { BashCommand, BashFacts } from '../normalize/facts.js';
import type { Effect } from '../normalize/effects.js';
import type { Normalized } from '../normalize/index.js';

/** Commands per chunk. */
export const CHUNK_COMMANDS = 64;
/** Commands of the first chunk: small, so that a deny at the start of a call is known within ms. */
export const FIRST_CHUNK_COMMANDS = 16;
/** URLs or paths of one command per chunk. */
export const CHUNK_ITEMS = 200;

/** The chunks of a call (none when the call is small enough to be evaluated whole at once), in the order they are best evaluated. */
export function* factChunks(normalized: Normalized): Generator<Normalized> {
  if (normalized.kind !== 'bash') return;
  const facts = normalized.facts as BashFacts;
  const commands = facts.commands ?? [];
  const wide = commands.filter((c) => c.urls.length > CHUNK_ITEMS || c.paths.length > CHUNK_ITEMS);
  if (commands.length <= CHUNK_COMMANDS && wide.length === 0) return;
  // Each effect goes with its command (those of the call as a whole, command null, with every chunk).
  const byCommand = new Map<number | null, Effect[]>();
  for (const effect of facts.effects ?? []) {
    const list = byCommand.get(effect.command);
    if (list) list.push(effect);
    else byCommand.set(effect.command, [effect]);
  }
  const callWide = byCommand.get(null) ?? [];
  const slicesOf = (c: BashCommand) => Math.ceil(Math.max(c.urls.length, c.paths.length, 1) / CHUNK_ITEMS);
  // A wide command's effects (a connect per URL, a delete per path) are sliced with its URLs and paths.
  const effectSlice = (c: BashCommand, i: number) => {
    const all = byCommand.get(c.id) ?? [];
    const size = Math.ceil(all.length / slicesOf(c));
    return all.slice(i * size, (i + 1) * size);
  };
  const chunk = (members: BashCommand[], slice: number) =>
    chunkOf(facts, members.map((c) => narrow(c, slice)), [...callWide, ...members.flatMap((c) => (wide.includes(c) ? effectSlice(c, slice) : (byCommand.get(c.id) ?? [])))]);
  const runs: BashCommand[][] = [];
  for (let start = 0; start < commands.length; ) {
    const size = start === 0 ? FIRST_CHUNK_COMMANDS : CHUNK_COMMANDS;
    runs.push(commands.slice(start, start + size));
    start += size;
  }
  // From both ends inwards (first, last, second, second to last…): under a time limit, padding
  // a call with harmless commands before its payload (`a && a && … && rm -rf ~`) or after it
  // no longer pushes the payload past what is evaluated in time.
  for (let low = 0, high = runs.length - 1; low <= high; low++, high--) {
    yield chunk(runs[low]!, 0);
    if (high !== low) yield chunk(runs[high]!, 0);
  }
  for (const command of wide) {
    for (let i = 1; i < slicesOf(command); i++) yield chunk([command], i);
  }
}

/** A command as a chunk holds it: its i-th slice of URLs and paths (the whole command when it is not wide). */
function narrow(command: BashCommand, i: number): BashCommand {
  if (command.urls.length <= CHUNK_ITEMS && command.paths.length <= CHUNK_ITEMS) return command;
  const from = i * CHUNK_ITEMS;
  return { ...command, urls: command.urls.slice(from, from + CHUNK_ITEMS), paths: command.paths.slice(from, from + CHUNK_ITEMS) };
}

function chunkOf(facts: BashFacts, commands: BashCommand[], effects: Effect[]): Normalized {
  const ids = new Set(commands.map((c) => c.id));
  const chunk: BashFacts = {
    ...facts,
    commands,
    flows: facts.flows.filter((f) => ids.has(f.from) && ids.has(f.to)),
    // Only the chunk's own effects: with every effect of the call in every chunk, chunks cost
    // as much as the whole call each (quadratic in all).
    effects,
    pipelines: facts.pipelines.filter((p) => p.commands.some((id) => ids.has(id))),
    names: [...new Set(commands.map((c) => c.name).filter((n) => n !== ''))],
  };
  return { kind: 'bash', facts: chunk } as Normalized;
}
