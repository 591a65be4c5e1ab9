/**
 * The walk over a parsed script: every simple command, wherever it sits (lists,
 * pipelines, compound statements, functions, substitutions, nested shells), becomes a
 * BashCommand with its argv resolved and its wrappers peeled off; pipes and
 * substitutions become flows; whatever cannot be seen through is stated as indeterminate.
 */
import type { BashCommand, Flow, InlineCode, NormalizeContext, Pipeline, Redirect } from '../facts.js';
import { isPathLike, resolvePath } from '../paths/index.js';
import { parseUrl } from '../urls/index.js';
import {
  FETCHERS,
  SHELLS,
  findExecs,
  isDecoder,
  pathCandidates,
  splitArgs,
  urlCandidates,
} from './commands.js';
import { BUILTINS } from './builtins/index.js';
import { otherShellToBash } from './other-shells.js';
import { cmdToBash } from './cmd-shell.js';
import { STDIN_FILES } from './builtins/runners.js';
import type { BuiltinHost, Frame, PendingCommand, Stdin } from './builtins/types.js';
import { carriedByAssignments, carriedByKnowledge, carriedByOptions } from './carriers.js';
import { carriedByRuleset } from './firewall-rulesets.js';
import { scriptFiles } from './script-files.js';
import { splitSubshellParens } from './double-parens.js';
import { closeHeredocs } from './heredoc-eof.js';
import { HASHED, NAMEREF, dereference, isNamerefOption, setNameref } from './namerefs.js';
import { programGlob } from './program-glob.js';
import { hereStringFirst, hereStringLoopGroup, hereStringRedirects } from './here-string-order.js';
import { codeEffects } from '../code/index.js';
import { flowSignals } from './flow-signals.js';
import { interpreterCall, scanCode } from './inline-code.js';
import { scanOptions, splitCommandLine } from './options.js';
import { staticOutput } from './static-output.js';
import { LINE_FILTERS, listingOf, printedItems } from './knowledge/listings.js';
import { asRunScript, buildFilesOf } from './knowledge/run-files.js';
import { parseBash, type SyntaxNode } from './tree.js';
import { PARALLEL_OPTIONS, XARGS_OPTIONS, peelWrapper } from './wrappers.js';
import { WINDOWS_NAME_COLLISIONS } from './knowledge/windows.js';
import {
  resolveHeredoc,
  resolveScalar,
  resolveWord,
  type VarValue,
  type Word,
  type WordFeature,
  type WordHost,
} from './words.js';

export interface BashLimits {
  /** Input larger than this (UTF-8 bytes) is not parsed in full: indeterminate "too_long". */
  maxBytes: number;
  /** Nesting of shells, eval, substitutions, function calls. */
  maxDepth: number;
  /** Wall-clock budget for parse and walk, in milliseconds: indeterminate "timeout". */
  timeBudgetMs: number;
  /** Syntax nesting the walk follows (deeper subtrees are cut: indeterminate "depth_limit"). */
  maxAstDepth: number;
}

export const DEFAULT_LIMITS: BashLimits = { maxBytes: 64 * 1024, maxDepth: 8, timeBudgetMs: 250, maxAstDepth: 100 };

/** Wrappers peeled off one command at most (a real chain has a handful). */
const MAX_WRAPPERS = 16;

/** Wrappers that start a shell when given no command (`sudo -s`, `su`, `doas -s`). */
const SHELL_GIVERS = new Set(['sudo', 'doas', 'su', 'runuser', 'pkexec', 'sg', 'chroot', 'nsenter', 'unshare', 'script']);

/** git's settings given through the environment (`GIT_CONFIG_COUNT`, `GIT_CONFIG_KEY_<n>`, …) among the script's variables. */
function gitSettingsOf(vars: ReadonlyMap<string, VarValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of vars) if (value !== null && /^GIT_CONFIG_(?:COUNT|PARAMETERS|KEY_\d+|VALUE_\d+)$/.test(name)) out[name] = value;
  return out;
}

/** Commands that copy a file's content to another path. */
const COPIERS = new Set(['cp', 'mv', 'install', 'rsync', 'ditto']);

/** Values of a `for` loop walked one by one; beyond this the loop variable is unknown. */
const MAX_LOOP_VALUES = 4;
/** Inputs `xargs -I`/`parallel` are expanded for, one command each. */
const MAX_FANOUT = 8;

interface IO {
  stdin?: Stdin | null;
  /** Redirections written after a list or pipeline apply to its last command. */
  redirects?: SyntaxNode[];
  redirectSource?: string;
}

interface Outcome {
  /** The commands at this level that read the statement's input and write its output. */
  ids: number[];
  /** Static stdout, when known. */
  output: string | null;
  /** When stdout is not known but is a list of paths: the globs it lists (knowledge/listings.ts). */
  listing?: string[] | null;
}

/** A brace expansion where a command name belongs (start of a statement). */
const COMMAND_BRACE = /(^|[;&|(\n`]|\$\()(\s*)\{(?=[^\s{}]{0,256},[^\s}]{0,1024}\})/g;

const NONE: Outcome = { ids: [], output: null };

interface RedirectScan {
  redirects: Redirect[];
  stdin: Stdin | null;
  urls: string[];
  /** Words tree-sitter attached to a redirection that are really the command's arguments. */
  extraArgs: SyntaxNode[];
  /** Statements written after a heredoc operator on its line (`cat <<EOF | sh`). */
  continuations: SyntaxNode[];
}

const STATEMENTS = new Set([
  'command', 'pipeline', 'list', 'redirected_statement', 'variable_assignment', 'variable_assignments', 'declaration_command',
  'unset_command', 'function_definition', 'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement',
  'case_statement', 'compound_statement', 'subshell', 'negated_command', 'test_command', 'program',
]);

/** Nested script texts stated in the facts (`scripts`): at most this many, each at most this long. */
const MAX_SCRIPTS = 32;
const MAX_SCRIPT_TEXT = 16 * 1024;

/** Languages the walk reads itself (awk's system() and pipes): no code producer is asked. */
const READ_BY_THE_WALK = new Set(['awk', 'bash', 'sh']);

/** A command line with its blanks collapsed, to know one already walked. */
const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');

/**
 * A command word that is a program path under a folder variable of the environment
 * (`$ANDROID_HOME/emulator/emulator`, `${JAVA_HOME}/bin/java`): names ending in HOME, ROOT, DIR,
 * PREFIX or PATH-less folder words, and a literal path after it. Group 2 is that literal path.
 */
const ENV_DIR_PROGRAM = /^\$\{?([A-Z][A-Z0-9_]*(?:_HOME|_ROOT|_DIR|_PREFIX|_SDK|_NDK|_INSTALL))\}?((?:\/[\w.+@-]+)+)$/;

/**
 * Whether `name` stands anywhere in the call other than as an expansion (`$NAME`, `${NAME…}`):
 * an assignment, `export`, `read`, `declare`, `printf -v`, a `for` variable, an `env NAME=` prefix,
 * in this script or in any nested one (their text is part of the call). Such a variable is the
 * line's own, whatever frame the walk reads it in, so a program path under it stays hidden.
 */
function namedOutsideExpansions(text: string, name: string): boolean {
  const bare = new RegExp(`(?<![\\w$]|\\$\\{)${name}(?!\\w)`);
  return bare.test(text);
}

/** A command word that is a parameter with a literal default: `${X:-rm}`, `${X-rm}`, `${X:=rm}`. */
const PARAMETER_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([A-Za-z0-9_./+-]+)\}$/;

/** Nodes tree-sitter puts inside a heredoc redirect that bash passes to the command as arguments. */
const HEREDOC_LINE_ARGUMENTS = new Set([
  'word', 'string', 'raw_string', 'ansi_c_string', 'translated_string', 'concatenation', 'simple_expansion', 'expansion',
  'command_substitution', 'process_substitution', 'arithmetic_expansion', 'number',
]);

/** Plain words (no quoting, expansion or operator) left between a command's last word and its heredoc. */
const HEREDOC_GAP_WORDS = /^[ \t]+[-\w./@%+=:,]+(?:[ \t]+[-\w./@%+=:,]+)*[ \t]*$/;

/** An alias value bash would put in place as plain words (no quoting, expansion or operators). */
const PLAIN_ALIAS = /^[\w./@%+=:,-]+(?: [\w./@%+=:,-]+)*$/;

export class Analyzer implements BuiltinHost {
  readonly commands: BashCommand[] = [];
  readonly pipelines: Pipeline[] = [];
  readonly flows: Flow[] = [];
  readonly signals = new Set<string>();
  readonly indeterminate = new Set<string>();
  /** The text of every nested script walked (`bash -c`'s, a decoded heredoc's, an eval'd string…): bounded. */
  readonly scripts = new Set<string>();
  parseError = false;
  private readonly functions = new Map<string, { body: SyntaxNode; frame: Frame }>();
  /** Every definition, in order (a name may be defined twice, even inside its own body). */
  private readonly definitions: Array<{ name: string; body: SyntaxNode; frame: Frame }> = [];
  private readonly walkedBodies = new Set<SyntaxNode>();
  private readonly walkedCalls = new Map<SyntaxNode, Set<string>>();
  /** Files this script wrote with static content (path → content): running them runs that; the effects carry it. */
  readonly writtenFiles = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  expandAliases = false;
  private readonly decoders = new Set<number>();
  private readonly fetchers = new Set<number>();
  /** What each process substitution lists, by its start (read by the `<` redirection that takes it). */
  private readonly processListings = new Map<number, string[] | null>();
  /** The same by the substitution's text, as a dynamic word keeps it (`xargs -a <(ls ~)`). */
  private readonly processListingsByText = new Map<string, string[] | null>();
  private stopped = false;
  /** The descriptor bash gives the next `{fd}<…` redirection (it starts at 10). */
  private nextDescriptor = 10;

  constructor(
    private readonly ctx: NormalizeContext,
    private readonly limits: BashLimits,
    private readonly deadline: number,
  ) {}

  /** Walk the top-level script. */
  /** The whole call's text: a folder variable written anywhere in it is not the environment's. */
  private callText = '';

  run(script: string): void {
    const frame: Frame = {
      source: script,
      depth: 0,
      via: 'script',
      parent: null,
      positional: null,
      vars: new Map(),
      functionStack: [],
    };
    this.callText = script;
    this.script(script, frame, null);
    // Functions defined but never called still show what they would run.
    for (let k = 0; k < this.definitions.length && !this.stopped; k++) {
      const fn = this.definitions[k];
      if (!this.walkedBodies.has(fn.body)) {
        this.walkedBodies.add(fn.body);
        this.walkFunction(fn.name, fn, null, null, fn.frame);
      }
    }
    for (const signal of flowSignals(this.commands, this.flows, this.decoders, this.fetchers, this.ctx.cwd)) this.signals.add(signal);
    this.fillEnvVars();
  }

  // ---------------------------------------------------------------- scripts

  /** Parse and walk a script text (top level or nested). */
  private script(text: string, frame: Frame, stdin: Stdin | null): Outcome {
    if (frame.depth > this.limits.maxDepth) {
      this.indeterminate.add('depth_limit');
      return NONE;
    }
    if (this.outOfTime()) return NONE;
    // `coproc [NAME] { …; }`: tree-sitter-bash does not know the keyword and splits the group
    // into separate commands, losing its assignments and compound commands (`coproc N { f=~/.ssh/id_rsa;
    // cat $f; }`). Bash runs the group (in the background): read it as the group it is.
    if (text.includes('coproc')) text = text.replace(COPROC_GROUP, '$1');
    let tree = parseBash(text, this.deadline, this.limits.maxAstDepth);
    if (tree.timedOut) {
      this.indeterminate.add('timeout');
      return NONE;
    }
    if (tree.hasError && COMMAND_BRACE.test(text)) {
      // `{rm,-rf,/}` in command position is a brace expansion to bash, but tree-sitter reads
      // `{` as a group. `""{rm,-rf,/}` means the same to bash and parses as a word.
      COMMAND_BRACE.lastIndex = 0;
      const rewritten = text.replace(COMMAND_BRACE, '$1$2""{');
      const retry = parseBash(rewritten, this.deadline, this.limits.maxAstDepth);
      if (!retry.timedOut && !retry.hasError) {
        tree = retry;
        text = rewritten;
        this.signals.add('brace_expansion');
      }
    }
    COMMAND_BRACE.lastIndex = 0;
    // Texts bash reads differently from tree-sitter: `((cmd)\n)` is two subshells to bash, a
    // failed arithmetic command to tree-sitter; a heredoc never closed ends at the end of the text.
    for (const reread of [splitSubshellParens, closeHeredocs, hereStringFirst, hereStringLoopGroup, hereStringRedirects]) {
      const rewritten = tree.hasError ? reread(text) : null;
      if (rewritten === null) continue;
      const retry = parseBash(rewritten, this.deadline, this.limits.maxAstDepth);
      if (!retry.timedOut && !retry.hasError) {
        tree = retry;
        text = rewritten;
      }
    }
    if (tree.hasError) {
      this.parseError = true;
      this.indeterminate.add('parse_error');
    }
    return this.compound(tree.root, { ...frame, source: text }, { stdin });
  }

  private outOfTime(): boolean {
    if (this.stopped) return true;
    if (performance.now() > this.deadline) {
      this.stopped = true;
      this.indeterminate.add('timeout');
    }
    return this.stopped;
  }

  /**
   * Paths resolve against the directory the command runs in: `cd` earlier in the same
   * shell moves it (kept in PWD, as bash does); unknown after `cd "$x"` or `cd -`.
   */
  private pathContext(frame: Frame): NormalizeContext {
    // A HOME the script set (`export HOME=…`, `HOME=… sh -c '…'`) is what `~` means from then on.
    const home = frame.vars.get('HOME');
    const ctx = typeof home === 'string' && home.startsWith('/') && home !== this.ctx.home ? { ...this.ctx, home } : this.ctx;
    if (!frame.vars.has('PWD')) return ctx;
    const cwd = frame.vars.get('PWD');
    if (cwd === ctx.cwd) return ctx;
    return { ...ctx, cwd: cwd ?? '' };
  }

  changeDirectory(entry: BashCommand, frame: Frame): void {
    const target = entry.operands[0];
    let next: string | null;
    if (target === undefined || target === '~') next = this.ctx.home;
    else if (target === '-' || entry.name === 'popd') next = null;
    else {
      const fact = resolvePath(target, this.pathContext(frame));
      next = fact.dynamic || fact.path === '' ? null : fact.path;
    }
    const current = frame.vars.has('PWD') ? frame.vars.get('PWD')! : this.ctx.cwd;
    frame.vars.set('OLDPWD', current);
    frame.vars.set('PWD', next);
  }

  private text(node: SyntaxNode, frame: Frame): string {
    return frame.source.slice(node.start, node.end);
  }

  /**
   * Words are resolved once, for the slot reserved for the whole simple command; the
   * commands peeled out of it (`sudo env X rm $T`) read the same variables.
   */
  private fillEnvVars(): void {
    for (const cmd of this.commands) {
      let root: BashCommand | undefined = cmd;
      let vars = this.unassignedVars.get(cmd.id);
      while (vars === undefined && root !== undefined && root.parent !== null && root.wrappers.length > 0) {
        root = this.commands[root.parent];
        vars = this.unassignedVars.get(root.id);
      }
      cmd.env_vars = vars === undefined ? [] : [...vars].sort();
    }
  }

  // ---------------------------------------------------------------- statements

  private statement(node: SyntaxNode, frame: Frame, io: IO): Outcome {
    if (this.outOfTime()) return NONE;
    if (node.truncated) this.indeterminate.add('depth_limit');
    if (node.type === 'ERROR' || node.missing) {
      this.parseError = true;
      this.indeterminate.add('parse_error');
    }
    switch (node.type) {
      case 'command':
        return this.command(node, frame, io);
      case 'pipeline':
        return this.pipeline(node, frame, io);
      case 'list':
        return this.list(node, frame, io);
      case 'subshell':
        // Assignments and `cd` inside ( … ) do not reach the parent shell.
        return this.compound(node, { ...frame, vars: new Map(frame.vars) }, io);
      case 'program':
      case 'compound_statement':
      case 'do_group':
        return this.compound(node, frame, io);
      case 'redirected_statement':
        return this.redirected(node, frame, io);
      case 'variable_assignment':
      case 'variable_assignments':
      case 'declaration_command':
      case 'unset_command':
        return this.declaration(node, frame, io);
      case 'function_definition':
        this.defineFunction(node, frame);
        return NONE;
      case 'for_statement':
        return this.forLoop(node, frame);
      case 'while_statement':
        // `while read x; do …; done <<< "…"`: the loop's input reaches the condition's read.
        for (const child of node.children) {
          if (!child.named || child.type === 'comment') continue;
          if (child.field === 'body' || child.type === 'do_group') this.statement(child, frame, {});
          else if (STATEMENTS.has(child.type)) this.statement(child, frame, { stdin: io.stdin });
          else this.generic(child, frame);
        }
        return NONE;
      case 'comment':
        return NONE;
      default:
        this.generic(node, frame);
        return NONE;
    }
  }

  /** Statements in order; `&` after one runs it in the background. */
  private compound(node: SyntaxNode, frame: Frame, io: IO): Outcome {
    const ids: number[] = [];
    let output: string | null = null;
    let listing: string[] | null = null;
    let count = 0;
    const children = node.children;
    const last = lastStatementIndex(children);
    for (let k = 0; k < children.length; k++) {
      const child = children[k];
      if (!child.named) continue;
      const isStatement = STATEMENTS.has(child.type) || child.type === 'ERROR';
      if (!isStatement) {
        if (child.type !== 'comment') this.generic(child, frame);
        continue;
      }
      const before = this.commands.length;
      const outcome = this.statement(child, frame, {
        stdin: count === 0 ? io.stdin : null,
        redirects: k === last ? io.redirects : undefined,
        redirectSource: io.redirectSource,
      });
      count++;
      if (children[k + 1]?.type === '&') {
        for (let id = before; id < this.commands.length; id++) this.commands[id].background = true;
      }
      ids.push(...outcome.ids);
      output = count === 1 ? outcome.output : null;
      listing = count === 1 ? (outcome.listing ?? null) : null;
    }
    return { ids, output, listing };
  }

  /** `a && b || c`: every part is walked; trailing redirections go to the last. */
  private list(node: SyntaxNode, frame: Frame, io: IO): Outcome {
    return this.compound(node, frame, io);
  }

  private pipeline(node: SyntaxNode, frame: Frame, io: IO): Outcome {
    const stages = node.children.filter((c) => c.named && c.type !== 'comment');
    const pipeline: Pipeline = { id: this.pipelines.length, commands: [] };
    this.pipelines.push(pipeline);
    let previous: Outcome | null = null;
    stages.forEach((stage, index) => {
      const stdin: Stdin | null = previous === null ? (io.stdin ?? null) : { text: previous.output, kind: 'pipe', listing: previous.listing ?? null };
      const outcome = this.statement(stage, frame, {
        stdin,
        redirects: index === stages.length - 1 ? io.redirects : undefined,
        redirectSource: io.redirectSource,
      });
      for (const id of outcome.ids) {
        const cmd = this.commands[id];
        cmd.pipeline = pipeline.id;
        cmd.pipe_index = index;
        pipeline.commands.push(id);
        if (previous !== null) for (const from of previous.ids) this.flows.push({ from, to: id, kind: 'pipe' });
      }
      previous = outcome;
    });
    const last = previous as Outcome | null;
    return { ids: pipeline.commands.filter((id) => this.commands[id].pipe_index === stages.length - 1), output: last?.output ?? null, listing: last?.listing ?? null };
  }

  private redirected(node: SyntaxNode, frame: Frame, io: IO): Outcome {
    const body = node.children.find((c) => c.field === 'body') ?? null;
    const redirectNodes = node.children.filter((c) => c.field === 'redirect' || /_redirect$/.test(c.type));
    const trailing = [...redirectNodes, ...(io.redirects ?? [])];
    if (body === null) {
      // `> file` alone: a redirection with no command (it truncates or creates the file).
      return this.command(null, frame, { ...io, redirects: trailing });
    }
    if (body.type === 'command' || body.type === 'list' || body.type === 'pipeline' || body.type === 'redirected_statement') {
      return this.statement(body, frame, { ...io, redirects: trailing });
    }
    // A compound statement: the redirections apply to every command inside, and its input
    // (a heredoc or here-string on `done <<< …`) is what the commands inside read.
    const before = this.commands.length;
    const { redirects, stdin } = this.redirects(trailing, frame, null);
    const outcome = this.statement(body, frame, { stdin: stdin ?? io.stdin });
    for (let id = before; id < this.commands.length; id++) {
      if (this.commands[id].depth === frame.depth) this.commands[id].redirects.push(...redirects);
    }
    return outcome;
  }

  /** Anything else (if/while/case/test/arithmetic): walk statements and substitutions inside. */
  private generic(node: SyntaxNode, frame: Frame): void {
    if (node.truncated) this.indeterminate.add('depth_limit');
    if (node.type === 'ERROR' || node.missing) {
      this.parseError = true;
      this.indeterminate.add('parse_error');
    }
    for (const child of node.children) {
      if (this.stopped) return;
      if (child.missing) {
        this.parseError = true;
        this.indeterminate.add('parse_error');
      }
      if (!child.named) continue;
      if (STATEMENTS.has(child.type)) this.statement(child, frame, {});
      else if (child.type === 'command_substitution' || child.type === 'process_substitution') this.substitution(child, frame, null, 'command_substitution');
      else if (child.type === 'expansion' || child.type === 'string' || child.type === 'concatenation') {
        // Words in tests and case patterns: resolving them walks the substitutions inside.
        resolveWord(child, this.host(frame, null, 'command_substitution', []));
      }
      else if (child.type === 'heredoc_body' || /_redirect$/.test(child.type)) this.redirects([child], frame, null);
      else this.generic(child, frame);
    }
  }

  /** Apply an assignment; returns the variable's name (null for odd forms). */
  private assign(node: SyntaxNode, frame: Frame): string | null {
    const nameNode = node.children.find((c) => c.field === 'name');
    const valueNode = node.children.find((c) => c.field === 'value');
    if (!nameNode) return null;
    const nameText = this.text(nameNode, frame);
    const append = node.children.some((c) => !c.named && c.start >= nameNode.end && this.text(c, frame) === '+=');
    if (nameNode.type === 'subscript') {
      this.assignElement(nameNode, valueNode, frame);
      return null;
    }
    const name = nameNode.type === 'variable_name' ? nameText : null;
    let value: VarValue = '';
    if (valueNode) {
      if (valueNode.type === 'array') {
        if (name !== null) this.assignArray(name, valueNode, frame, append);
        return name;
      } else {
        const made: number[] = [];
        const resolved = resolveScalar(valueNode, this.host(frame, null, 'command_substitution', made));
        if (name !== null) this.markAssigned(made, name);
        value = resolved.dynamic ? null : resolved.value;
        this.wordSignals(resolved.features);
        if (resolved.features.has('ansi_c')) this.signals.add('ansi_c_quoting');
      }
    }
    if (name === null) return null;
    if (name === 'IFS') this.signals.add('ifs_manipulation');
    // `R=x` after `declare -n R=N` assigns N; through a nameref to an unknown target, nothing known.
    const target = dereference(frame.vars, name);
    if (target === null) return name;
    if (target !== name) {
      this.assignThrough(target, value, append, frame);
      return name;
    }
    if (append) {
      const old = frame.vars.get(name);
      value = old === null || value === null ? null : (old ?? '') + value;
    }
    frame.vars.set(name, value);
    return name;
  }

  /**
   * `a=1`, `export A=1 B`, `declare -x A=1`, `local x`, `readonly y`, `unset HISTFILE`:
   * the variables change, and the statement is stated as a command (name `export`,
   * `unset`, …; `""` for plain assignments) whose `assignments` hold the new values.
   */
  private declaration(node: SyntaxNode, frame: Frame, io: IO): Outcome {
    const id = this.reserve();
    const entry = this.commands[id];
    const keywordNode = node.type === 'declaration_command' || node.type === 'unset_command' ? node.children.find((c) => !c.named) : undefined;
    let keyword = node.type === 'unset_command' ? 'unset' : node.type === 'declaration_command' ? (keywordNode?.type ?? '') : '';
    const argv: string[] = keyword === '' ? [] : [keyword];
    // Where the last word ended: a word that starts right there is glued to it, as bash reads it
    // (`export'' -p` is `export -p`; tree-sitter splits the keyword from the quotes).
    // (The keyword's node can be empty, with the keyword at the statement's start.)
    let end = keywordNode === undefined ? -1 : keywordNode.end > keywordNode.start ? keywordNode.end : node.start + keyword.length;
    const assignments: Record<string, string> = {};
    const host = this.host(frame, id, 'command_substitution', []);
    for (const child of node.type === 'variable_assignment' ? [node] : node.children) {
      if (child.type === 'variable_assignment') {
        // `declare -n R=N`: R becomes a nameref, not a variable holding "N" (namerefs.ts).
        const nameref = keyword !== 'export' && keyword !== 'readonly' && argv.slice(1).some(isNamerefOption);
        const declared = nameref ? child.children.find((c) => c.field === 'name') : undefined;
        if (declared?.type === 'variable_name') frame.vars.delete(NAMEREF + this.text(declared, frame));
        const name = this.assign(child, frame);
        if (name !== null && nameref) {
          const target = frame.vars.get(name);
          setNameref(frame.vars, name, target);
          assignments[name] = target ?? this.text(child, frame).slice(this.text(child, frame).indexOf('=') + 1);
          argv.push(`${name}=${assignments[name]}`);
        } else if (name !== null) {
          const value = frame.vars.get(name);
          assignments[name] = value ?? this.text(child, frame).slice(this.text(child, frame).indexOf('=') + 1);
          argv.push(`${name}=${assignments[name]}`);
        }
      } else if (child.named && child.type !== 'comment') {
        const words = resolveWord(child, host).words;
        const glued = child.start === end && argv.length > 0 && words.length === 1;
        end = child.end;
        if (glued) {
          argv[argv.length - 1] += words[0].value;
          if (argv.length === 1) keyword = argv[0];
          continue;
        }
        for (const w of words) {
          argv.push(w.value);
          if (keyword === 'unset' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value)) frame.vars.set(w.value, '');
          // `declare -n R` with no target yet: what R names is not known to the walk.
          else if (keyword !== 'unset' && keyword !== 'export' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value) && argv.slice(1).some(isNamerefOption)) {
            setNameref(frame.vars, w.value, null);
          }
        }
      }
    }
    entry.name = keyword;
    entry.argv = argv;
    entry.args = argv.slice(1);
    entry.assignments = assignments;
    entry.depth = frame.depth;
    entry.via = frame.via;
    entry.parent = frame.parent;
    if (keyword !== '') this.describeOperands(entry, keyword, frame);
    if (io.redirects && io.redirects.length > 0) entry.redirects = this.redirects(io.redirects, frame, id).redirects;
    for (const carried of carriedByAssignments(assignments)) this.nested(carried.script, frame, id, carried.via, null, false);
    return { ids: [id], output: null };
  }

  /** A scalar assigned through a nameref to `target`. */
  private assignThrough(target: string, value: VarValue, append: boolean, frame: Frame): void {
    if (append) {
      const old = frame.vars.get(target);
      value = old === null || value === null ? null : (old ?? '') + value;
    }
    frame.vars.set(target, value);
  }

  /** `a=(rm -rf /)`: elements kept NUL-separated under `a[@]`; `$a` is the first. */
  private assignArray(written: string, valueNode: SyntaxNode, frame: Frame, append: boolean): void {
    const name = dereference(frame.vars, written);
    if (name === null) return;
    const words: Word[] = [];
    for (const child of valueNode.children) {
      if (child.named) words.push(...resolveWord(child, this.host(frame, null, 'command_substitution', [])).words);
    }
    const key = `${name}[@]`;
    const old = append ? frame.vars.get(key) : '';
    if (words.some((w) => w.dynamic) || old === null) {
      frame.vars.set(key, null);
      frame.vars.set(name, null);
      return;
    }
    const elements = [...(old ? old.split('\0') : []), ...words.map((w) => w.value)];
    frame.vars.set(key, elements.join('\0'));
    frame.vars.set(name, elements[0] ?? '');
  }

  /** `a[1]=x`: one element of an array. */
  private assignElement(subscript: SyntaxNode, valueNode: SyntaxNode | undefined, frame: Frame): void {
    const nameNode = subscript.children.find((c) => c.field === 'name');
    const indexNode = subscript.children.find((c) => c.field === 'index');
    if (!nameNode) return;
    // `R[0]=x` after `declare -n R=A` sets A's element.
    const name = dereference(frame.vars, this.text(nameNode, frame));
    if (name === null) return;
    const key = `${name}[@]`;
    const index = indexNode ? Number(this.text(indexNode, frame)) : NaN;
    const value = valueNode ? resolveScalar(valueNode, this.host(frame, null, 'command_substitution', [])) : { value: '', dynamic: false };
    const old = frame.vars.has(key) ? frame.vars.get(key)! : frame.vars.has(name) ? frame.vars.get(name)! : '';
    if (!Number.isInteger(index) || index < 0 || index > 1000 || value.dynamic || old === null) {
      frame.vars.set(key, null);
      frame.vars.set(name, null);
      return;
    }
    const elements = old === '' ? [] : old.split('\0');
    while (elements.length < index) elements.push('');
    elements[index] = value.value;
    frame.vars.set(key, elements.join('\0'));
    frame.vars.set(name, elements[0] ?? '');
  }

  private defineFunction(node: SyntaxNode, frame: Frame): void {
    const nameNode = node.children.find((c) => c.field === 'name');
    const body = node.children.find((c) => c.field === 'body');
    this.signals.add('function_defined');
    if (!nameNode || !body) return;
    const name = this.text(nameNode, frame);
    this.functions.set(name, { body, frame });
    this.definitions.push({ name, body, frame });
  }

  /**
   * A function's body runs with the call's stdin and redirections (`f > build.gradle <<EOF`: the
   * `cat` inside writes the file): `call` carries them down to every command of the body.
   */
  private walkFunction(name: string, fn: { body: SyntaxNode; frame: Frame }, parent: number | null, args: string[] | null, caller: Frame, call: { stdin: Stdin | null; redirects: Redirect[] } = { stdin: null, redirects: [] }): Outcome {
    const frame: Frame = {
      ...fn.frame,
      inherited: [...(caller.inherited ?? []), ...call.redirects],
      depth: caller.depth + 1,
      via: 'function',
      parent,
      positional: args === null ? null : [name, ...args],
      // Functions share the caller's variables (one shell) and its call stack.
      vars: caller.vars,
      functionStack: [...caller.functionStack, fn.body],
    };
    if (frame.depth > this.limits.maxDepth) {
      this.indeterminate.add('depth_limit');
      return NONE;
    }
    return this.statement(fn.body, frame, { stdin: call.stdin });
  }

  private forLoop(node: SyntaxNode, frame: Frame): Outcome {
    const variable = node.children.find((c) => c.field === 'variable');
    const values = node.children.filter((c) => c.field === 'value');
    const body = node.children.find((c) => c.field === 'body');
    const words: Word[] = [];
    for (const v of values) words.push(...resolveWord(v, this.host(frame, null, 'command_substitution', [])).words);
    const name = variable ? this.text(variable, frame) : null;
    if (!body) return NONE;
    const known = values.length > 0 && words.length <= MAX_LOOP_VALUES && words.every((w) => !w.dynamic);
    if (name !== null && known) {
      for (const w of words) {
        frame.vars.set(name, w.value);
        this.statement(body, frame, {});
      }
      if (words.length === 0) this.statement(body, frame, {});
    } else {
      if (name !== null) frame.vars.set(name, null);
      this.statement(body, frame, {});
    }
    return NONE;
  }

  // ---------------------------------------------------------------- words

  /** The resolver's view of the walk, for words of command `consumer`. */
  private host(frame: Frame, consumer: number | null, flowKind: Flow['kind'], inner: number[]): WordHost {
    const envVars = consumer === null ? null : this.envVars(consumer);
    return {
      unassigned: (name) => envVars?.add(name),
      source: frame.source,
      home: this.pathContext(frame).home,
      lookup: (written) => {
        // `declare -n R=N`: R reads N (namerefs.ts); a nameref to an unknown target is unknown.
        const name = dereference(frame.vars, written);
        if (name === null) return null;
        if (frame.vars.has(name)) return frame.vars.get(name);
        if (name === 'PWD') return this.ctx.cwd;
        if (name === 'OLDPWD') return null;
        return undefined;
      },
      positional: () => frame.positional,
      commandSubstitution: (node) => {
        const outcome = this.substitution(node, frame, consumer, flowKind);
        inner.push(...outcome.all);
        // `rm -rf $(ls -d ~/*)`: names unknown, the folder listed is not.
        return outcome.output;
      },
      processSubstitution: (node) => {
        const outcome = this.substitution(node, frame, consumer, 'process_substitution');
        inner.push(...outcome.all);
      },
      textSubstitution: (script) => {
        const before = this.commands.length;
        const innerFrame: Frame = { ...frame, depth: frame.depth + 1, via: 'command_substitution', parent: consumer, vars: new Map(frame.vars) };
        const outcome = this.script(script, innerFrame, null);
        for (let id = before; id < this.commands.length; id++) inner.push(id);
        if (consumer !== null) for (const id of outcome.ids) this.flows.push({ from: id, to: consumer, kind: flowKind });
        return outcome.output;
      },
    };
  }

  /**
   * The commands a substitution in an assignment's value ran (`S=$(curl …)`): their output is
   * the variable's value, as the parse tree says (effects/commands.ts throughVariables reads it).
   */
  private markAssigned(ids: readonly number[], name: string): void {
    for (const id of ids) {
      const cmd = this.commands[id];
      if (cmd !== undefined && cmd.assigns === undefined) cmd.assigns = name;
    }
  }

  /** Walk `$(…)`, backticks, `<(…)`, `>(…)` as a nested script one level deeper. */
  private substitution(node: SyntaxNode, frame: Frame, consumer: number | null, kind: Flow['kind']): { all: number[]; output: string | null; listing: string[] | null } {
    const inner: Frame = {
      ...frame,
      depth: frame.depth + 1,
      via: kind === 'process_substitution' ? 'process_substitution' : 'command_substitution',
      parent: consumer,
      vars: new Map(frame.vars),
    };
    const before = this.commands.length;
    if (inner.depth > this.limits.maxDepth) {
      this.indeterminate.add('depth_limit');
      return { all: [], output: null, listing: null };
    }
    const text = this.text(node, frame);
    // Inside backticks bash first turns \` \\ \$ into ` \ $ and then parses the text, so
    // escaped backticks nest: tree-sitter keeps them as words, the text is parsed again.
    const outcome =
      text.startsWith('`') && /\\`/.test(text)
        ? this.script(text.slice(1, text.endsWith('`') ? -1 : undefined).replace(/\\([`$\\])/g, '$1'), { ...inner, source: frame.source }, null)
        : this.compound(node, inner, {});
    const all: number[] = [];
    for (let id = before; id < this.commands.length; id++) all.push(id);
    if (consumer !== null) {
      const writesToConsumer = !(kind === 'process_substitution' && this.text(node, frame).startsWith('>('));
      for (const id of outcome.ids) {
        this.flows.push(writesToConsumer ? { from: id, to: consumer, kind } : { from: consumer, to: id, kind });
      }
    }
    const listing = outcome.output === null ? (outcome.listing ?? null) : null;
    if (kind === 'process_substitution') {
      this.processListings.set(node.start, listing);
      this.processListingsByText.set(this.text(node, frame), listing);
    }
    return { all, output: kind === 'process_substitution' ? null : outcome.output, listing };
  }

  // ---------------------------------------------------------------- redirects

  private redirects(nodes: SyntaxNode[], frame: Frame, consumer: number | null): RedirectScan {
    const redirects: Redirect[] = [];
    let stdin: Stdin | null = null;
    const urls: string[] = [];
    const extraArgs: SyntaxNode[] = [];
    const continuations: SyntaxNode[] = [];
    // Several heredocs on one line take their bodies one after the other.
    let heredocFrom = 0;
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k];
      if (node.type === 'heredoc_redirect') {
        const start = node.children.find((c) => c.type === 'heredoc_start');
        const body = node.children.find((c) => c.type === 'heredoc_body');
        const op = node.children.find((c) => !c.named && c.type.startsWith('<<'))?.type ?? '<<';
        const delimiter = start ? this.text(start, frame) : '';
        const quoted = /['"\\]/.test(delimiter);
        let text = '';
        let dynamic = false;
        const end = node.children.find((c) => c.type === 'heredoc_end');
        const raw = start && end ? this.heredocSource(start, end, frame, heredocFrom) : null;
        if (end) heredocFrom = end.end;
        if (body && body.end > body.start) {
          const resolved = resolveHeredoc(body, this.host(frame, consumer, 'heredoc', []), !quoted);
          text = resolved.value;
          dynamic = resolved.dynamic;
        } else if (raw !== null && raw !== '') {
          // tree-sitter lost the body (a line starting with `\` after `<<'EOF'` comes out as
          // words): the text between the lines is the body.
          text = quoted ? raw : raw.replace(/\\([$`\\])/g, '$1').replace(/\\\n/g, '');
          if (!quoted && /[$`]/.test(raw)) {
            this.parseError = true;
            this.indeterminate.add('parse_error');
          }
        }
        if (op === '<<-') text = text.replace(/^\t+/gm, '');
        redirects.push({ op, fd: null, target: delimiter.replace(/['"\\]/g, ''), path: null, dynamic, write: false });
        stdin = { text: dynamic ? null : text, kind: 'heredoc' };
        // What follows the heredoc on its first line (`cat <<EOF | sh`, `<<EOF > out`, `<<EOF && next`).
        let broken = false;
        // The operator's own line: words tree-sitter took from the body when it lost it are not arguments.
        const newline = start ? frame.source.indexOf('\n', start.end) : -1;
        const firstLineEnd = newline === -1 ? Infinity : newline;
        for (const child of node.children) {
          if (child.named && STATEMENTS.has(child.type)) continuations.push(child);
          else if (child.named && HEREDOC_LINE_ARGUMENTS.has(child.type) && child.end <= firstLineEnd) {
            // `cat <<EOF run.sh`: words after the delimiter on its line are the command's arguments
            // (up to what tree-sitter could not read: words after an ERROR belong to another command).
            if (!broken) extraArgs.push(child);
          } else if (child.named && /_redirect$/.test(child.type)) {
            const more = this.redirects([child], frame, consumer);
            redirects.push(...more.redirects);
            urls.push(...more.urls);
            extraArgs.push(...more.extraArgs);
          } else if (child.type === 'ERROR') {
            broken = true;
            this.parseError = true;
            this.indeterminate.add('parse_error');
          }
        }
        continue;
      }
      if (node.type === 'herestring_redirect') {
        const word = node.children.find((c) => c.named);
        const resolved = word ? resolveScalar(word, this.host(frame, consumer, 'here_string', [])) : { value: '', dynamic: false };
        redirects.push({ op: '<<<', fd: null, target: resolved.value, path: null, dynamic: resolved.dynamic, write: false });
        stdin = { text: resolved.dynamic ? null : resolved.value + '\n', kind: 'here_string' };
        continue;
      }
      if (node.type !== 'file_redirect') continue;
      let fd: number | null = null;
      let op = '';
      let target = '';
      let dynamic = false;
      let hasTarget = false;
      let targetNode: SyntaxNode | null = null;
      for (const child of node.children) {
        if (child.type === 'file_descriptor') fd = Number(this.text(child, frame));
        else if (!child.named) op += child.type;
        else if (!hasTarget) {
          targetNode = child;
          const resolved = resolveScalar(child, this.host(frame, consumer, 'command_substitution', []));
          target = resolved.value;
          dynamic = resolved.dynamic;
          hasTarget = true;
        } else if (!(child.type === 'number' && nodes[k + 1]?.start === child.end)) {
          // tree-sitter takes words after a redirection target as more targets (`echo a > b c`):
          // bash passes them to the command. A number glued to the next redirection is its fd.
          extraArgs.push(child);
        }
      }
      const isDup = (op === '>&' || op === '<&' || op === '>&-' || op === '<&-') && /^(?:\d+|-)?$/.test(target);
      const write = op.includes('>');
      const path = isDup || target === '' ? null : resolvePath(target, this.pathContext(frame));
      redirects.push({ op, fd, target, path, dynamic, write: write && !isDup });
      const tcp = /^\/dev\/(tcp|udp)\/([^/]+)\/(\d+)$/.exec(target);
      if (tcp) urls.push(`${tcp[1]}://${tcp[2].includes(':') ? `[${tcp[2]}]` : tcp[2]}:${tcp[3]}`);
      // `sh < x.sh` after `cat > x.sh <<EOF`: what the command reads is what the script wrote.
      if (op.startsWith('<') && !op.includes('>') && (fd === null || fd === 0)) {
        // `done < <(ls ~)`: what the loop reads is what the substitution lists.
        const listed = targetNode !== null && targetNode.type === 'process_substitution' ? (this.processListings.get(targetNode.start) ?? null) : null;
        stdin = { text: dynamic ? null : this.writtenContent(path?.path), kind: 'file', listing: listed };
      }
    }
    return { redirects, stdin, urls, extraArgs, continuations };
  }

  /** The source lines between a heredoc's operator line (or the previous body) and its end marker. */
  private heredocSource(start: SyntaxNode, end: SyntaxNode, frame: Frame, after: number): string | null {
    const newline = frame.source.indexOf('\n', Math.max(start.end, after));
    if (newline === -1 || newline + 1 > end.start) return null;
    return frame.source.slice(newline + 1, end.start);
  }

  // ---------------------------------------------------------------- commands

  private command(node: SyntaxNode | null, frame: Frame, io: IO): Outcome {
    const id = this.reserve();
    const assignments: Record<string, string> = {};
    const words: Word[] = [];
    const nameFeatures = new Set<WordFeature>();
    const nameInner: number[] = [];
    const redirectNodes: SyntaxNode[] = [];
    const wordNodes: Array<{ node: SyntaxNode; isName: boolean }> = [];
    let sawName = false;
    if (node !== null) {
      for (const child of node.children) {
        if (child.type === 'variable_assignment' && !sawName) {
          const nameNode = child.children.find((c) => c.field === 'name');
          const valueNode = child.children.find((c) => c.field === 'value');
          if (!nameNode) continue;
          // `IFS= read -r line` is everyday: a prefix IFS only reaches the command's
          // environment, never the splitting of this command line, so it is no signal.
          const name = this.text(nameNode, frame);
          const made: number[] = [];
          const resolved = valueNode ? resolveScalar(valueNode, this.host(frame, id, 'command_substitution', made)) : { value: '', dynamic: false, features: new Set<WordFeature>() };
          this.markAssigned(made, name);
          assignments[name] = resolved.value;
        } else if (child.field === 'redirect' || /_redirect$/.test(child.type)) {
          redirectNodes.push(child);
        } else if (child.field === 'name') {
          sawName = true;
          wordNodes.push({ node: child.children.find((c) => c.named) ?? child, isName: true });
        } else if (child.field === 'argument' || (sawName && child.named && child.type !== 'comment' && child.type !== 'ERROR')) {
          wordNodes.push({ node: child, isName: false });
        } else if (child.type === 'ERROR') {
          this.parseError = true;
          this.indeterminate.add('parse_error');
          this.generic(child, frame);
        }
      }
    }
    const ioRedirects = io.redirects ?? [];
    this.descriptorRedirects(wordNodes, [...redirectNodes, ...ioRedirects], frame, id);
    // `nc host 4444 0</tmp/p | sh`: tree-sitter reads the descriptor glued to a redirection of the
    // enclosing statement as a last argument; bash reads it as the redirection's descriptor.
    const lastWord = wordNodes[wordNodes.length - 1];
    if (lastWord && !lastWord.isName && /^\d+$/.test(this.text(lastWord.node, frame)) && [...redirectNodes, ...ioRedirects].some((r) => r.start === lastWord.node.end)) wordNodes.pop();
    const argHost = this.host(frame, id, 'command_substitution', []);
    for (const group of glueAdjacent(wordNodes, frame.source)) {
      const resolved = resolveWord(group.node, group.isName ? this.host(frame, id, 'command_substitution', nameInner) : argHost);
      if (group.isName) resolved.features.forEach((f) => nameFeatures.add(f));
      this.wordSignals(resolved.features);
      words.push(...resolved.words);
    }
    // tree-sitter drops plain words between a command and its heredoc (`python3 - <<EOF` comes out
    // as `python3`); bash passes them: read from the source between the last word and the `<<`.
    const heredocNode = [...redirectNodes, ...ioRedirects].find((r) => r.type === 'heredoc_redirect');
    const lastWordEnd = wordNodes.length > 0 ? Math.max(...wordNodes.map((w) => w.node.end)) : null;
    if (heredocNode !== undefined && lastWordEnd !== null && heredocNode.start > lastWordEnd) {
      const gap = frame.source.slice(lastWordEnd, heredocNode.start);
      if (HEREDOC_GAP_WORDS.test(gap)) words.push(...gap.trim().split(/\s+/).map((value) => ({ value, dynamic: false })));
    }
    const resolved = this.redirects([...redirectNodes, ...ioRedirects], frame, id);
    for (const extra of resolved.extraArgs) {
      const more = resolveWord(extra, this.host(frame, id, 'command_substitution', []));
      this.wordSignals(more.features);
      words.push(...more.words);
    }
    const stdin = resolved.stdin ?? io.stdin ?? null;
    const outcome = this.execute(id, words, {
      frame,
      assignments,
      // A command in a function's body also has the call's redirections (its own come after, and win).
      redirects: frame.inherited && frame.inherited.length > 0 ? [...frame.inherited, ...resolved.redirects] : resolved.redirects,
      stdin,
      nameFeatures,
      nameInner,
      extraUrls: resolved.urls,
    });
    let result = outcome;
    for (const continuation of resolved.continuations) {
      if (continuation.type === 'pipeline') result = this.continuePipeline(result, continuation, frame);
      else result = this.statement(continuation, frame, {});
    }
    return continuation(outcome, result);
  }

  /**
   * Input opened on a descriptor of the shell's own: `exec {fd}<<< '…'` (bash picks a free
   * descriptor from 10 and puts its number in `fd`), `exec 3< x.sh`, `exec 3<<EOF`. What the
   * descriptor holds is what a later `source /dev/fd/$fd` or `bash /proc/self/fd/3` reads: kept as
   * the content of those paths (as for a file the script wrote). tree-sitter reads `{fd}` as an
   * argument, which bash does not pass: taken out of `wordNodes` here. The redirection stays
   * the command's (what it reads is still read).
   */
  private descriptorRedirects(wordNodes: Array<{ node: SyntaxNode; isName: boolean }>, redirectNodes: readonly SyntaxNode[], frame: Frame, id: number): void {
    for (const redirect of redirectNodes) {
      const w = wordNodes.findIndex((word) => !word.isName && word.node.end === redirect.start && /^\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(this.text(word.node, frame)));
      const numbered = redirect.children.find((c) => c.type === 'file_descriptor');
      const fd = w !== -1 ? this.nextDescriptor++ : numbered !== undefined ? Number(this.text(numbered, frame)) : NaN;
      if (!Number.isInteger(fd) || fd < 3) continue;
      const op = redirect.children.find((c) => !c.named)?.type ?? '';
      if (redirect.type !== 'herestring_redirect' && redirect.type !== 'heredoc_redirect' && !(redirect.type === 'file_redirect' && op === '<')) continue;
      if (w !== -1) {
        frame.vars.set(this.text(wordNodes[w]!.node, frame).slice(1, -1), String(fd));
        wordNodes.splice(w, 1);
      }
      const content = this.redirects([redirect], frame, id).stdin?.text ?? null;
      for (const path of [`/dev/fd/${fd}`, `/proc/self/fd/${fd}`]) {
        if (content === null) this.writtenFiles.delete(path);
        else this.writtenFiles.set(path, content);
      }
    }
  }

  /** `cat <<EOF | sh`: the stages after the heredoc line continue the pipeline of `prev`. */
  private continuePipeline(prev: Outcome, node: SyntaxNode, frame: Frame): Outcome {
    const first = prev.ids.length > 0 ? this.commands[prev.ids[0]] : null;
    let pipeline: Pipeline;
    let index: number;
    if (first !== null && first.pipeline !== null) {
      pipeline = this.pipelines[first.pipeline];
      index = first.pipe_index;
    } else {
      pipeline = { id: this.pipelines.length, commands: [...prev.ids] };
      this.pipelines.push(pipeline);
      for (const id of prev.ids) {
        this.commands[id].pipeline = pipeline.id;
        this.commands[id].pipe_index = 0;
      }
      index = 0;
    }
    let previous = prev;
    for (const stage of node.children) {
      if (!stage.named || stage.type === 'comment') continue;
      index++;
      const outcome = this.statement(stage, frame, { stdin: { text: previous.output, kind: 'pipe' } });
      for (const id of outcome.ids) {
        this.commands[id].pipeline = pipeline.id;
        this.commands[id].pipe_index = index;
        pipeline.commands.push(id);
        for (const from of previous.ids) this.flows.push({ from, to: id, kind: 'pipe' });
      }
      previous = outcome;
    }
    return previous;
  }

  private wordSignals(features: Set<WordFeature>): void {
    if (features.has('overflow')) this.indeterminate.add('too_long');
    if (features.has('ansi_c')) this.signals.add('ansi_c_quoting');
    if (features.has('ifs')) this.signals.add('ifs_manipulation');
    if (features.has('brace')) this.signals.add('brace_expansion');
  }

  /** Variables read from outside the script, per command id (moved into the facts at the end). */
  private readonly unassignedVars = new Map<number, Set<string>>();

  private envVars(id: number): Set<string> {
    let set = this.unassignedVars.get(id);
    if (set === undefined) {
      set = new Set();
      this.unassignedVars.set(id, set);
    }
    return set;
  }

  /** Reserve the next command id (filled by `entry`). */
  private reserve(): number {
    const id = this.commands.length;
    this.commands.push(emptyCommand(id));
    return id;
  }

  /**
   * Peel wrappers off `words` and state the command that runs. `slot` is the reserved id
   * for the first entry; wrappers get their own entries, the command inside gets a new one.
   */
  private execute(slot: number, words: Word[], pending: PendingCommand, wrappers: string[] = [], via?: string, parent?: number | null): Outcome {
    const frame = pending.frame;
    const entry = this.commands[slot];
    entry.depth = frame.depth;
    entry.via = via ?? frame.via;
    entry.parent = parent === undefined ? frame.parent : parent;
    entry.wrappers = [...wrappers];
    entry.assignments = pending.assignments;

    if (words.length === 0) {
      // Only assignments and/or redirections: the redirections still happen.
      entry.redirects = pending.redirects;
      this.addUrls(entry, pending.extraUrls.map((u) => ({ raw: u, text: u })));
      if (Object.keys(pending.assignments).length > 0 && pending.redirects.length === 0) {
        for (const [k, v] of Object.entries(pending.assignments)) frame.vars.set(k, v);
      }
      return { ids: [slot], output: null };
    }

    const argv = words.map((w) => w.value);
    const head = words[0];
    entry.argv = argv;
    entry.args = argv.slice(1);

    if (!head.dynamic && wrappers.length === 0 && parent === undefined && pending.nameFeatures.has('glob') && /[*?]|\[.+\]/.test(head.value)) {
      // `/[u]sr/[b]in/r[m]` names one path; `/???/r?` is whatever it matches on the machine,
      // judged as each known program it can match there (program-glob.ts), and indeterminate.
      this.signals.add('glob_command_name');
      this.signals.add('obfuscated_command_name');
      const matched = programGlob(head.value);
      const plain = { ...pending, nameFeatures: new Set<WordFeature>() };
      if (matched.kind === 'exact') return this.execute(slot, [{ value: matched.path, dynamic: false }, ...words.slice(1)], plain, wrappers, via, parent);
      if (matched.kind === 'candidates') {
        this.indeterminate.add('glob_program_path');
        const ids: number[] = [];
        // bash runs the first match with the other matches as its first arguments: where several
        // known programs match, the pattern stays in the argv as the word standing for the others
        // (with one known match, the disk may still hold others: that is the indeterminate part).
        const others: Word[] = matched.paths.length > 1 ? [{ value: head.value, dynamic: true }] : [];
        matched.paths.forEach((path, k) => {
          const id = k === 0 ? slot : this.reserve();
          ids.push(...this.execute(id, [{ value: path, dynamic: false }, ...others, ...words.slice(1)], plain, wrappers, via, parent).ids);
        });
        return { ids, output: null };
      }
      words[0] = { value: head.value, dynamic: true };
      return this.execute(slot, words, plain, wrappers, via, parent);
    }
    const fallback = words[0].dynamic ? PARAMETER_DEFAULT.exec(words[0].value) : null;
    if (fallback !== null) {
      // `${X:-rm}`: rm unless the environment sets X. Judged as rm (the line's own choice), and
      // still indeterminate: the environment may name another program.
      this.indeterminate.add('dynamic_command');
      this.signals.add('variable_command');
      this.signals.add('obfuscated_command_name');
      words[0] = { value: fallback[1], dynamic: false };
      return this.execute(slot, words, { ...pending, nameFeatures: new Set() }, wrappers, via, parent);
    }
    const installed = words[0].dynamic ? ENV_DIR_PROGRAM.exec(words[0].value) : null;
    if (installed !== null && !namedOutsideExpansions(this.callText, installed[1])) {
      // `$ANDROID_HOME/emulator/emulator`, `"$JAVA_HOME/bin/java"`: a program of a fixed name in a
      // folder the environment names (not this line: the variable is not set here). Which program
      // runs is certain by its name, as for `/opt/sdk/emulator/emulator`; only the folder is not.
      this.signals.add('program_in_env_folder');
      words[0] = { value: installed[2].slice(installed[2].lastIndexOf('/') + 1), dynamic: false };
      return this.execute(slot, words, { ...pending, nameFeatures: new Set() }, wrappers, via, parent);
    }
    if (words[0].dynamic) {
      entry.dynamic_name = true;
      entry.name = '';
      entry.redirects = pending.redirects;
      this.indeterminate.add('dynamic_command');
      if (pending.nameFeatures.has('variable')) this.signals.add('variable_command');
      this.describeOperands(entry, '', frame);
      this.addUrls(entry, pending.extraUrls.map((u) => ({ raw: u, text: u })));
      return { ids: [slot], output: null };
    }

    // An alias whose value is plain words (`alias g=curl`, `alias ll='ls -l'`), once aliases
    // expand (`shopt -s expand_aliases`; an interactive shell's default): bash puts those words in
    // place of the name before it reads the command, so the pipeline's stage is the alias's
    // program (`g -s URL | sh` is a download run by a shell). Without it, bash runs the name as
    // written; the alias's text is still walked beside it (below), as it may be expanded elsewhere.
    const plainAlias = wrappers.length === 0 && this.expandAliases ? this.aliases.get(head.value) : undefined;
    if (plainAlias !== undefined && PLAIN_ALIAS.test(plainAlias) && !frame.functionStack.includes(`alias:${head.value}`)) {
      const replaced = [...plainAlias.split(' ').map((value) => ({ value, dynamic: false })), ...words.slice(1)];
      const inAlias = { ...frame, functionStack: [...frame.functionStack, `alias:${head.value}`] };
      return this.execute(slot, replaced, { ...pending, frame: inAlias }, wrappers, via, parent);
    }

    // `hash -p /usr/bin/rm x; x`: a name without a slash that is no function runs the hashed path.
    const hashed = head.value.includes('/') || this.functions.has(head.value) ? undefined : frame.vars.get(HASHED + head.value);
    if (hashed !== undefined && !frame.functionStack.includes(`hash:${head.value}`)) {
      const inHash = { ...frame, functionStack: [...frame.functionStack, `hash:${head.value}`] };
      const path: Word = hashed === null ? { value: head.value, dynamic: true } : { value: hashed, dynamic: false };
      return this.execute(slot, [path, ...words.slice(1)], { ...pending, frame: inHash }, wrappers, via, parent);
    }

    const written = head.value;
    const name = commandName(written);
    entry.name = name;
    entry.path = written.includes('/') ? resolvePath(written, this.pathContext(frame)).path || written : null;
    if (wrappers.length === 0 && parent === undefined) this.nameSignals(pending, name);

    // `time { …; }` and `! { …; }`: tree-sitter reads the group as a command named `{`; bash
    // runs what is inside. (After `sudo` a `{` is an error in bash; stating the commands
    // inside errs on the side of seeing them.)
    if (name === '{' && words.length > 1) {
      entry.redirects = [];
      return this.execute(slot, words.slice(1), pending, wrappers, via, parent);
    }

    // Wrappers: state the wrapper, then continue with the command inside it.
    if (wrappers.length >= MAX_WRAPPERS || this.outOfTime()) {
      // `sudo sudo sudo …` thousands deep: no real command line looks like this.
      if (wrappers.length >= MAX_WRAPPERS) this.indeterminate.add('depth_limit');
      entry.redirects = pending.redirects;
      return { ids: [slot], output: null };
    }
    const peeled = name === 'xargs' || name === 'find' || name === 'parallel' ? null : peelWrapper(name, argv);
    if (peeled !== null && peeled.kind === 'wrap') {
      const innerArgv = peeled.argv ?? argv;
      entry.redirects = [];
      this.describeOperands(entry, name, frame, argv.slice(1, peeled.next));
      const innerWords: Word[] = peeled.argv
        ? innerArgv.slice(peeled.next).map((value) => ({ value, dynamic: false }))
        : words.slice(peeled.next);
      const innerId = this.reserve();
      const assignments = { ...pending.assignments, ...(peeled.assignments ?? {}) };
      return this.execute(innerId, innerWords, { ...pending, assignments }, [...wrappers, name], peeled.via ?? via, slot);
    }

    entry.redirects = pending.redirects;
    this.describeOperands(entry, name, frame);
    this.addUrls(entry, pending.extraUrls.map((u) => ({ raw: u, text: u })));
    if (isDecoder(name, entry.args)) this.decoders.add(slot);
    if (FETCHERS.has(name)) this.fetchers.add(slot);

    // git reads its numbered settings from the environment, set by several `export`s as well as by prefixes.
    const environment = name === 'git' ? { ...gitSettingsOf(frame.vars), ...pending.assignments } : pending.assignments;
    const readWritten = (raw: string): string | null => this.writtenContent(resolvePath(raw, this.pathContext(frame)).path);
    const carriedLines = [
      ...carriedByOptions(name, argv),
      ...carriedByKnowledge(name, argv, pending.stdin?.text ?? null),
      ...carriedByAssignments(environment),
      ...carriedByRuleset(name, argv, pending.stdin?.text ?? null, readWritten),
    ];
    for (const carried of carriedLines) {
      this.nested(carried.script, frame, slot, carried.via, null, false);
    }
    // Files the program's own script reads or writes (`sed 'r ~/.ssh/id_rsa'`, `awk '{print > "f"}'`).
    const named = scriptFiles(name, argv, pending.stdin?.text ?? null);
    if (named.length > 0) {
      entry.script_files = named.map((f) => ({ path: resolvePath(f.raw, this.pathContext(frame)), access: f.access }));
      for (const f of entry.script_files) if (!entry.paths.some((p) => p.raw === f.path.raw)) entry.paths.push(f.path);
    }
    // `./x.sh` after `cat > x.sh <<EOF`: the file's content runs.
    const ownScript = this.writtenContent(entry.path);
    if (ownScript !== null) this.runWrittenFile(ownScript, entry, frame, [written, ...entry.args]);

    if (peeled !== null && peeled.kind === 'script') {
      this.nested(peeled.script, frame, slot, peeled.via, null, false, pending.stdin);
      return { ids: [slot], output: null };
    }
    if (peeled !== null && peeled.kind === 'self' && SHELL_GIVERS.has(name) && pending.stdin?.text) {
      // `sudo -s <<< "…"`, `su - root <<EOF`: the shell they start reads its program from stdin.
      this.nested(pending.stdin.text, frame, slot, pending.stdin.kind === 'file' ? 'pipe' : pending.stdin.kind, null, false);
      return { ids: [slot], output: null };
    }

    // `… | make -f -`: the makefile is stdin, and its recipe lines are command lines (make is
    // then judged as the program it is, below).
    if (MAKES.has(name)) {
      const makefile = makefileFromStdin(entry.args) && pending.stdin?.text ? pending.stdin.text : null;
      const recipes = makefile === null ? '' : recipeLines(makefile);
      if (recipes !== '') this.nested(recipes, frame, slot, pending.stdin?.kind === 'pipe' ? 'pipe' : (pending.stdin?.kind ?? 'pipe'), null, false);
    }
    // Builtins and the commands that run other commands, by family (builtins/): a table, not a switch.
    const builtin = BUILTINS.get(name);
    if (builtin !== undefined) {
      builtin(this, { entry, words, argv, pending, wrappers, frame, slot });
      return { ids: [slot], output: null, listing: listingOf(name, entry.args) ?? (LINE_FILTERS.has(name) ? (pending.stdin?.listing ?? null) : null) };
    }

    if (SHELLS.has(name)) {
      this.shell(entry, words, pending);
      return { ids: [slot], output: null };
    }

    if (name === 'cmd') {
      this.cmdShell(entry, argv, frame);
      return { ids: [slot], output: null };
    }

    const interpreter = interpreterCall(name, argv);
    if (interpreter !== null) {
      let code = interpreter.code;
      if (code === null && interpreter.readsStdin && pending.stdin?.text) code = pending.stdin.text;
      // A compiled language's runner names its source among other words (`go run -race /tmp/m.go`).
      const source = interpreter.language === 'go' || interpreter.language === 'rust' ? entry.paths.find((p) => /\.(?:go|rs)$/.test(p.path)) : entry.paths[0];
      if (code === null && !interpreter.readsStdin) code = this.writtenContent(source?.path);
      if (code !== null) entry.inline_code = this.inlineCode(interpreter.language, code, interpreter.cliImports, frame, slot);
      else if (interpreter.cliImports.length > 0) entry.inline_code = this.inlineCode(interpreter.language, '', interpreter.cliImports, frame, slot);
      // awk and sed programs that pick fields of a listing's lines print paths of that listing.
      return { ids: [slot], output: null, listing: LINE_FILTERS.has(name) ? (pending.stdin?.listing ?? null) : null };
    }

    // A function defined earlier in the script: its body runs with these arguments.
    const fn = written.includes('/') ? undefined : this.functions.get(written);
    if (fn !== undefined) {
      const key = entry.args.join('\0');
      const calls = this.walkedCalls.get(fn.body) ?? new Set<string>();
      this.walkedCalls.set(fn.body, calls);
      if (frame.functionStack.includes(fn.body)) this.signals.add('recursive_function');
      else if (!calls.has(key)) {
        // The same call twice runs the same commands: walked once.
        calls.add(key);
        this.walkedBodies.add(fn.body);
        const before = this.commands.length;
        const body = this.walkFunction(written, fn, slot, entry.args, frame, { stdin: pending.stdin, redirects: pending.redirects });
        // What flows into the call's arguments (`f $(cat /etc/hostname).x.example`) reaches the
        // commands of the body that take them; what the body prints is the call's output (`f | sh`).
        const inner = Array.from({ length: this.commands.length - before }, (_, k) => before + k);
        for (const flow of this.flows.filter((f) => f.to === slot)) {
          for (const id of inner) this.flows.push({ ...flow, to: id });
        }
        // So do the environment variables read in them (`f -H "Authorization: Bearer $GITHUB_TOKEN" …`).
        for (const name of this.unassignedVars.get(slot) ?? []) for (const id of inner) this.envVars(id).add(name);
        return { ids: [slot, ...body.ids], output: body.output, listing: body.listing ?? null };
      }
    }
    const alias = wrappers.length === 0 ? this.aliases.get(written) : undefined;
    if (alias !== undefined && !frame.functionStack.includes(`alias:${written}`)) {
      const text = [alias, ...entry.args.map(shellQuote)].join(' ');
      this.nested(text, { ...frame, functionStack: [...frame.functionStack, `alias:${written}`] }, slot, 'alias', null, false);
    }

    if (name === 'printf' && entry.args[0] === '-v' && entry.args.length >= 3) {
      // `printf -v var fmt args`: the output goes into a variable.
      const formatted = staticOutput('printf', entry.args.slice(2), null);
      if (formatted?.decoded) this.signals.add('printf_escape');
      frame.vars.set(entry.args[1], words.slice(3).some((w) => w.dynamic) ? null : (formatted?.text ?? null));
      return { ids: [slot], output: null };
    }
    const cwd = frame.vars.has('PWD') ? frame.vars.get('PWD')! : this.ctx.cwd;
    this.rememberCopies(entry);
    // `cat > Makefile <<EOF … EOF; make`: a build runner runs the recipes this script wrote.
    for (const file of buildFilesOf(name, entry.argv, cwd)) {
      const content = this.writtenContent(file);
      if (content !== null) this.nested(asRunScript(file, content), frame, slot, 'build_file', null, false);
    }
    const out = staticOutput(name, entry.args, pending.stdin?.text ?? null, cwd);
    if (out?.decoded && name === 'printf') this.signals.add('printf_escape');
    if (out !== null) this.rememberWrites(entry, out.text);
    return { ids: [slot], output: out?.text ?? null, listing: out === null ? (listingOf(name, entry.args) ?? (LINE_FILTERS.has(name) ? (pending.stdin?.listing ?? null) : null)) : null };
  }

  /**
   * Files this script writes with known content (`echo … > f`, `cat > f <<EOF`, `tee f`):
   * kept so that running them later (`bash f`, `./f`, `source f`, `python3 f`) shows what runs.
   */
  private rememberWrites(entry: BashCommand, text: string): void {
    for (const r of entry.redirects) {
      if (!r.write || r.path === null || r.path.dynamic || r.path.path === '' || (r.fd !== null && r.fd !== 1)) continue;
      if (r.op === '>' || r.op === '>|' || r.op === '&>') this.writtenFiles.set(r.path.path, text);
      else if (r.op === '>>' || r.op === '&>>') this.writtenFiles.set(r.path.path, (this.writtenFiles.get(r.path.path) ?? '') + text);
    }
    if (entry.name === 'tee') {
      const append = entry.flags.includes('a') || entry.flags.includes('--append');
      for (const p of entry.paths) {
        if (p.dynamic || p.path === '') continue;
        this.writtenFiles.set(p.path, (append ? (this.writtenFiles.get(p.path) ?? '') : '') + text);
      }
    }
  }

  /** `cp a.sh b.sh`, `mv`, `install`: the copy holds what this script wrote to the source. */
  private rememberCopies(entry: BashCommand): void {
    if (!COPIERS.has(entry.name) || entry.operands.length !== 2) return;
    const [from, to] = entry.operands.map((raw) => entry.paths.find((p) => p.raw === raw));
    const content = from && !from.dynamic ? this.writtenContent(from.path) : null;
    if (content !== null && to && !to.dynamic && to.path !== '') this.writtenFiles.set(to.path, content);
  }

  /** The content this script wrote to `path` earlier, if known. */
  writtenContent(path: string | null | undefined): string | null {
    if (!path) return null;
    return this.writtenFiles.get(path) ?? null;
  }

  /** `read [-r] [-a arr] a b <<< "…"`: variables from static input (unknown otherwise). */
  read(entry: BashCommand, frame: Frame, stdin: Stdin | null): void {
    const scan = scanOptions(entry.argv, 1, { short: 'adinNptu' });
    const arrayName = scan.options.find((o) => o.flag === 'a')?.value ?? null;
    const names = entry.argv.slice(scan.next);
    // A listing read line by line (`ls ~ | while read f`): the variable is the listed glob, as the
    // lister prints it (`ls DIR` prints names relative to DIR, which the loop may join to DIR again).
    const line = stdin?.text == null ? (stdin?.listing ? (printedItems(stdin.listing)[0] ?? null) : null) : stdin.text.split('\n')[0];
    // Fields split as bash's read splits them: on `IFS=,` given to read (or set before), else blanks.
    const ifs = entry.assignments.IFS ?? frame.vars.get('IFS') ?? ' \t\n';
    const fields = line === null ? null : readFields(line, ifs);
    if (arrayName !== null) {
      frame.vars.set(`${arrayName}[@]`, fields === null ? null : fields.map((f) => f.text).join('\0'));
      frame.vars.set(arrayName, fields === null ? null : (fields[0]?.text ?? ''));
    }
    const targets = names.length > 0 ? names : arrayName === null ? ['REPLY'] : [];
    targets.forEach((name, i) => {
      if (fields === null || line === null) frame.vars.set(name, null);
      // The last name gets the rest of the line, its separators kept (trailing IFS blanks dropped).
      else if (i === targets.length - 1) frame.vars.set(name, fields[i] === undefined ? '' : line.slice(fields[i]!.start).replace(blankRun(ifs, '$'), ''));
      else frame.vars.set(name, fields[i]?.text ?? '');
    });
  }

  private nameSignals(pending: PendingCommand, name: string): void {
    const f = pending.nameFeatures;
    if (f.has('variable')) this.signals.add('variable_command');
    if (f.has('substitution')) this.signals.add('substituted_command');
    if (f.has('concatenation') || f.has('brace')) this.signals.add('string_concatenation');
    if (f.has('ansi_c') || f.has('quoted') || f.has('escaped') || f.has('concatenation') || f.has('variable') || f.has('substitution') || f.has('brace') || f.has('ifs')) {
      // `\rm` only bypasses aliases; anything else that spells the name indirectly is obfuscation.
      if (!(f.size === 1 && f.has('escaped')) && name !== '') this.signals.add('obfuscated_command_name');
    }
    if (f.has('substitution') && pending.nameInner.some((id) => this.decoders.has(id))) this.signals.add('decode_to_shell');
  }

  /** flags, operands, paths, urls of a command (or of a wrapper's own arguments). */
  private describeOperands(entry: BashCommand, name: string, frame: Frame, ownArgs?: string[]): void {
    const args = ownArgs ?? entry.args;
    const split = splitArgs(name, args);
    entry.flags = split.flags;
    entry.operands = split.operands;
    const urls = urlCandidates(name, split);
    this.addUrls(entry, urls);
    const urlTexts = new Set(urls.map((u) => u.raw));
    for (const candidate of pathCandidates(name, split, isPathLike)) {
      if (urlTexts.has(candidate)) continue;
      entry.paths.push(resolvePath(candidate, this.pathContext(frame)));
    }
  }

  private addUrls(entry: BashCommand, urls: Array<{ raw: string; text: string }>): void {
    for (const u of urls) {
      const fact = parseUrl(u.text);
      if (fact !== null) entry.urls.push({ ...fact, raw: u.raw });
    }
  }

  // ---------------------------------------------------------------- nested code

  /** Parse `text` as a script run by command `parent`. */
  nested(text: string, frame: Frame, parent: number, via: string, positional: string[] | null, shareVars: boolean, stdin: Stdin | null = null): Outcome {
    const inner: Frame = {
      source: text,
      depth: frame.depth + 1,
      via,
      parent,
      positional,
      vars: shareVars ? frame.vars : new Map(frame.vars),
      functionStack: frame.functionStack,
    };
    if (this.scripts.size < MAX_SCRIPTS && text.length <= MAX_SCRIPT_TEXT) this.scripts.add(text);
    return this.script(text, inner, stdin);
  }

  private shell(entry: BashCommand, words: Word[], pending: PendingCommand): void {
    const argv = entry.argv;
    const scan = scanOptions(argv, 1, { short: 'oO', long: ['rcfile', 'init-file'] });
    const hasC = scan.options.some((o) => o.flag === 'c' || o.flag === '--command');
    // `D=/x bash -c 'rm $D/y'`, `env HOME=/x sh -c 'rm ~/y'`: the child shell's environment holds the prefix.
    const prefix = Object.entries(entry.assignments ?? {});
    const frame = prefix.length === 0 ? pending.frame : { ...pending.frame, vars: new Map([...pending.frame.vars, ...prefix]) };
    // Words after the script are the script's positional parameters, not the shell's flags.
    entry.flags = scan.options.map((o) => o.flag);
    entry.operands = argv.slice(scan.next);
    if (hasC) {
      const scriptIndex = scan.next;
      if (scriptIndex >= argv.length) return;
      if (words[scriptIndex]?.dynamic) this.indeterminate.add('unresolved_eval');
      const rest = argv.slice(scriptIndex + 1);
      const positional = rest.length > 0 ? rest : [entry.name];
      this.nested(otherShellToBash(entry.name, argv[scriptIndex]) ?? argv[scriptIndex], frame, entry.id, 'bash -c', positional, false);
      return;
    }
    const readsStdin = scan.next >= argv.length || scan.options.some((o) => o.flag === 's') || STDIN_FILES.has(argv[scan.next]);
    if (readsStdin && pending.stdin?.text) {
      const kind = pending.stdin.kind === 'file' ? 'pipe' : pending.stdin.kind;
      this.nested(otherShellToBash(entry.name, pending.stdin.text) ?? pending.stdin.text, frame, entry.id, kind, [entry.name, ...argv.slice(scan.next)], false);
    } else if (!readsStdin) {
      const script = resolvePath(argv[scan.next], this.pathContext(frame));
      const content = script.dynamic ? null : this.writtenContent(script.path);
      if (content !== null) this.runWrittenFile(content, entry, frame, argv.slice(scan.next));
    }
  }

  /**
   * Windows' cmd given a line (`cmd.exe /c rd /s /q C:\\Users\\dev`, `/k`, `/s /c "…"`): the line,
   * rewritten to bash where cmd's reading is certain (cmd-shell.ts), runs nested; a line that
   * cannot be read so is indeterminate.
   */
  private cmdShell(entry: BashCommand, argv: string[], frame: Frame): void {
    const at = argv.findIndex((w, i) => i > 0 && /^\/[ck]$/i.test(w));
    if (at === -1) return;
    entry.flags = argv.slice(1, at + 1).map((w) => w.slice(1).toLowerCase());
    entry.operands = argv.slice(at + 1);
    const line = argv.slice(at + 1).join(' ');
    const text = cmdToBash(line);
    if (text === null) {
      this.indeterminate.add('unresolved_eval');
      return;
    }
    this.nested(text, frame, entry.id, 'bash -c', null, false);
  }

  /** Run a file this script wrote: a shell script, or with a `#!` line naming an interpreter. */
  private runWrittenFile(content: string, entry: BashCommand, frame: Frame, positional: string[]): void {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
    const program = shebang ? commandName(shebang[1] === '/usr/bin/env' || shebang[1] === '/bin/env' ? (shebang[2] ?? '') : shebang[1]) : 'sh';
    const interpreter = SHELLS.has(program) ? null : interpreterCall(program, [program, '-']);
    if (interpreter !== null && SHELLS.has(entry.name) === false && entry.inline_code === null) {
      entry.inline_code = this.inlineCode(interpreter.language, content, [], frame, entry.id);
      return;
    }
    this.nested(content, frame, entry.id, 'script_file', positional, false);
  }

  private inlineCode(language: string, code: string, cliImports: string[], frame: Frame, parent: number): InlineCode {
    const scan = scanCode(code, language);
    for (const command of scan.shellCommands) this.nested(command, frame, parent, 'inline_code', null, false);
    // The language's own producer reads what the text scan cannot (`%x(…)`, lua's long strings,
    // `spawnSync('sh', ['-c', …])`, `q{…}`, folded strings): each process it starts is walked as
    // the command line it is, so every command rule judges it; the scan's lines are not walked twice.
    if (!READ_BY_THE_WALK.has(language)) {
      const seen = new Set(scan.shellCommands.map(squash));
      for (const e of codeEffects(language, code, this.ctx)) {
        if (e.type !== 'exec' || e.language !== 'bash' || e.code === null || seen.has(squash(e.code))) continue;
        seen.add(squash(e.code));
        this.nested(e.code, frame, parent, 'inline_code', null, false);
      }
    }
    return {
      language,
      code,
      imports: [...new Set([...cliImports, ...scan.imports])],
      calls: scan.calls,
      urls: scan.urls.map((u) => parseUrl(u)).filter((u) => u !== null),
      paths: scan.paths.map((p) => resolvePath(p, this.pathContext(frame))),
    };
  }

  xargs(entry: BashCommand, words: Word[], pending: PendingCommand, wrappers: string[]): void {
    const argv = entry.argv;
    const scan = scanOptions(argv, 1, XARGS_OPTIONS);
    entry.flags = scan.options.map((o) => o.flag);
    entry.operands = argv.slice(scan.next);
    const replace = scan.options.find((o) => o.flag === 'I' || o.flag === '--replace' || o.flag === 'i');
    const replaceWith = replace ? (replace.value ?? '{}') : null;
    const nullSep = scan.options.some((o) => o.flag === '0' || o.flag === '--null');
    const inner = scan.next < argv.length ? words.slice(scan.next) : [{ value: 'echo', dynamic: false }];
    const input = pending.stdin?.text ?? null;
    // Unknown input that is a listing (`ls -d ~/* | xargs rm -rf`, `xargs -a <(ls ~) …`): its globs stand for the items.
    const argFile = scan.options.find((o) => o.flag === 'a' || o.flag === '--arg-file')?.value ?? null;
    const listing = argFile !== null && argFile.startsWith('<(') ? (this.processListingsByText.get(argFile) ?? null) : (pending.stdin?.listing ?? null);
    // NUL-separated items may be empty (`printf '%s\0' -r '' dir | xargs -0 grep`: the empty pattern); only the
    // terminator's trailing empty is no item. Blank- and line-separated input has no empty items.
    const items = input === null ? [] : nullSep ? input.replace(/\0$/, '').split('\0').filter((s, i, all) => s !== '' || all.length > 1) : input.split(replaceWith ? '\n' : /\s+/).filter((s) => s !== '');
    const inherited = { ...pending, stdin: null, redirects: [], extraUrls: [] };
    if (replaceWith !== null && items.length === 0 && input === null && listing !== null) {
      // `ls ~ | xargs -I{} rm -rf ~/{}`: each listed glob in place of the placeholder, stated beside the argv.
      const before = this.commands.length;
      this.execute(this.reserve(), inner, inherited, [...wrappers, 'xargs'], 'xargs', entry.id);
      const placed = printedItems(listing).flatMap((item) => inner.filter((w) => w.value.includes(replaceWith)).map((w) => w.value.split(replaceWith).join(item.replace(/^\.\//, ''))));
      for (let id = before; id < this.commands.length; id++) if (this.commands[id].wrappers.includes('xargs')) this.commands[id].listed = placed;
      return;
    }
    if (replaceWith !== null && items.length > 0) {
      for (const item of items.slice(0, MAX_FANOUT)) {
        const replaced = inner.map((w) => ({ value: w.value.split(replaceWith).join(item), dynamic: w.dynamic }));
        this.execute(this.reserve(), replaced, inherited, [...wrappers, 'xargs'], 'xargs', entry.id);
      }
      return;
    }
    const appended = [...inner, ...items.map((value) => ({ value, dynamic: false }))];
    const before = this.commands.length;
    this.execute(this.reserve(), appended, inherited, [...wrappers, 'xargs'], 'xargs', entry.id);
    // What a listing printed reaches the command xargs builds (and the command inside its wrappers).
    if (input === null && listing !== null && replaceWith === null) for (let id = before; id < this.commands.length; id++) if (this.commands[id].wrappers.includes('xargs')) this.commands[id].listed = listing;
  }

  findExec(entry: BashCommand, pending: PendingCommand, wrappers: string[]): void {
    // `{}` is each file found under the starting points, which is what `root/*` says
    // (`find / -exec rm {} ;` removes what is under `/`, not the directory `.` itself).
    const roots = (entry.operands.length > 0 ? entry.operands : ['.']).map((root) => `${root.replace(/\/+$/, '')}/*`);
    for (const exec of findExecs(entry.args)) {
      const argv: Word[] = [];
      for (const w of exec.argv) {
        if (w === '{}') argv.push(...roots.map((value) => ({ value, dynamic: false })));
        else argv.push({ value: w.split('{}').join(roots[0]), dynamic: false });
      }
      const inherited = { ...pending, stdin: null, redirects: [], extraUrls: [] };
      this.execute(this.reserve(), argv, inherited, [...wrappers, 'find'], `find -${exec.primary}`, entry.id);
    }
  }

  parallel(entry: BashCommand, pending: PendingCommand): void {
    const argv = entry.argv;
    const scan = scanOptions(argv, 1, PARALLEL_OPTIONS);
    const rest = argv.slice(scan.next);
    const sep = rest.findIndex((a) => a === ':::' || a === '::::' || a === ':::+' || a === '::::+');
    const commandWords = sep === -1 ? rest : rest.slice(0, sep);
    // Unknown input that is a listing (`ls -d ~/* | parallel rm -rf`): its globs stand for the items, unquoted.
    const listed = sep === -1 && pending.stdin?.text == null ? (pending.stdin?.listing ?? null) : null;
    const inputs = listed !== null ? listed : sep === -1 ? (pending.stdin?.text ?? '').split('\n').filter((s) => s !== '') : rest.slice(sep + 1).filter((a) => !a.startsWith(':::'));
    const quoteItem = (input: string): string => (listed !== null && /^[\w@%+=:,./*-]+$/.test(input) ? input : shellQuote(input));
    if (commandWords.length === 0) {
      // `parallel ::: "cmd1" "cmd2"`: each input is a command line.
      for (const input of inputs.slice(0, MAX_FANOUT)) this.nested(input, pending.frame, entry.id, 'parallel', null, false);
      return;
    }
    const template = commandWords.join(' ');
    // `{}` put where the template joins it (`ls ~ | parallel rm -rf ~/{}`) is what the lister prints.
    const printed = listed !== null ? printedItems(listed) : inputs;
    const lines = inputs.length === 0 ? [template] : inputs.slice(0, MAX_FANOUT).map((input, i) => (template.includes('{}') ? template.split('{}').join(printed.length === inputs.length ? printed[i]! : input) : `${template} ${quoteItem(input)}`));
    for (const line of lines) this.nested(line, pending.frame, entry.id, 'parallel', null, false);
  }

  defineAliases(entry: BashCommand, frame: Frame, slot: number): void {
    for (const operand of entry.args) {
      const eq = operand.indexOf('=');
      if (eq <= 0) continue;
      const name = operand.slice(0, eq);
      const value = operand.slice(eq + 1);
      this.aliases.set(name, value);
      this.signals.add('alias_defined');
      this.nested(value, frame, slot, 'alias', null, false);
    }
  }
}

/**
 * Words with no space between them are one word to bash; tree-sitter sometimes splits
 * them (`rm$IFS-rf$IFS/` ends a node at `$`). Glue such neighbours into one concatenation.
 */
function glueAdjacent(nodes: Array<{ node: SyntaxNode; isName: boolean }>, source: string): Array<{ node: SyntaxNode; isName: boolean }> {
  const out: Array<{ node: SyntaxNode; isName: boolean }> = [];
  const starts = new Set(nodes.map((n) => n.node.start));
  for (const original of nodes) {
    let item = original;
    // tree-sitter drops escaped blanks at the start of a word (`\ x` is the word " x").
    let from = item.node.start;
    const prevEnd = out.length > 0 ? out[out.length - 1].node.end : 0;
    while (from - 2 >= prevEnd && (source[from - 1] === ' ' || source[from - 1] === '\t') && source[from - 2] === '\\' && source[from - 3] !== '\\') from -= 2;
    // … and after an expansion at the end of a word (`$b\ ` is "x y ").
    let to = item.node.end;
    while (!starts.has(to) && (source[to + 1] === ' ' || source[to + 1] === '\t') && source[to] === '\\' && source[to - 1] !== '\\') to += 2;
    if (from < item.node.start || to > item.node.end) {
      const piece = (start: number, end: number): SyntaxNode => ({ type: 'word', named: true, field: null, start, end, missing: false, children: [], truncated: false });
      const parts = item.node.type === 'concatenation' ? item.node.children : [item.node];
      const children = [...(from < item.node.start ? [piece(from, item.node.start)] : []), ...parts, ...(to > item.node.end ? [piece(item.node.end, to)] : [])];
      item = { ...item, node: { ...item.node, type: 'concatenation', start: from, end: to, children } };
    }
    const prev = out[out.length - 1];
    // … and a word made only of escaped blanks between two others (`publish \  --access`: bash
    // passes " "; the execution oracle's fuzz found it dropped).
    if (prev) {
      const gap = source.slice(prev.node.end, from);
      for (const m of gap.matchAll(/(?<=[ \t])((?:\\[ \t])+)(?=[ \t])/g)) {
        const start = prev.node.end + m.index!;
        out.push({ isName: false, node: { type: 'word', named: true, field: null, start, end: start + m[1]!.length, missing: false, children: [], truncated: false } });
      }
    }
    // A backslash-newline inside a word is a line continuation: `r\<newline>m` is `rm`.
    if (prev && (prev.node.end === item.node.start || /^(?:\\\r?\n)+$/.test(source.slice(prev.node.end, item.node.start)))) {
      const parts = (n: SyntaxNode): SyntaxNode[] => (n.type === 'concatenation' ? n.children : [n]);
      prev.node = {
        type: 'concatenation',
        named: true,
        field: prev.node.field,
        start: prev.node.start,
        end: item.node.end,
        missing: false,
        children: [...parts(prev.node), ...parts(item.node)],
        truncated: false,
      };
      continue;
    }
    out.push({ ...item });
  }
  return out;
}

/** A command followed by a heredoc-line continuation: the pipeline's end is what flows on. */
function continuation(command: Outcome, last: Outcome): Outcome {
  return last === command ? command : { ids: last.ids, output: last.output };
}

function lastStatementIndex(children: SyntaxNode[]): number {
  for (let k = children.length - 1; k >= 0; k--) {
    const c = children[k];
    if (c.named && (STATEMENTS.has(c.type) || c.type === 'ERROR')) return k;
  }
  return -1;
}

/** The basename of a command word: "rm" for `/usr/bin/rm` and `./rm`. */
/** The `coproc` keyword and its optional name in command position, before a `{` or `(` group. */
const COPROC_GROUP = /((?:^|[;&|\n({)]|&&|\|\||\b(?:then|do|else|elif|time|!))\s*)coproc\s+(?:[A-Za-z_]\w*\s+)?(?=[{(])/g;

function commandName(word: string): string {
  const trimmed = word.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const base = slash === -1 ? trimmed : trimmed.slice(slash + 1);
  // A Windows program reached from WSL or Git Bash (`netsh.exe`, `REG.EXE`, `cmd.exe`) is the
  // program its tables know by the plain name; Windows names ignore letter case.
  // Names whose Windows program means something else than the Unix one keep their `.exe` (WINDOWS_NAME_COLLISIONS).
  if (!/^[\w.-]+\.exe$/i.test(base)) return base;
  const plain = base.slice(0, -4).toLowerCase();
  return WINDOWS_NAME_COLLISIONS.has(plain) ? base : plain;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function emptyCommand(id: number): BashCommand {
  return {
    id,
    name: '',
    path: null,
    argv: [],
    args: [],
    flags: [],
    operands: [],
    dynamic_name: false,
    wrappers: [],
    assignments: {},
    depth: 0,
    via: 'script',
    parent: null,
    redirects: [],
    pipeline: null,
    pipe_index: 0,
    background: false,
    paths: [],
    urls: [],
    inline_code: null,
    env_vars: [],
  };
}

export { splitCommandLine };

/** The make programs whose makefile can come from stdin. */
const MAKES = new Set(['make', 'gmake', 'bmake']);

/** make reads its makefile from stdin (`-f -`, `--file=-`, `-f /dev/stdin`). */
function makefileFromStdin(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if ((a === '-f' || a === '--file' || a === '--makefile') && STDIN_FILES.has(args[i + 1] ?? '')) return true;
    const m = /^(?:-f|--file=|--makefile=)(.+)$/.exec(a);
    if (m && STDIN_FILES.has(m[1])) return true;
  }
  return false;
}

/**
 * The command lines of a makefile's recipes: lines that start with a tab, and the text after
 * `;` on a rule line (`all: ; ls`). Make's own prefixes (`@`, `-`, `+`) are dropped.
 */
function recipeLines(makefile: string): string {
  const out: string[] = [];
  for (const line of makefile.split('\n')) {
    if (line.startsWith('\t')) out.push(line.slice(1).replace(/^[@+-]+/, ''));
    else {
      const rule = /^[^\t#=:][^=:]*::?\s*[^=;]*;(.*)$/.exec(line);
      if (rule && rule[1].trim() !== '') out.push(rule[1].trim().replace(/^[@+-]+/, ''));
    }
  }
  return out.join('\n');
}

/** IFS's blanks (space, tab, newline in it) as a regular-expression class, anchored as asked; never matching when none. */
function blankRun(ifs: string, anchor: '^' | '$'): RegExp {
  const blanks = [...ifs].filter((c) => c === ' ' || c === '\t' || c === '\n').map((c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : ' ')).join('');
  if (blanks === '') return /(?!)/;
  return anchor === '^' ? new RegExp(`^[${blanks}]+`) : new RegExp(`[${blanks}]+$`);
}

/**
 * The fields `read` splits a line into, with where each starts: runs of IFS blanks separate and
 * are trimmed at both ends; every other IFS character ends a field on its own (`IFS=, read -a`).
 */
export function readFields(line: string, ifs: string): Array<{ text: string; start: number }> {
  if (ifs === '') return [{ text: line, start: 0 }];
  const isBlank = (c: string) => ifs.includes(c) && (c === ' ' || c === '\t' || c === '\n');
  const isOther = (c: string) => ifs.includes(c) && !isBlank(c);
  const out: Array<{ text: string; start: number }> = [];
  let i = 0;
  while (i < line.length && isBlank(line[i]!)) i++;
  while (i < line.length) {
    const start = i;
    while (i < line.length && !ifs.includes(line[i]!)) i++;
    out.push({ text: line.slice(start, i), start });
    while (i < line.length && isBlank(line[i]!)) i++;
    if (i < line.length && isOther(line[i]!)) {
      i++;
      while (i < line.length && isBlank(line[i]!)) i++;
      if (i === line.length) break;
      continue;
    }
  }
  return out;
}
