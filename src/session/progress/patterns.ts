/**
 * Regular expressions built from word lists in the policy data (status words, masked keys):
 * built once per list object, since the governance config hands the same arrays to every call.
 */
export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `build(list)` memoised on the list's identity. */
export function memoPattern(build: (list: string[]) => RegExp): (list: string[]) => RegExp {
  const cache = new WeakMap<string[], RegExp>();
  return (list) => {
    let re = cache.get(list);
    if (!re) {
      re = build(list);
      cache.set(list, re);
    }
    return re;
  };
}
