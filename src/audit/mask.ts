/**
 * Masking before storage: the decision log keeps what the agent tried, never the
 * secrets it tried it with. Every string in the input is scanned, at any depth.
 */
import { maskSecrets } from '../normalize/secrets/index.js';

const MAX_DEPTH = 32;

export function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) masked[key] = maskDeep(item, depth + 1);
  return masked;
}
