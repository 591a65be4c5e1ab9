/**
 * Signals read off the finished facts: a decoder or a fetcher upstream of something that
 * runs code (through pipes, substitutions, heredocs, here-strings, in any number of steps),
 * and a fetched file that is run later in the same script.
 */
import type { BashCommand, Flow } from '../facts.js';
import { runsCode } from './commands.js';

export function flowSignals(commands: BashCommand[], flows: Flow[], decoders: Set<number>, fetchers: Set<number>, cwd: string): Set<string> {
  const signals = new Set<string>();
  const into = new Map<number, number[]>();
  for (const f of flows) {
    const list = into.get(f.to) ?? [];
    list.push(f.from);
    into.set(f.to, list);
  }
  for (const cmd of commands) {
    if (!runsCode(cmd.name) && !cmd.dynamic_name) continue;
    const seen = new Set<number>([cmd.id]);
    const queue = [...(into.get(cmd.id) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      if (decoders.has(id)) signals.add('decode_to_shell');
      if (fetchers.has(id)) signals.add('fetch_to_shell');
      queue.push(...(into.get(id) ?? []));
    }
  }
  if (fetchedFileRun(commands, fetchers, cwd)) signals.add('fetched_file_run');
  return signals;
}

/** A file a fetcher wrote (`curl -o f`, `wget URL`, `curl … > f`) is run by a later command. */
function fetchedFileRun(commands: BashCommand[], fetchers: Set<number>, cwd: string): boolean {
  const written = new Map<string, number>();
  for (const id of fetchers) {
    const cmd = commands[id];
    for (const p of cmd.paths) if (p.path !== '') written.set(p.path, id);
    for (const r of cmd.redirects) if (r.write && r.path && r.path.path !== '') written.set(r.path.path, id);
    const saved = wgetDefaultOutput(cmd, cwd);
    if (saved !== null) written.set(saved, id);
  }
  if (written.size === 0) return false;
  const writtenBefore = (path: string, id: number): boolean => (written.get(path) ?? Infinity) < id;
  return commands.some(
    (cmd) => (cmd.path !== null && writtenBefore(cmd.path, cmd.id)) || (runsCode(cmd.name) && cmd.paths.some((p) => writtenBefore(p.path, cmd.id))),
  );
}

/** `wget URL` without -O saves to the URL's last path segment in the working directory. */
function wgetDefaultOutput(cmd: BashCommand, cwd: string): string | null {
  if (cmd.name !== 'wget' || cmd.flags.some((f) => f === 'O' || f === '--output-document')) return null;
  const url = cmd.urls[0];
  if (!url) return null;
  const base = url.path.split('/').pop() || 'index.html';
  return `${cwd.replace(/\/$/, '')}/${base}`;
}
