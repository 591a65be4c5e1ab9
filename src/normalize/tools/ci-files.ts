/**
 * CI, hook and dev-environment files whose formats the shared run-file reader
 * (knowledge/run-files.ts) does not read: the command lines each stores, by format, so that a
 * write of one is judged by what it will run (tools/stored.ts) rather than by its path.
 * Data: a new format is a new row (its path and the keys that hold command lines).
 */
import { parse as parseYaml } from 'yaml';

interface CiFormat {
  name: string;
  path: RegExp;
  read: (content: string) => string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function parsed(content: string): unknown {
  try {
    return parseYaml(content, { uniqueKeys: false }) as unknown;
  } catch {
    return null;
  }
}

/** Strings under the keys (a string, a list of strings, or `{command: …}`), anywhere in the document. */
function commandsUnder(doc: unknown, keys: ReadonlySet<string>, out: string[] = [], depth = 0): string[] {
  if (depth > 32 || out.length > 256) return out;
  if (Array.isArray(doc)) {
    for (const v of doc) commandsUnder(v, keys, out, depth + 1);
    return out;
  }
  if (!isRecord(doc)) return out;
  for (const [key, value] of Object.entries(doc)) {
    if (keys.has(key)) out.push(...commandStrings(value));
    commandsUnder(value, keys, out, depth + 1);
  }
  return out;
}

function commandStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? [v] : isRecord(v) && typeof v.command === 'string' ? [v.command] : []));
  if (isRecord(value)) {
    if (typeof value.command === 'string') return [value.command];
    // devcontainer's object form: {"name": "cmd" | ["cmd", "arg"]}
    return Object.values(value).flatMap((v) => (typeof v === 'string' ? [v] : Array.isArray(v) && v.every((w) => typeof w === 'string') ? [(v as string[]).join(' ')] : []));
  }
  return [];
}

const yamlKeys = (keys: readonly string[]) => {
  const set = new Set(keys);
  return (content: string): string[] => {
    const doc = parsed(content);
    if (doc !== null && typeof doc === 'object') return commandsUnder(doc, set);
    // A fragment that does not parse: `key: value` lines (keys quoted in JSON, a trailing comma).
    return [...content.matchAll(/^[\s-]*(["']?)([\w.-]+)\1\s*:\s*(?![|>]\s*$)(.+?),?\s*$/gm)]
      .filter((m) => set.has(m[2]))
      .map((m) => unquote(m[3].trim()));
  };
};

/** A scalar as written: a JSON string unescaped, a YAML quoted one unquoted. */
function unquote(text: string): string {
  if (text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text.replace(/^'(.*)'$/, '$1');
}

/** JSON with comments (devcontainer.json) read as YAML, which accepts JSON; comments removed first. */
const jsoncKeys = (keys: readonly string[]) => {
  const yaml = yamlKeys(keys);
  return (content: string): string[] => yaml(content.replace(/^\s*\/\/.*$/gm, ''));
};

/** Jenkinsfile `sh '…'`, `sh "…"`, `sh '''…'''`, `sh(script: '…')` steps. */
function jenkinsSteps(content: string): string[] {
  const out: string[] = [];
  for (const m of content.matchAll(/\b(?:sh|bash)\s*\(?\s*(?:script\s*:\s*)?('''([\s\S]*?)'''|"""([\s\S]*?)"""|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) {
    out.push(m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
  }
  return out;
}

export const CI_FORMATS: readonly CiFormat[] = [
  { name: 'husky hooks', path: /(?:^|\/)\.husky\/(?!_\/)[^/]+$/, read: (c) => [c] },
  { name: 'lefthook', path: /(?:^|\/)\.?lefthook(?:-local)?\.ya?ml$/, read: yamlKeys(['run']) },
  { name: 'devcontainer', path: /(?:^|\/)\.?devcontainer(?:\/[^/]+)?\/?devcontainer\.json$|(?:^|\/)\.devcontainer\.json$/, read: jsoncKeys(['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand']) },
  { name: 'circleci', path: /(?:^|\/)\.circleci\/[^/]+\.ya?ml$/, read: yamlKeys(['run', 'command']) },
  { name: 'azure pipelines', path: /(?:^|\/)(?:azure-pipelines[^/]*\.ya?ml|\.azure-pipelines\/[^/]+\.ya?ml)$/, read: yamlKeys(['script', 'bash', 'inlineScript']) },
  { name: 'travis', path: /(?:^|\/)\.travis\.ya?ml$/, read: yamlKeys(['before_install', 'install', 'before_script', 'script', 'after_success', 'after_failure', 'after_script', 'before_deploy', 'deploy_script']) },
  { name: 'bitbucket pipelines', path: /(?:^|\/)bitbucket-pipelines\.ya?ml$/, read: yamlKeys(['script', 'after-script']) },
  { name: 'drone and woodpecker', path: /(?:^|\/)(?:\.drone\.ya?ml|\.woodpecker\.ya?ml|\.woodpecker\/[^/]+\.ya?ml)$/, read: yamlKeys(['commands']) },
  { name: 'buildkite', path: /(?:^|\/)\.buildkite\/[^/]+\.ya?ml$/, read: yamlKeys(['command', 'commands']) },
  { name: 'aws codebuild', path: /(?:^|\/)buildspec\.ya?ml$/, read: yamlKeys(['commands']) },
  { name: 'appveyor', path: /(?:^|\/)\.?appveyor\.ya?ml$/, read: yamlKeys(['install', 'before_build', 'build_script', 'test_script', 'after_test', 'on_finish', 'sh', 'cmd']) },
  { name: 'jenkins', path: /(?:^|\/)Jenkinsfile[^/]*$/, read: jenkinsSteps },
];

export function ciFormatOf(path: string): CiFormat | undefined {
  const normal = path.replace(/\\/g, '/');
  return CI_FORMATS.find((f) => f.path.test(normal));
}

/** The command lines such a file stores, or null when the path is none of these formats. */
export function ciFileCommands(path: string, content: string): string[] | null {
  const format = ciFormatOf(path);
  return format === undefined ? null : [...new Set(format.read(content).filter((c) => c.trim() !== ''))].slice(0, 64);
}
