/**
 * The observed state of a poll, robust to the spelling of the call that observes it.
 *
 * An agent waiting on something polls it in ever-different spellings (`kubectl get pod api`,
 * `kubectl describe pod api`, `kubectl get pods -o wide`; `gh pr checks 42`, `gh run view`,
 * `gh api …/runs/9`; `tail -5`, `tail -n 20`, `grep ERROR` of one log). Each spelling is a
 * new intent group and prints other text, so "the group's output did not move" never holds.
 * What the calls have in common is the state they show: the status words of each line and
 * the line's subject (`api-<id> imagepullbackoff 0/1`, `test pending`, `status: queued`),
 * ratios and counts (`2/3`, `depth: 80`), and for output with no status at all (a log, a
 * listing) the lines themselves.
 *
 * The state is a small set of short token hashes. A poll whose tokens are all among those
 * already seen since the last change showed nothing new: it waited for nothing. A token not
 * seen before (a new status, a replica more, a new log line, a new check passing) is a
 * status that moved. A new spelling can bring new tokens once (describe prints more than
 * get); repeating the rotation cannot.
 */
import { escapeRe, memoPattern } from './patterns.js';
import { shortHash } from './outcome.js';

export interface ObserveTables {
  /** Words that name a status (lower case; `in progress`, `in-progress` and `in_progress` are one). */
  status_words: string[];
  /** Symbols that stand for a status in CI listings (`✓` success, `X` failure, `*` in progress). */
  status_symbols: Record<string, string>;
  /** `key: N` keys whose numbers are not the state (counters of retries and restarts, clocks). */
  ignore_keys: string[];
  /** Words in a call's name or first words that make it an observation (`get`, `describe`, `status`, `logs`, `tail`…). */
  observe_words: string[];
}

export const DEFAULT_OBSERVE: ObserveTables = {
  status_words: [
    'pending', 'queued', 'waiting', 'in_progress', 'running', 'completed', 'complete', 'success', 'succeeded', 'successful',
    'failure', 'failed', 'failing', 'error', 'cancelled', 'canceled', 'skipped', 'pass', 'passed', 'fail', 'ready', 'notready',
    'imagepullbackoff', 'errimagepull', 'crashloopbackoff', 'containercreating', 'podinitializing', 'terminating', 'evicted',
    'oomkilled', 'unschedulable', 'active', 'inactive', 'healthy', 'unhealthy', 'starting', 'started', 'stopped', 'degraded',
    'available', 'unavailable', 'progressing', 'timed_out', 'action_required', 'neutral', 'stale', 'done', 'open', 'closed',
    'merged', 'draft', 'blocked', 'scheduled', 'provisioning', 'deploying', 'deployed', 'building', 'built', 'exited', 'up',
    'down', 'idle', 'busy', 'empty', 'missing', 'unknown', 'ok',
  ],
  status_symbols: { '✓': 'success', '✔': 'success', '✗': 'failure', '✘': 'failure', '×': 'failure', X: 'failure', '*': 'in_progress', '-': 'pending' },
  ignore_keys: ['restart count', 'restarts', 'retries', 'retry', 'attempt', 'attempts', 'age', 'count', 'elapsed', 'uptime'],
  observe_words: [
    'get', 'describe', 'status', 'logs', 'log', 'view', 'list', 'ls', 'checks', 'check', 'show', 'top', 'events', 'inspect',
    'ps', 'tail', 'head', 'cat', 'wc', 'watch', 'wait', 'poll', 'health', 'api', 'curl', 'grep', 'info', 'state', 'progress',
  ],
};

/** Token hashes kept per observation: status tokens first, then the last lines. */
export const MAX_STATE_TOKENS = 16;

const hash = (text: string) => shortHash(text).slice(0, 5);

const statusPattern = memoPattern((words) => {
  const alternatives = words.map((w) => escapeRe(w).replace(/_/g, '[ _-]?'));
  return new RegExp(String.raw`(?<![\w-])(?:${alternatives.join('|')})(?![\w-])`, 'gi');
});

/** The subject of a line: its first word that is not a placeholder, a symbol or a number. */
function subject(line: string): string {
  for (const word of line.split(/\s+/)) {
    const w = word.replace(/^["'`{[(]+|["'`,:;}\])]+$/g, '').toLowerCase();
    if (/^[a-z][\w./-]*$/.test(w)) return w;
  }
  return '';
}

/**
 * The state a normalised output shows, as token hashes (at most MAX_STATE_TOKENS). Empty when
 * the output is empty: an empty listing shows the same state every time.
 */
export function observedState(normalized: string, tables: ObserveTables): string[] {
  const status = statusPattern(tables.status_words);
  const ignore = new Set(tables.ignore_keys.map((k) => k.toLowerCase()));
  const statusTokens: string[] = [];
  const lineTokens: string[] = [];
  // How many lines are in each state (`running 1/1` ×4, `terminating 0/1` ×1): a distribution
  // not seen before moved, also when a count falls (old pods going away, a queue draining).
  const tally = new Map<string, number>();
  for (const raw of normalized.split('\n')) {
    // An event seen again (`(x12 over 9m)`, `[repeated 4 times]`) is the same event: its counter is not the state.
    const line = raw.trim().replace(/\(x\d+ over\b/g, '(x# over').replace(/\brepeated \d+ times\b/gi, 'repeated # times');
    if (line === '') continue;
    const words = [...line.matchAll(status)].map((m) => m[0].toLowerCase().replace(/[ -]/g, '_'));
    const symbol = tables.status_symbols[line.split(/\s+/)[0] ?? ''];
    if (symbol) words.push(symbol);
    const ratios = [...line.matchAll(/(?<![\w/.])\d+\/\d+(?![\w/.])/g)].map((m) => m[0]);
    const percents = [...line.matchAll(/\b\d+(?:\.\d+)?%/g)].map((m) => m[0]);
    // `key: N`, `"key": N`, `key=N`: counts and depths (not the keys of retries and clocks).
    const allPairs = [...line.matchAll(/["']?([A-Za-z][\w .-]{0,30}?)["']?\s*[:=]\s*(\d+)\b/g)];
    const ignored = allPairs.filter((m) => ignore.has(m[1]!.trim().toLowerCase()));
    const pairs = allPairs.filter((m) => !ignored.includes(m)).map((m) => `${m[1]!.trim().toLowerCase()}=${m[2]}`);
    if (words.length + ratios.length + percents.length + pairs.length > 0) {
      // The line's subject with its status: `test pending` and `test pass` differ, and a check
      // that passes is new even when another check passed before.
      const rest = ignored.reduce((text, m) => text.replace(m[0], ' '), line);
      const integers = [...rest.matchAll(/(?<![\w/.<-])\d+(?![\w/.>%-])/g)].map((m) => m[0]);
      const kind = [[...new Set(words)].sort().join(','), ...ratios].join('|');
      tally.set(kind, (tally.get(kind) ?? 0) + 1);
      statusTokens.push(hash(['s', subject(line), [...new Set(words)].sort().join(','), ...ratios, ...percents, ...pairs, ...integers].join('|')));
    } else {
      // A line that states no status (a log line, a file name): the line itself, digits kept.
      lineTokens.push(hash(`l|${line.replace(/\s+/g, ' ').toLowerCase()}`));
    }
  }
  // A multiset: the third pod `Running 1/1` is new when two were before (pods whose names
  // normalise alike, a replica set's), so the k-th copy of a token is a token of its own.
  const counted = (list: string[]) => {
    const seen = new Map<string, number>();
    return list.map((t) => {
      const k = (seen.get(t) ?? 0) + 1;
      seen.set(t, k);
      return k === 1 ? t : hash(`${t}#${k}`);
    });
  };
  const distribution = tally.size > 0 ? [hash(`v|${[...tally].map(([k, n]) => `${k}=${n}`).sort().join(';')}`)] : [];
  const s = [...distribution, ...counted(statusTokens)];
  const l = counted(lineTokens);
  // Status tokens first (up to the cap); then the last lines, where a log grows.
  const room = Math.max(0, MAX_STATE_TOKENS - Math.min(s.length, MAX_STATE_TOKENS));
  return [...s.slice(0, MAX_STATE_TOKENS), ...(room > 0 ? l.slice(-room) : [])];
}

/**
 * A JSON output (an MCP tool's answer, `gh api`, `kubectl -o json`) as one line per object:
 * its string values first (`lint completed`: the subject, then its status), then its number
 * members as `key: N`. On one line, five jobs of which one more completed show the same set
 * of status words as before; one line per job shows the job that moved. Not JSON: unchanged.
 */
export function observedText(output: string): string {
  const text = output.trim();
  if (!/^[[{]/.test(text) || text.length > 65_536) return output;
  // The JSON document, and what follows it (a client or a proxy may append a line: an id, a note).
  let value: unknown;
  let rest = '';
  const ends = [text.length, ...[...text.matchAll(/\n/g)].map((m) => m.index!).slice(0, 50)];
  for (const end of ends) {
    try {
      value = JSON.parse(text.slice(0, end));
      rest = text.slice(end);
      break;
    } catch {
      value = undefined;
    }
  }
  if (value === undefined) return output;
  const lines: string[] = [];
  const walk = (v: unknown, key: string, depth: number) => {
    if (depth > 8 || lines.length >= 200) return;
    if (Array.isArray(v)) {
      const scalars = v.filter((x) => x === null || typeof x !== 'object');
      if (scalars.length > 0) lines.push(`${key}: ${scalars.map(String).join(' ')}`);
      for (const x of v) if (x !== null && typeof x === 'object') walk(x, key, depth + 1);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    const entries = Object.entries(v as Record<string, unknown>);
    const words = entries.filter(([, x]) => typeof x === 'string' || typeof x === 'boolean').map(([, x]) => String(x));
    const numbers = entries.filter(([, x]) => typeof x === 'number').map(([k, x]) => `${k}: ${x}`);
    if (words.length + numbers.length > 0) lines.push([...words, ...numbers].join('  '));
    for (const [k, x] of entries) if (x !== null && typeof x === 'object') walk(x, k, depth + 1);
  };
  walk(value, '', 0);
  return lines.join('\n') + rest;
}

/** The call observes something (its name or first words say get, describe, status, logs, tail…). */
export function isObserving(kind: string, label: string, tables: ObserveTables): boolean {
  if (kind === 'read') return true;
  const words = label
    .split(/\s+/)
    .slice(0, 3)
    .flatMap((w) => w.toLowerCase().split(/__|[_\-.:/]+/));
  return words.some((w) => tables.observe_words.includes(w));
}
