/**
 * What a written run file will run (Makefile recipes, package.json scripts, conftest.py, CI
 * steps…: knowledge/run-files.ts), stated on the write as the effects of that code, the way a
 * git `!` alias states what its stored command line does (bash/effects/index.ts). A write whose
 * stored line fetches and runs code, opens a shell to a host or sends a secret is then judged
 * by the same effect rules as running that line now. What the producer cannot resolve in the
 * stored code is stated too (an `unknown` effect, marked stored): a CI file, which no local
 * runner ever asks about, asks for it at the write (core.stored_code).
 */
import type { Effect } from '../effects.js';
import type { NormalizeContext, PathFact } from '../facts.js';
import { normalizeBash } from '../bash/index.js';
import { isRunFile, storedCode, storedCommandLine } from '../bash/knowledge/run-files.js';
import { ciExpressionsAsShell, isGithubWorkflow, runsOutsiderCode } from './ci-expressions.js';
import { gitConfigCommands, isGitConfigFile } from './git-config.js';
import { ciFileCommands, ciFormatOf } from './ci-files.js';
import { isNotebook, notebookPieces } from './notebook.js';

/** Stored code read per write at most (a long file is still judged by its path). */
const MAX_STORED_CHARS = 64 * 1024;
const MAX_STORED_PIECES = 64;

export function storedEffects(paths: readonly PathFact[], content: string | null, ctx: NormalizeContext): Effect[] {
  if (content === null || content === '' || content.length > MAX_STORED_CHARS) return [];
  const out: Effect[] = [];
  for (const path of paths) {
    if (path.path === '') continue;
    const workflow = isGithubWorkflow(path.path);
    if (workflow && runsOutsiderCode(content)) out.push({ producer: 'stored:tool', command: null, type: 'unknown', reason: 'outsider_code_with_secrets', stored: true });
    const pieces = isGitConfigFile(path.path)
      ? gitConfigCommands(content).lines
      : isNotebook(path.path)
        ? notebookPieces(content)
        : (ciFileCommands(path.path, content) ?? storedCode(path.path, content).map(storedCommandLine));
    for (const line of pieces.slice(0, MAX_STORED_PIECES)) {
      const facts = normalizeBash(workflow ? ciExpressionsAsShell(line) : line, ctx);
      for (const e of facts.effects) out.push({ ...e, producer: `stored:${e.producer}`, command: null, stored: true });
      // What the producer could not see through in the stored code (an unresolved eval, a dynamic name).
      for (const reason of facts.indeterminate) out.push({ producer: 'stored:bash', command: null, type: 'unknown', reason, stored: true });
    }
  }
  return out;
}

/**
 * Whether the content written to this path is a run file's whose stored code the reader above
 * reads (a CI workflow, a Makefile…): the write is then judged by what it stores, not by its
 * path alone (files.protected_writes.ci_workflow).
 */
export function readsStoredCode(path: PathFact, content: string | null): boolean {
  if (content === null || content.length > MAX_STORED_CHARS || path.path === '') return false;
  if (isGitConfigFile(path.path)) return gitConfigCommands(content).complete;
  return ciFormatOf(path.path) !== undefined || isRunFile(path.path) || isNotebook(path.path);
}
