/**
 * Calls grouped by intent: the same program and subcommand on the same target is one group,
 * however it is spelled. Cosmetic differences are left out — option order and every flag
 * (verbosity, colour, reporters), env prefixes, wrappers, a `tee` to a log or a filter
 * after a pipe, the version of a package (`torch==2.1.1`, `@acme/ds@^3`), the spelling of a
 * path (`./src/a.ts`, `src/a.ts`, `/home/dev/project/src/a.ts`). Operands stay: `pytest
 * tests/a.py` and `pytest tests/b.py` are two groups, and so are two hosts or two URLs.
 *
 * Each call also gets a class: search, read, write, run, poll, step (a bisect or rebase
 * step) or wait (a bare `sleep`), from tables in config.governance.loop.intent.
 */
import type { BashCommand, Facts } from '../../normalize/facts.js';
import { maskSecrets } from '../../normalize/secrets/index.js';
import { shortHash } from './outcome.js';

/** Commands reached this way compute an argument of another command. */
export const ARGUMENT_VIA = new Set(['command_substitution', 'process_substitution']);

export type CallClass = 'search' | 'read' | 'write' | 'run' | 'poll' | 'step' | 'wait';

/** One-letter codes kept in the session history (the row is rewritten on every call). */
export const CLASS_CODE: Record<CallClass, string> = { search: 's', read: 'r', write: 'w', run: 'x', poll: 'p', step: 'b', wait: 'z' };

export interface IntentTables {
  /** Argv prefixes of searches (`grep`, `rg`, `find`, `git grep`…). */
  search_commands: string[][];
  /** Other tools that search (Grep, Glob, WebSearch…), by name, case-insensitive. */
  search_tools: string[];
  /** Argv prefixes that read or look, and run nothing (`cat`, `sed -n`, `ls`, `git diff`…). */
  read_commands: string[][];
  /** Argv prefixes of steps through a sequence (`git bisect good`, `git rebase --continue`…). */
  step_commands: string[][];
  /** Commands after a pipe that only filter or copy what the first one prints (`tail`, `tee`, `grep`…). */
  pipe_filters: string[];
  /** Commands that set up and say nothing about intent (`cd`, `export`, `source`…). */
  setup_commands: string[];
  /**
   * Searches that, given files (not folders, not globs) and no recursive flag, query those files
   * (`grep -c ' ERROR ' app.log`): a read of the file by pattern, not a search for where something is.
   */
  file_queries: string[];
  /** Flags that make such a search walk folders (`-r`, `-R`, `--recursive`; bundled short flags count). */
  recursive_flags: string[];
  /**
   * Words that make a command an observation (`get`, `status`, `logs`, `select`…: loop.observe.observe_words).
   * A wait before a command that observes nothing (`sleep 5 && pio run -t upload`) is a retry after
   * a wait, not a poll.
   */
  observe_words?: string[];
}

export const DEFAULT_INTENT: IntentTables = {
  search_commands: [['grep'], ['egrep'], ['rg'], ['ag'], ['ack'], ['find'], ['fd'], ['locate'], ['which'], ['whereis'], ['git', 'grep'], ['git', 'log', '-S'], ['git', 'log', '-G'], ['ldconfig', '-p'], ['apt-cache', 'search'], ['npm', 'search'], ['pip', 'search']],
  search_tools: ['grep', 'glob', 'websearch', 'web_search', 'search', 'codebase_search', 'file_search', 'find', 'list_dir', 'ls'],
  read_commands: [['cat'], ['head'], ['tail'], ['less'], ['more'], ['bat'], ['nl'], ['sed', '-n'], ['awk'], ['wc'], ['ls'], ['tree'], ['stat'], ['file'], ['du'], ['git', 'status'], ['git', 'diff'], ['git', 'log'], ['git', 'show'], ['git', 'blame']],
  step_commands: [['git', 'bisect', 'good'], ['git', 'bisect', 'bad'], ['git', 'bisect', 'skip'], ['git', 'bisect', 'run'], ['git', 'bisect', 'start'], ['git', 'rebase', '--continue'], ['git', 'rebase', '--skip'], ['git', 'cherry-pick', '--continue'], ['git', 'merge', '--continue'], ['git', 'am', '--continue'], ['git', 'revert', '--continue']],
  pipe_filters: ['tail', 'head', 'tee', 'grep', 'egrep', 'less', 'more', 'sort', 'uniq', 'wc', 'cat', 'cut', 'tr', 'column', 'jq', 'sed', 'awk', 'nl', 'fold', 'fmt', 'xargs'],
  setup_commands: ['cd', 'pushd', 'popd', 'export', 'source', '.', 'set', 'unset', 'sleep', 'true', ':', 'echo', 'printf', 'date', 'clear'],
  file_queries: ['grep', 'egrep', 'fgrep', 'zgrep', 'rg', 'ag', 'ack'],
  recursive_flags: ['r', 'R', '--recursive', '--dereference-recursive'],
};

/**
 * A search that queries named files rather than looks for where something is: a file query
 * program, no recursive flag, and every path operand a file (a name with an extension, no glob,
 * no trailing slash). Counting errors per hour in one log is reading that log.
 */
function queriesFiles(c: BashCommand, tables: IntentTables): boolean {
  if (!tables.file_queries.includes(c.name) || c.paths.length === 0) return false;
  const short = tables.recursive_flags.filter((f) => !f.startsWith('-'));
  const long = tables.recursive_flags.filter((f) => f.startsWith('-'));
  const recursive = c.args.some((a) => long.includes(a) || (/^-[A-Za-z]+$/.test(a) && short.some((f) => a.slice(1).includes(f))));
  if (recursive) return false;
  return c.paths.every((p) => !/[*?[]/.test(p.raw) && !p.raw.endsWith('/') && /[^/.]\.[A-Za-z0-9]{1,8}$/.test(p.raw));
}

export interface Intent {
  /** 12 hex digits naming the group. */
  group: string;
  /**
   * 8 hex digits naming the family: the program and its subcommand without targets (`psql`,
   * `npm install`, `curl`), the file of a read or write, the host of a fetch. A respelling
   * that changes the target (another host, another port) stays in the family.
   */
  family: string;
  cls: CallClass;
  /** The path read or written (reads and writes), for re-read and unverified-write facts. */
  path: string | null;
  /** Reads: which part of the file (offset/limit, or the read command's options). */
  range: string | null;
  /** Paths a run names in its operands (`python repro.py`): the first run of a written file is progress. */
  runs: string[];
  /** Human text of the group for reasons ("npm install @acme/design-system"). */
  label: string;
}

function matchesPrefix(words: string[], prefix: string[]): boolean {
  if (prefix.length > words.length || words[0] !== prefix[0]) return false;
  return prefix.slice(1).every((p) => words.includes(p));
}

const VERSION_SUFFIX = /(?:==|>=|<=|~=|!=|@(?=[\^~<>=]?\d)|@(?=latest|next|beta|alpha|canary\b))[^\s]*$/;

/** An operand without what varies cosmetically: a version pin, a path spelling. */
function normalizeOperand(raw: string, resolved: Map<string, string>, cwd: string): string {
  const path = VERSION_SUFFIX.test(raw) || /^@[^/]+\/[^@]+@/.test(raw) ? undefined : resolved.get(raw);
  if (path) return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path === cwd ? '.' : path;
  let w = raw.replace(VERSION_SUFFIX, '');
  // `@scope/pkg@3.1.0` → `@scope/pkg`; `pkg@^2` → `pkg`
  w = w.replace(/^(@?[^@\s]+)@[^/\s]*$/, '$1');
  return w.replace(/^\.\//, '').replace(/\/+$/, '');
}

/**
 * The commands that carry a bash call's intent: top level, not a filter after a pipe, not set-up.
 * A wrapper (`timeout 20`, `nohup`, `nice`) appears beside the command it runs, which names it
 * among its wrappers: the wrapped command carries the intent, the wrapper is cosmetic.
 */
export function consideredCommands(all: BashCommand[], tables: IntentTables): BashCommand[] {
  const wrapper = (c: BashCommand) => all.some((o) => o !== c && o.depth === c.depth && (o.wrappers ?? []).includes(c.name));
  const main = all.filter(
    (c) =>
      c.depth === 0 &&
      !(c.pipe_index > 0 && tables.pipe_filters.includes(c.name)) &&
      !tables.setup_commands.includes(c.name) &&
      c.name !== '' &&
      !wrapper(c),
  );
  return main.length > 0 ? main : all.filter((c) => c.name !== '' && !tables.setup_commands.includes(c.name));
}

const words = (c: BashCommand) => [c.name, ...c.args];

const WAITS = new Set(['sleep', 'wait']);

/**
 * The commands that make a bash call a poll: those matching a poll prefix, not inside a
 * substitution, and not a wait in front of commands that observe nothing (a retry after a wait).
 */
export function pollingCommands(all: BashCommand[], considered: BashCommand[], tables: IntentTables, pollPrefixes: string[][]): BashCommand[] {
  const observeWords = tables.observe_words ?? [];
  const observes = (c: BashCommand) => {
    const w = [c.name, ...c.args];
    if (pollPrefixes.some((p) => matchesPrefix(w, p))) return true;
    if ([...tables.search_commands, ...tables.read_commands, ...tables.step_commands].some((p) => matchesPrefix(w, p))) return true;
    // Any of its first words, or a part of one (`--describe`, `kafka-consumer-groups.sh`, `select count(*)`).
    return w.slice(0, 8).some((a) => a.toLowerCase().split(/[\s(]+|__|[_\-.:/=]+/).some((p) => observeWords.includes(p)));
  };
  const acting = considered.filter((c) => !WAITS.has(c.name));
  const retryAfterWait = observeWords.length > 0 && acting.length > 0 && !acting.some(observes);
  return all.filter((c) => !ARGUMENT_VIA.has(c.via) && pollPrefixes.some((p) => matchesPrefix(words(c), p)) && !(retryAfterWait && WAITS.has(c.name)));
}

function bashIntent(facts: Extract<Facts, { kind: 'bash' }>, tables: IntentTables, pollPrefixes: string[][]): Omit<Intent, 'group' | 'family'> & { key: unknown[]; familyKey: unknown[] } {
  const all = facts.commands ?? [];
  // The commands that carry the intent: top level, not a filter after a pipe, not set-up.
  // A wrapper (`timeout 20`, `nohup`, `nice`) appears beside the command it runs, which names it
  // among its wrappers: the wrapped command carries the intent, the wrapper is cosmetic.
  const considered = consideredCommands(all, tables);
  if (considered.length === 0) {
    const onlySleep = all.length > 0 && all.every((c) => ['sleep', 'true', ':', 'wait'].includes(c.name));
    const text = facts.command.replace(/\s+/g, ' ').trim();
    return { key: ['bash-text', text], familyKey: ['bash-text', text], cls: onlySleep ? 'wait' : 'run', path: null, range: null, runs: [], label: facts.command.slice(0, 80) };
  }
  const cls = (c: BashCommand): CallClass => {
    const w = words(c);
    if (tables.step_commands.some((p) => matchesPrefix(w, p))) return 'step';
    if (pollPrefixes.some((p) => matchesPrefix(w, p))) return 'poll';
    if (tables.search_commands.some((p) => matchesPrefix(w, p))) return queriesFiles(c, tables) ? 'read' : 'search';
    if (tables.read_commands.some((p) => matchesPrefix(w, p))) return 'read';
    return 'run';
  };
  const classes = considered.map(cls);
  // A wait before an observing command (`sleep 600 && grep epoch train.log`) makes the call a poll.
  // An observing command inside a substitution only computes an argument (`gh run rerun $(gh run
  // list … -q …)`): the call acts on what it found, it does not wait. A wait before a command that
  // observes nothing (`sleep 5 && pio run -t upload`) is a retry after a wait: judged as a run.
  if (pollingCommands(all, considered, tables, pollPrefixes).length > 0) classes.push('poll');
  // A poll anywhere makes the call a poll; a run anywhere makes it a run; else the first class.
  const callClass: CallClass = classes.includes('step')
    ? 'step'
    : classes.includes('poll')
      ? 'poll'
      : classes.includes('run')
        ? 'run'
        : classes[0]!;
  const key = considered.map((c) => {
    const resolved = new Map(c.paths.map((p) => [p.raw, p.path]));
    const operands = c.operands.map((o) => normalizeOperand(o, resolved, facts.cwd));
    // A folder or file given as an option's value (`tflint --chdir=modules/vpc`, `--config=a/b.yml`)
    // is what the call works on, as an operand is: a sweep over modules is not one call repeated.
    const targets = c.args.filter((a) => /^--?[\w-]+=(?:\.{0,2}\/|~\/|[\w.-]+\/)[^\s]*$/.test(a));
    return [c.name, ...operands, ...targets];
  });
  const first = considered[0]!;
  // The subcommand: the first argument when it is a plain word (`git push`, `npm install`), not a flag or a path.
  const sub = first.args[0] && /^[a-z][\w-]*$/.test(first.args[0]) && first.operands[0] === first.args[0] ? first.args[0] : null;
  const familyKey = ['bash', facts.cwd, first.name, sub];
  const readPaths = callClass === 'read' ? first.paths.map((p) => p.path) : [];
  const runs = callClass === 'run' ? considered.flatMap((c) => c.paths.map((p) => p.path)) : [];
  return {
    key: ['bash', facts.cwd, key],
    familyKey,
    cls: callClass,
    path: readPaths[0] ?? null,
    range: callClass === 'read' ? [first.name, ...first.args.filter((a) => !first.paths.some((p) => p.raw === a))].join(' ') : null,
    runs,
    label: key.map((k) => k.join(' ')).join(' && ').slice(0, 120),
  };
}

export function intentOf(
  tool: string,
  input: Record<string, unknown>,
  facts: Facts,
  tables: IntentTables,
  pollPrefixes: string[][],
  canonicalInput: () => string,
): Intent {
  let key: unknown[];
  let familyKey: unknown[] | null = null;
  let cls: CallClass;
  let path: string | null = null;
  let range: string | null = null;
  let runs: string[] = [];
  let label: string;
  switch (facts.kind) {
    case 'bash': {
      const b = bashIntent(facts, tables, pollPrefixes);
      ({ key, familyKey, cls, path, range, runs, label } = b);
      break;
    }
    case 'read':
      path = facts.path.path;
      range = `${input.offset ?? ''}:${input.limit ?? ''}`;
      key = ['read', path];
      cls = 'read';
      label = `read ${facts.path.raw}`;
      break;
    case 'write':
    case 'edit':
      path = facts.path.path;
      key = ['write', path];
      cls = 'write';
      label = `${facts.kind} ${facts.path.raw}`;
      break;
    case 'web_fetch':
      key = ['fetch', facts.method, facts.url.raw.replace(/#.*$/, '')];
      familyKey = ['fetch', facts.url.host ?? facts.url.raw];
      cls = 'read';
      path = facts.url.raw.replace(/#.*$/, '');
      range = '';
      label = `fetch ${facts.url.raw}`.slice(0, 120);
      break;
    default: {
      const lower = tool.toLowerCase();
      const isSearch = tables.search_tools.some((t) => lower === t || lower.endsWith(`__${t}`) || lower.endsWith(`_${t}`));
      const text = canonicalInput();
      key = ['tool', tool, text];
      familyKey = ['tool', tool];
      cls = isSearch ? 'search' : 'run';
      label = `${tool} ${text}`.slice(0, 120);
    }
  }
  const group = shortHash(JSON.stringify(key));
  // The label goes into reasons and the logged session view: never with a secret in it.
  label = maskSecrets(label.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1[masked]@'));
  return { group, family: familyKey ? shortHash(JSON.stringify(familyKey)).slice(0, 8) : group.slice(0, 8), cls, path, range, runs, label };
}
