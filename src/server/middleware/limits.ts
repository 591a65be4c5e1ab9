/**
 * Structural limits on request bodies, checked right after JSON.parse and before anything
 * walks the value: recursive code further on (validation, masking, normalizers, the policy
 * input) must never meet a value nested deeper than this. Iterative, so the check itself
 * cannot overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests objects/arrays deeper than `max` levels. */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
