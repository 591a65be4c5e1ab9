/**
 * Builtins and programs that run other commands: what they run is walked as a nested script
 * (eval's words, a trap's handler, a sourced file, ssh's remote command, at's stdin) or fanned
 * out over its inputs (xargs, find -exec, parallel).
 */
import { sshRemoteCommand } from '../wrappers.js';
import type { Builtin } from './types.js';

/** Names a program can be given to mean "read the program from stdin" (`source /dev/stdin <<< "…"`, `sh -`). */
export const STDIN_FILES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

const eval_: Builtin = (host, { entry, words, frame, slot }) => {
  if (words.slice(1).some((w) => w.dynamic)) host.indeterminate.add('unresolved_eval');
  host.nested(entry.args.join(' '), frame, slot, 'eval', frame.positional, false);
};

const ssh: Builtin = (host, { argv, pending, frame, slot }) => {
  const remote = sshRemoteCommand(argv);
  // The remote command reads this side's stdin; with no command the remote shell runs it.
  if (remote?.script) host.nested(remote.script, frame, slot, 'ssh', null, false, pending.stdin);
  else if (remote !== null && pending.stdin?.text) host.nested(pending.stdin.text, frame, slot, 'ssh', null, false);
};

const trap: Builtin = (host, { entry, frame, slot }) => {
  if (entry.operands.length > 1 && entry.operands[0] !== '-') host.nested(entry.operands[0], frame, slot, 'trap', null, false);
};

const source: Builtin = (host, { entry, pending, frame, slot }) => {
  if (STDIN_FILES.has(entry.operands[0] ?? '') && pending.stdin?.text) {
    host.nested(pending.stdin.text, frame, slot, pending.stdin.kind === 'file' ? 'pipe' : pending.stdin.kind, frame.positional, true);
  } else {
    const content = host.writtenContent(entry.paths[0]?.path);
    if (content !== null) host.nested(content, frame, slot, 'script_file', frame.positional, true);
    // A descriptor's content the walk does not know (`exec {fd}<<< '…'; source /dev/fd/$fd`) is
    // code it cannot see: indeterminate, never a sourced nothing (a workspace script stays as is).
    else if (DESCRIPTOR_FILE.test(entry.operands[0] ?? '')) host.indeterminate.add('unresolved_source');
  }
};

/** Paths that name an open file descriptor of the shell. */
const DESCRIPTOR_FILE = /^\/(?:dev\/fd|proc\/[^/]+\/fd)\/|^\/dev\/stdin$/;

/** at and batch run the script on their stdin later. */
const atStdin: Builtin = (host, { pending, frame, slot }) => {
  if (pending.stdin?.text) host.nested(pending.stdin.text, frame, slot, pending.stdin.kind === 'pipe' ? 'pipe' : pending.stdin.kind, null, false);
};

export const RUNNERS: Record<string, Builtin> = {
  xargs: (host, { entry, words, pending, wrappers }) => host.xargs(entry, words, pending, wrappers),
  find: (host, { entry, pending, wrappers }) => host.findExec(entry, pending, wrappers),
  parallel: (host, { entry, pending }) => host.parallel(entry, pending),
  eval: eval_,
  ssh,
  trap,
  source,
  '.': source,
  at: atStdin,
  batch: atStdin,
};
