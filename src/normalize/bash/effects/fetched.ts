/**
 * Code fetched and run in the same command line: a file or folder a command brought in from
 * the network (`git clone URL d`, `curl -o f URL`, `wget URL`, `scp host:x .`, `gh repo clone`)
 * and then a script under it run by any runner (`bash d/install.sh`, `./d/setup.sh`, `make -C d
 * install`, `python3 d/setup.py`, `sh f`). The run's exec effect gets origin "fetched": the
 * file that runs came from the network, the same class as `curl … | sh`. A file written from
 * a decoder's output and run (`base64 -d > f.py && python3 f.py`) gets origin "decoded", the
 * same class as `base64 -d | sh`.
 */
import path from 'node:path';
import type { BashCommand } from '../../facts.js';
import { knowledgeOf } from '../knowledge/index.js';
import { parseArgs } from '../knowledge/args.js';
import { type EffectContext, pathOf } from './context.js';
import { isDecoder } from '../commands.js';

interface Fetched {
  path: string;
  /** The command that fetched it: only later commands run what it brought. */
  by: number;
  /** Where the file's content came from: the network, or a decoder (`base64 -d > f.py`). */
  origin: 'fetched' | 'decoded';
}

/** Programs that clone a repository: the subcommand words and where the URL stands after them. */
const CLONERS: Readonly<Record<string, readonly string[]>> = { git: ['clone'], hg: ['clone'], svn: ['checkout', 'co', 'export'], gh: ['repo', 'clone'], glab: ['repo', 'clone'] };

/** Where a clone lands: the operand after the URL, else the URL's last segment without `.git`. */
function cloneDestination(c: BashCommand, ec: EffectContext): string | null {
  const words = CLONERS[c.name];
  if (words === undefined) return null;
  const ops = parseArgs(c.name, c.args, knowledgeOf(c.name)).operands;
  if (!words.every((w, i) => ops[i] === w)) return null;
  const [url, dir] = ops.slice(words.length);
  if (url === undefined) return null;
  const name = dir ?? url.replace(/[?#].*$/, '').replace(/\/+$/, '').split(/[/:]/).pop()?.replace(/\.git$/, '');
  return name ? pathOf(c, name, ec).path : null;
}

/** `wget URL` without -O saves to the URL's last path segment in the working directory. */
function wgetDefault(c: BashCommand, ec: EffectContext): string | null {
  if (c.name !== 'wget' || c.flags.some((f) => f === 'O' || f === '--output-document' || f === 'P' || f === '--directory-prefix')) return null;
  const url = c.urls[0];
  if (url === undefined) return null;
  return pathOf(c, url.path.split('/').pop() || 'index.html', ec).path;
}

function fetchedPaths(ec: EffectContext): Fetched[] {
  const out: Fetched[] = [];
  const connecting = new Set<number>();
  for (const e of ec.out) if (e.type === 'connect' && e.command !== null && !e.listen) connecting.add(e.command);
  for (const e of ec.out) {
    if (e.type === 'write' && e.command !== null && connecting.has(e.command) && e.path.path !== '' && !e.path.dynamic) out.push({ path: e.path.path, by: e.command, origin: 'fetched' });
  }
  for (const c of ec.facts.commands) {
    for (const p of [cloneDestination(c, ec), wgetDefault(c, ec)]) if (p !== null) out.push({ path: p, by: c.id, origin: 'fetched' });
    const origin = connecting.has(c.id) ? 'fetched' : decodedOutput(c, ec) ? 'decoded' : null;
    if (origin !== null) for (const r of c.redirects) if (r.write && r.path !== null && r.path.path !== '' && r.path.path !== '/dev/null') out.push({ path: r.path.path, by: c.id, origin });
  }
  return out;
}

/** The command's output is decoded text: it decodes, or a decoder feeds it through a pipe. */
function decodedOutput(c: BashCommand, ec: EffectContext): boolean {
  const seen = new Set<number>();
  const walk = (id: number): boolean => {
    if (seen.has(id)) return false;
    seen.add(id);
    const cmd = ec.facts.commands[id];
    if (cmd !== undefined && isDecoder(cmd.name, cmd.args)) return true;
    return ec.facts.flows.some((f) => f.to === id && f.kind === 'pipe' && walk(f.from));
  };
  return walk(c.id);
}

const under = (p: string, root: string): boolean => p === root || p.startsWith(root.endsWith('/') ? root : `${root}/`);

export function fetchedCode(ec: EffectContext): void {
  const fetched = fetchedPaths(ec);
  if (fetched.length === 0) return;
  for (const e of ec.out) {
    if (e.type !== 'exec' || e.command === null || e.origin === 'network' || e.origin === 'fetched') continue;
    const c = ec.facts.commands[e.command];
    if (c === undefined) continue;
    const run: string[] = [];
    if (e.script !== null) run.push(e.script.path);
    if (c.path !== null && c.argv[0] !== undefined) run.push(pathOf(c, c.argv[0], ec).path);
    // An interpreter given a file (`python3 d/setup.py`, `node f.js`): the file is the program.
    if (e.language !== null && c.inline_code === null && c.operands[0] !== undefined && !c.operands[0].startsWith('-')) run.push(pathOf(c, c.operands[0], ec).path);
    const from = fetched.find((f) => f.by < e.command! && run.some((p) => under(path.posix.normalize(p), path.posix.normalize(f.path))));
    if (from !== undefined) e.origin = from.origin;
  }
}
