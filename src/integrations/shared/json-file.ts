/**
 * A client's own JSON configuration file (Claude Code settings, openclaw.json), read and
 * written the way an installer must: a missing or blank file is an empty object, a file that
 * does not parse stops the install with the client's own advice (nothing is changed), and a
 * write goes through a temporary file and a rename, so a crash never leaves half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);

/** The file's object; `unparsable(message)` says what to do when the text is not JSON. */
export function readJsonObject(path: string, unparsable: (message: string) => string): JsonObject {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(unparsable((err as Error).message));
  }
  if (!isJsonObject(parsed)) throw new Error(`${path} does not hold a JSON object; nothing was changed`);
  return parsed;
}

export function writeJsonObject(path: string, value: JsonObject): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.toolgate-${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}
