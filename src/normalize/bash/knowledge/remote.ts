/**
 * Programs that print content fetched from elsewhere, beside the URL fetchers (curl, wget):
 * a forge's issues, gists and API answers, a bucket's objects. What they print is as much
 * from the network as `curl`'s output, so code made from it is fetched code. Data: a new
 * printer is a new line (`sub`: the words after the program that make it print remote text).
 */
import type { BashCommand } from '../../facts.js';
import { FETCHERS } from '../commands.js';

export const REMOTE_PRINTERS: readonly { program: string; sub: readonly (readonly string[])[] }[] = [
  { program: 'gh', sub: [['api'], ['issue', 'view'], ['pr', 'view'], ['pr', 'diff'], ['gist', 'view'], ['release', 'download'], ['run', 'view'], ['search']] },
  { program: 'glab', sub: [['api'], ['issue', 'view'], ['mr', 'view'], ['mr', 'diff'], ['snippet', 'view']] },
  { program: 'aws', sub: [['s3', 'cp'], ['ssm', 'get-parameter'], ['secretsmanager', 'get-secret-value']] },
  { program: 'gsutil', sub: [['cat'], ['cp']] },
  { program: 'gcloud', sub: [['storage', 'cat'], ['secrets', 'versions', 'access']] },
  { program: 'az', sub: [['storage', 'blob', 'download']] },
  // Language-model CLIs print a remote model's answer: text nobody has read yet (`llm '…' | sh`).
  { program: 'llm', sub: [[]] },
  { program: 'sgpt', sub: [[]] },
  { program: 'aichat', sub: [[]] },
  { program: 'mods', sub: [[]] },
  { program: 'tgpt', sub: [[]] },
  { program: 'chatgpt', sub: [[]] },
  { program: 'ollama', sub: [['run']] },
  { program: 'gemini', sub: [[]] },
  { program: 'claude', sub: [[]] },
  { program: 'codex', sub: [['exec']] },
];

/** The command prints content fetched from the network (a URL fetcher with a URL, or a remote printer). */
export function printsRemoteContent(c: BashCommand): boolean {
  if (FETCHERS.has(c.name) && c.urls.length > 0) return true;
  const entry = REMOTE_PRINTERS.find((p) => p.program === c.name);
  if (entry === undefined) return false;
  const words = c.operands;
  return entry.sub.some((sub) => sub.every((w, i) => words[i] === w));
}
