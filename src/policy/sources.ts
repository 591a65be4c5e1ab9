import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The files of one or more policy directories: Rego modules, their tests, and data documents. */
export interface PolicySources {
  dirs: string[];
  modules: string[];
  tests: string[];
  dataFiles: string[];
}

const SKIP_DIRS = new Set(['node_modules', '.git', 'bundle']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

export function collectSources(dirs: string[]): PolicySources {
  const sources: PolicySources = { dirs: [], modules: [], tests: [], dataFiles: [] };
  for (const raw of dirs) {
    const dir = path.resolve(raw);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`policy directory ${raw} does not exist or is not a directory`);
    }
    sources.dirs.push(dir);
    const files: string[] = [];
    walk(dir, files);
    files.sort();
    for (const file of files) {
      const base = path.basename(file);
      if (base.endsWith('_test.rego')) sources.tests.push(file);
      else if (base.endsWith('.rego')) sources.modules.push(file);
      else if (base === 'data.json' || base === 'data.yaml' || base === 'data.yml') sources.dataFiles.push(file);
    }
  }
  return sources;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Later documents override earlier ones key by key; arrays and scalars are replaced
 * whole, so an operator's list replaces the default list instead of growing it
 * unpredictably.
 */
export function deepMerge(base: Json, override: Json): Json {
  if (!isObject(base) || !isObject(override)) return override;
  const merged: Record<string, Json> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = key in merged ? deepMerge(merged[key], value) : value;
  }
  return merged;
}

/** Merges every data document in directory order (defaults first, then each custom dir). */
export function loadData(files: string[]): Record<string, Json> {
  let data: Json = {};
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let doc: Json;
    try {
      doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new Error(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
    }
    if (!isObject(doc)) throw new Error(`${file}: a data document must be an object at its top level`);
    data = deepMerge(data, doc);
  }
  return data as Record<string, Json>;
}

/** Content hash of every module and data file: the policy revision. Tests are excluded. */
export function sourceRevision(sources: PolicySources, data: unknown): string {
  const hash = createHash('sha256');
  for (const file of sources.modules) {
    hash.update(path.basename(file)).update('\0').update(readFileSync(file)).update('\0');
  }
  hash.update(JSON.stringify(data));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Rule ids and the file each is declared in, for attribution in decisions and for
 * coverage: every rule is declared as the first argument of lib.finding(...).
 */
export function indexRules(sources: PolicySources): Record<string, string> {
  return Object.fromEntries(Object.entries(indexRuleLocations(sources)).map(([rule, where]) => [rule, where.file]));
}

/** Rule ids with the file and line of their lib.finding(...) (the first, when declared more than once). */
export function indexRuleLocations(sources: PolicySources): Record<string, { file: string; line: number }> {
  const index: Record<string, { file: string; line: number }> = {};
  const pattern = /finding\(\s*"([a-z0-9_.-]+)"/gi;
  for (const file of sources.modules) {
    const text = readFileSync(file, 'utf8');
    const relative = relativeTo(sources.dirs, file);
    for (const match of text.matchAll(pattern)) {
      index[match[1]!] ??= { file: relative, line: text.slice(0, match.index! + match[0].length).split('\n').length };
    }
  }
  return index;
}

/** A module's path as the rule index names it: the policy dir's name, then the path inside it. */
export function relativeTo(dirs: string[], file: string): string {
  for (const dir of dirs) {
    if (file.startsWith(dir + path.sep)) return path.join(path.basename(dir), path.relative(dir, file));
  }
  return file;
}
