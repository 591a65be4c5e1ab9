/**
 * Namerefs (`declare -n R=N`, `local -n`, `typeset -n`): after it, `$R`, `${R[@]}` and `R=x`
 * read and write N. Kept beside the variables of the frame under a key no variable name can
 * take, so that they are copied, scoped and shared exactly as the variables are.
 */
/** A variable's value: known text, or unknown (null); the same as words.ts's VarValue, which imports this file. */
type VarValue = string | null;

/** The key prefix of a nameref in a frame's variables: its value is the target's name (null: unknown). */
export const NAMEREF = '\u0000nameref:';

/** bash follows at most this many namerefs in a row; a longer chain (or a loop) is unknown. */
const MAX_HOPS = 8;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An option word of declare/typeset/local that makes namerefs (`-n`, `-gn`, `-rn`). */
export const isNamerefOption = (word: string): boolean => /^-[A-Za-z]*n[A-Za-z]*$/.test(word);

/**
 * The variable `name` (`R`, `R[@]`, `R[2]`) stands for once namerefs are followed: the name itself
 * when it is no nameref, null when a nameref on the way has a target the walk does not know.
 */
export function dereference(vars: ReadonlyMap<string, VarValue>, name: string): string | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?$/.exec(name);
  if (m === null) return name;
  let base = m[1]!;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const key = NAMEREF + base;
    if (!vars.has(key)) return base + (m[2] ?? '');
    const target = vars.get(key);
    if (target === null || target === undefined) return null;
    base = target;
  }
  return null;
}

/** `declare -n R=N`: R names N from now on (a target that is no plain name, or unknown, is unknown). */
export function setNameref(vars: Map<string, VarValue>, name: string, target: VarValue | undefined): void {
  vars.set(NAMEREF + name, target !== null && target !== undefined && NAME.test(target) ? target : null);
  vars.delete(name);
  vars.delete(`${name}[@]`);
}

/**
 * `hash -p /usr/bin/rm x`: the name x runs that path (bash looks a name up in its hash table
 * before PATH). Kept beside the variables as namerefs are, so that subshells inherit it.
 */
export const HASHED = '\u0000hash:';
