/**
 * Stable samples for the oracle: which lines a set takes is decided by a hash of each line
 * (and of what it is sampled for), never by its position in rules-tests/. Adding or removing
 * a case moves at most the one slot it wins or frees; every other line stays in the sample,
 * so a change elsewhere in the corpus cannot reshuffle what the oracle runs (the CI failure
 * that taught this: three new lines shifted a positional shuffle onto an unrelated sandbox quirk).
 */
import { createHash } from 'node:crypto';

/** A number in [0, 2^32) from the text, the same on every machine. */
export function stableHash(...parts: string[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}

/** The items in the order of their hash under `salt` (ties by the key itself). */
export function stableOrder<T>(items: readonly T[], salt: string, keyOf: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: keyOf(item), rank: stableHash(salt, keyOf(item)) }));
  keyed.sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}
