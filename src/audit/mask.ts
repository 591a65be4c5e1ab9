/**
 * Masking before storage: the decision log keeps what the agent tried, never the
 * secrets it tried it with. Values are masked by their content (key formats, tokens)
 * and by their key name (`"password": "…"`), at any depth.
 */
import { maskSecretsDeep } from '../normalize/secrets/index.js';

export function maskDeep(value: unknown): unknown {
  return maskSecretsDeep(value);
}
