/** Small constructors of effects shared by the code producers and the SQL producer. */
import type { ExecEffect } from '../effects.js';
import type { PathFact } from '../facts.js';
import { outsideRoots } from '../paths/index.js';
import { HOLE } from './values.js';

export function execEffect(producer: string, program: string, argv: string[], language: string | null, code: string | null, origin: string): ExecEffect {
  return { type: 'exec', producer, command: null, program, argv, language, code, origin, script: null };
}

/** Quote argv for bash so that re-parsing gives the same words. */
export function shellQuote(argv: string[]): string {
  return argv
    .map((a) => {
      if (a === '$TOOLGATE_DYNAMIC') return '"$TOOLGATE_DYNAMIC"';
      if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a)) return a;
      if (a.includes('$TOOLGATE_DYNAMIC')) return `"${a.replace(/(["\\`])/g, '\\$1').replace(/\$(?!TOOLGATE_DYNAMIC)/g, '\\$')}"`;
      return `'${a.replace(/'/g, `'\\''`)}'`;
    })
    .join(' ');
}

/** A resource that is not a file (a table, a bucket): stated as a path outside every root. */
export function resourcePath(raw: string): PathFact {
  const clean = raw.split(HOLE).join('*');
  const last = clean.replace(/\/+$/, '');
  return outsideRoots({ raw: clean, path: clean, glob: /[*?]/.test(clean), dynamic: raw.includes(HOLE), basename: last.slice(last.lastIndexOf('/') + 1) });
}

