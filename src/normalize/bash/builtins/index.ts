/**
 * The builtins the analyzer gives a meaning to, one module per family (as OPA registers each
 * builtin family in its own file): adding one means adding a line to its family's table.
 */
import { DIRECTORIES } from './directories.js';
import { RUNNERS } from './runners.js';
import type { Builtin } from './types.js';
import { VARIABLES } from './variables.js';

const FAMILIES: Record<string, Builtin>[] = [RUNNERS, DIRECTORIES, VARIABLES];

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(FAMILIES.flatMap((family) => Object.entries(family)));
