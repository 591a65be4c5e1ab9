/** Builtins that move the working directory: the paths of later commands resolve from there. */
import type { Builtin } from './types.js';

const changeDirectory: Builtin = (host, { entry, pending, frame }) => {
  // In a pipeline, cd runs in a subshell and moves nothing.
  if (entry.pipeline === null && pending.stdin?.kind !== 'pipe') host.changeDirectory(entry, frame);
};

export const DIRECTORIES: Record<string, Builtin> = { cd: changeDirectory, pushd: changeDirectory, popd: changeDirectory };
