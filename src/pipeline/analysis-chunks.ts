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
import type { Normalized } from '../normalize/index.js';

/** Commands per chunk. */
export const CHUNK_COMMANDS = 64;
/** Commands of the first chunk: small, so that a deny at the start of a call is known within ms. */
export const FIRST_CHUNK_COMMANDS = 16;
/** URLs or paths of one command per chunk. */
export const CHUNK_ITEMS = 200;

/** The chunks of a call (none when the call is small enough to be evaluated whole at once). */
export function* factChunks(normalized: Normalized): Generator<Normalized> {
  if (normalized.kind !== 'bash') return;
  const facts = normalized.facts as BashFacts;
  const commands = facts.commands ?? [];
  const wide = commands.filter((c) => c.urls.length > CHUNK_ITEMS || c.paths.length > CHUNK_ITEMS);
  if (commands.length <= CHUNK_COMMANDS && wide.length === 0) return;
  for (let start = 0; start < commands.length; ) {
    const size = start === 0 ? FIRST_CHUNK_COMMANDS : CHUNK_COMMANDS;
    yield chunkOf(facts, commands.slice(start, start + size).map(narrow));
    start += size;
  }
  for (const command of wide) {
    const slices = Math.ceil(Math.max(command.urls.length, command.paths.length) / CHUNK_ITEMS);
    for (let i = 0; i < slices; i++) {
      const from = i * CHUNK_ITEMS;
      yield chunkOf(facts, [{ ...command, urls: command.urls.slice(from, from + CHUNK_ITEMS), paths: command.paths.slice(from, from + CHUNK_ITEMS) }]);
    }
  }
}

/** A command as it stands in a run of commands: its URLs and paths cut to the chunk size (their slices come after). */
function narrow(command: BashCommand): BashCommand {
  if (command.urls.length <= CHUNK_ITEMS && command.paths.length <= CHUNK_ITEMS) return command;
  return { ...command, urls: command.urls.slice(0, CHUNK_ITEMS), paths: command.paths.slice(0, CHUNK_ITEMS) };
}

function chunkOf(facts: BashFacts, commands: BashCommand[]): Normalized {
  const ids = new Set(commands.map((c) => c.id));
  const chunk: BashFacts = {
    ...facts,
    commands,
    flows: facts.flows.filter((f) => ids.has(f.from) && ids.has(f.to)),
    // The effects of the chunk's commands (and those of the call as a whole): with every effect
    // of the call in every chunk, chunks cost as much as the whole call each (quadratic in all).
    effects: (facts.effects ?? []).filter((e) => e.command === null || ids.has(e.command)),
    pipelines: facts.pipelines.filter((p) => p.commands.some((id) => ids.has(id))),
    names: [...new Set(commands.map((c) => c.name).filter((n) => n !== ''))],
  };
  return { kind: 'bash', facts: chunk } as Normalized;
}
