/**
 * Bash normalizer: a command string in, BashFacts out. It states what the command would
 * run (every simple command, wrappers peeled, nested shells parsed), what flows where,
 * and what it could not see through. It never decides and never throws: any input,
 * however hostile, yields facts, with `indeterminate` saying where the view is incomplete.
 */
import type { Effect } from '../effects.js';
import type { BashFacts, NormalizeContext } from '../facts.js';
import { scanSecrets } from '../secrets/index.js';
import { Analyzer, DEFAULT_LIMITS, type BashLimits } from './analyzer.js';
import { bashEffects } from './effects/index.js';
import { withCodeMemo } from '../code/index.js';
import { getParser } from './tree.js';

export type { BashLimits } from './analyzer.js';
export { DEFAULT_LIMITS } from './analyzer.js';

/**
 * Most commands (and pipelines, flows) stated for one call; see the cap below. The rules are
 * linear in them, and a call this large is decided in an analysis worker, in chunks, under a
 * time limit: the cap only bounds memory (a 64 KB command of `a;` holds 32,768 commands).
 */
export const MAX_STATED = 2048;

/** Most effects stated for one call (the policy's cost grows with each). */
export const MAX_EFFECTS = 1024;

/** Above this many bytes a command is unusually long for a tool call (signal "long_input"). */
const LONG_INPUT_BYTES = 8 * 1024;

// C0 controls other than tab/newline/carriage return, DEL, and C1 controls.
const CONTROL_CHARS = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;
// Zero-width, bidirectional overrides and other invisible formatting characters.
const INVISIBLE_CHARS = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Pipelines longer than this leave their commands' sources to the rules' own scan (BashCommand.sources_truncated). */
const MAX_PIPELINE_SOURCES = 64;

/**
 * Each command's sources (BashCommand.sources): the commands before it in its pipeline (a
 * smaller pipe_index), and those whose output reaches it through a flow. A pipeline longer than
 * MAX_PIPELINE_SOURCES would make these lists quadratic in size: its commands are marked
 * instead, and the rules compute their sources as before (slower, never less).
 */
/**
 * A command run by a wrapper (`nice curl -d "$(env)"`, `env nslookup $(hostname).x`,
 * `timeout 5 bash -c "$(… | base64 -d)"`) gets its words and its stdin through the wrapper:
 * what flows into the wrapper (its substitutions, a pipe, a heredoc) flows into the command
 * it runs, so rules over flows and sources see the same thing with or without the wrapper.
 */
function wrappedFlows(facts: BashFacts): void {
  const byId = new Map(facts.commands.map((c) => [c.id, c]));
  const added: BashFacts['flows'] = [];
  // Ids grow with depth, so a wrapper's own inherited flows are in place before its command's.
  for (const c of [...facts.commands].sort((a, b) => a.id - b.id)) {
    if (c.parent === null || c.wrappers.length === 0) continue;
    const wrapper = byId.get(c.parent);
    if (wrapper === undefined || !c.wrappers.includes(wrapper.name)) continue;
    for (const f of [...facts.flows, ...added]) {
      if (f.to === wrapper.id && f.from !== c.id) added.push({ ...f, to: c.id });
    }
  }
  if (added.length > 0 && facts.flows.length + added.length <= MAX_STATED) facts.flows.push(...added);
}

function stateSources(facts: BashFacts): void {
  const stated = new Set(facts.commands.map((c) => c.id));
  const sources = new Map<number, Set<number>>();
  const add = (to: number, from: number) => {
    if (!stated.has(from) || from === to) return;
    let set = sources.get(to);
    if (!set) sources.set(to, (set = new Set()));
    set.add(from);
  };
  const byPipeline = new Map<number, BashFacts['commands']>();
  for (const command of facts.commands) {
    if (command.pipeline === null) continue;
    const members = byPipeline.get(command.pipeline) ?? [];
    members.push(command);
    byPipeline.set(command.pipeline, members);
  }
  const truncated = new Set<number>();
  for (const members of byPipeline.values()) {
    if (members.length > MAX_PIPELINE_SOURCES) {
      for (const command of members) truncated.add(command.id);
      continue;
    }
    for (const b of members) for (const a of members) if (a.pipe_index < b.pipe_index) add(b.id, a.id);
  }
  for (const flow of facts.flows) add(flow.to, flow.from);
  for (const command of facts.commands) {
    command.sources = [...(sources.get(command.id) ?? [])].sort((x, y) => x - y);
    if (truncated.has(command.id)) command.sources_truncated = true;
  }
}

/** Command lines found in inline code are read again by this normalizer, this many levels deep at most. */
const MAX_REPARSE = 2;
let reparseDepth = 0;

/** The effects of a command line started by inline code; what it could not resolve comes back as unknown effects. */
function reparse(code: string, ctx: NormalizeContext, limits: BashLimits): Effect[] {
  reparseDepth++;
  try {
    const inner = normalizeBash(code, ctx, limits);
    const unknowns: Effect[] = inner.indeterminate.map((reason) => ({ producer: 'bash', command: null, type: 'unknown', reason }));
    return [...inner.effects, ...unknowns];
  } finally {
    reparseDepth--;
  }
}

export function normalizeBash(command: string, ctx: NormalizeContext, limits?: Partial<BashLimits>): BashFacts {
  return analyseBash(command, ctx, limits).facts;
}

/**
 * The facts, and the files the script writes with statically known content (path → content:
 * `cat > x.sh <<EOF`, `echo … > f`, `tee f`, copies of those). The contents are not facts (the
 * policy never reads them); the session ledger judges them as the scripts they are, so that a
 * later call that runs one is decided by what it holds.
 */
export function analyseBash(command: string, ctx: NormalizeContext, limits?: Partial<BashLimits>): { facts: BashFacts; written: ReadonlyMap<string, string> } {
  return withCodeMemo(() => analyse(command, ctx, limits));
}

function analyse(command: string, ctx: NormalizeContext, limits?: Partial<BashLimits>): { facts: BashFacts; written: ReadonlyMap<string, string> } {
  const text = typeof command === 'string' ? command : '';
  const effective: BashLimits = { ...DEFAULT_LIMITS, ...(limits ?? {}) };
  try {
    // Loading the grammar (first call only) is not part of any command's time budget.
    getParser();
  } catch {
    // Reported below: the parse fails and the facts say so.
  }
  const start = performance.now();
  const facts: BashFacts = {
    kind: 'bash',
    command: text,
    cwd: ctx.cwd,
    parse_error: false,
    indeterminate: [],
    signals: [],
    commands: [],
    pipelines: [],
    flows: [],
    names: [],
    secrets: [],
    scripts: [],
    effects: [],
  };
  let written: ReadonlyMap<string, string> = new Map();
  const indeterminate = new Set<string>();
  const signals = new Set<string>();
  try {
    facts.secrets = scanSecrets(text);
  } catch {
    facts.secrets = [];
  }
  try {
    let script = text;
    if (script.includes('\0') || LONE_SURROGATE.test(script)) {
      // bash cannot even receive a NUL in a command line; what runs is unknowable.
      indeterminate.add('binary_content');
      signals.add('control_characters');
      script = script.replace(/\0/g, ' ').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');
    }
    if (CONTROL_CHARS.test(script)) signals.add('control_characters');
    if (INVISIBLE_CHARS.test(script)) signals.add('invisible_characters');
    const bytes = Buffer.byteLength(script, 'utf8');
    if (bytes > LONG_INPUT_BYTES) signals.add('long_input');
    if (bytes > effective.maxBytes) {
      indeterminate.add('too_long');
      // The start is still analysed (bounded) so that what is visible is stated.
      script = script.slice(0, Math.max(0, effective.maxBytes));
    }
    const analyzer = new Analyzer(ctx, effective, start + effective.timeBudgetMs);
    try {
      analyzer.run(script);
    } finally {
      facts.commands = analyzer.commands;
      facts.scripts = [...analyzer.scripts].filter((t) => t !== script);
      facts.pipelines = analyzer.pipelines;
      facts.flows = analyzer.flows;
      facts.parse_error = analyzer.parseError;
      written = analyzer.writtenFiles;
      analyzer.indeterminate.forEach((r) => indeterminate.add(r));
      analyzer.signals.forEach((s) => signals.add(s));
    }
  } catch (error) {
    if (process.env.TOOLGATE_DEBUG_BASH) console.error(error);
    // A stack overflow on pathological nesting or a bug: never an exception, always a fact.
    indeterminate.add(error instanceof RangeError ? 'depth_limit' : 'normalizer_error');
  }
  // The policy's cost grows with every command, pipeline and flow it looks at: beyond this many
  // the call is indeterminate (ask at least) and only the first ones are stated, which still
  // lets their deny rules fire.
  if (facts.commands.length > MAX_STATED || facts.pipelines.length > MAX_STATED || facts.flows.length > MAX_STATED) {
    indeterminate.add('too_many_commands');
    facts.commands = facts.commands.slice(0, MAX_STATED);
    facts.pipelines = facts.pipelines.slice(0, MAX_STATED);
    facts.flows = facts.flows.slice(0, MAX_STATED);
  }
  wrappedFlows(facts);
  stateSources(facts);
  facts.signals = [...signals];
  facts.names = [...new Set(facts.commands.map((c) => c.name).filter((n) => n !== ''))];
  // A secret spelled so that the text hides it (`$'\x..'`, split quotes, a nested shell's
  // decoded script) is in the analysed words: they are scanned too.
  try {
    const hidden = facts.commands.flatMap((c) => c.argv).filter((w) => w.length >= 8 && !text.includes(w));
    if (hidden.length > 0) {
      for (const f of scanSecrets(hidden.join('\n'))) {
        if (!f.type.startsWith('scan_') && !facts.secrets.some((s) => s.type === f.type)) facts.secrets.push({ type: f.type, offset: -1 });
      }
    }
  } catch {
    // the raw text's findings stand
  }
  try {
    facts.effects = bashEffects(facts, ctx, written, reparseDepth < MAX_REPARSE ? (code) => reparse(code, ctx, effective) : null);
  } catch (error) {
    if (process.env.TOOLGATE_DEBUG_BASH) console.error(error);
    indeterminate.add('normalizer_error');
  }
  // What the producer could not resolve is incomplete facts too (the policy asks at least).
  // A destroying verb given to an unknown program is judged as such (effects.destructive_remote), not as hidden text.
  for (const e of facts.effects) if (e.type === 'unknown' && e.reason !== 'dynamic_program' && !e.reason.startsWith('unknown_program_destroys:')) indeterminate.add(e.reason);
  if (facts.effects.length > MAX_EFFECTS) {
    indeterminate.add('too_many_effects');
    facts.effects = facts.effects.slice(0, MAX_EFFECTS);
  }
  facts.indeterminate = [...indeterminate];
  return { facts, written };
}
