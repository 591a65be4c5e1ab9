/**
 * The analyzer's state that the builtin families share with it: the frame a command runs in
 * (its variables, positional parameters, where it came from), its stdin, and a command about to
 * run. Kept apart from analyzer.ts so that the families and the analyzer import it, not each other.
 */
import type { BashCommand, Redirect } from '../../facts.js';
import type { SyntaxNode } from '../tree.js';
import type { VarValue, Word, WordFeature } from '../words.js';

export interface Frame {
  source: string;
  depth: number;
  via: string;
  parent: number | null;
  positional: string[] | null;
  vars: Map<string, VarValue>;
  /** Redirections of the function calls this frame runs in (`f > out`): every command in the body has them. */
  inherited?: Redirect[];
  /** Function bodies (by identity) and `alias:name` markers being expanded: recursion guard. */
  functionStack: Array<SyntaxNode | string>;
}

export interface Stdin {
  /** Static content, or null when unknown. */
  text: string | null;
  kind: 'pipe' | 'heredoc' | 'here_string' | 'file';
  /** When the text is unknown but lists paths (`ls ~ |`, `< <(find …)`): the globs listed. */
  listing?: string[] | null;
}

export interface PendingCommand {
  frame: Frame;
  assignments: Record<string, string>;
  redirects: Redirect[];
  stdin: Stdin | null;
  nameFeatures: Set<WordFeature>;
  /** Commands walked inside the name word (`$(…)` as the command name). */
  nameInner: number[];
  extraUrls: string[];
}

/** What the builtin families need of the analyzer. */
export interface BuiltinHost {
  readonly indeterminate: Set<string>;
  /** Walks `text` as a script nested in the command at `parent`. */
  nested(text: string, frame: Frame, parent: number, via: string, positional: string[] | null, shareVars: boolean, stdin?: Stdin | null): unknown;
  /** The content this script wrote to `path` earlier, when known. */
  writtenContent(path: string | null | undefined): string | null;
  changeDirectory(entry: BashCommand, frame: Frame): void;
  read(entry: BashCommand, frame: Frame, stdin: Stdin | null): void;
  defineAliases(entry: BashCommand, frame: Frame, slot: number): void;
  /** `shopt -s expand_aliases` ran: an alias's words take the place of its name (as an interactive shell does). */
  expandAliases: boolean;
  xargs(entry: BashCommand, words: Word[], pending: PendingCommand, wrappers: string[]): void;
  findExec(entry: BashCommand, pending: PendingCommand, wrappers: string[]): void;
  parallel(entry: BashCommand, pending: PendingCommand): void;
}

/** One builtin run: the command as stated, its words and argv, and where it runs. */
export interface BuiltinCall {
  entry: BashCommand;
  words: Word[];
  argv: string[];
  pending: PendingCommand;
  wrappers: string[];
  frame: Frame;
  slot: number;
}

/** A builtin states what it does to the analysis (runs code, moves the directory, sets variables). */
export type Builtin = (host: BuiltinHost, call: BuiltinCall) => void;
