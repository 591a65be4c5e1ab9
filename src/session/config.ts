/**
 * The parts of data.config.governance that session/ needs to *state facts* (how much
 * history to keep, which commands are polls or change files, size limits). Thresholds
 * that decide are read by the Rego rules only. Defaults here mirror policies/data.json so
 * that a bundle without the section still works.
 */
import { z } from 'zod';
import { policyConfig } from '../api/policy-config.js';
import { DEFAULT_INTENT } from './progress/intent.js';
import { DEFAULT_NORMALIZE } from './progress/normalize.js';
import { DEFAULT_NO_VERIFY } from './progress/verify.js';
import { DEFAULT_NO_EFFECT } from './progress/effect.js';
import { DEFAULT_EMPTY_RESULTS } from './progress/empty.js';
import { DEFAULT_OBSERVE } from './progress/observed.js';

const ArgvPrefix = z.array(z.string()).min(1);

export const GovernanceMechanics = z.object({
  loop: z
    .object({
      history_size: z.number().int().min(4).max(200).default(30),
      /** Window of recent calls in which no-progress repeats are counted (stale density). */
      density_window: z.number().int().min(2).max(200).default(8),
      poll_commands: z.array(ArgvPrefix).default([]),
      mutating_commands: z.array(ArgvPrefix).default([]),
      /**
       * Fixers (`eslint --fix`, `ruff --fix`): they change files and then exit non-zero because
       * problems remain, so a failed run of one still changed something (unlike a failed install).
       */
      fixers: z.array(ArgvPrefix).default([]),
      /** Other tools (MCP, NotebookEdit…) whose name contains one of these change files: their first run is progress. */
      mutating_tool_words: z
        .array(z.string())
        .default(['write', 'edit', 'patch', 'replace', 'create', 'delete', 'move', 'rename', 'insert', 'update', 'apply', 'save']),
      /** Commands left out of a bash call's fingerprint (`sleep 5 && check` and `sleep 10 && check` are one poll). */
      fingerprint_ignore: z.array(z.string()).default(['sleep', 'true', ':']),
      /** How calls are grouped by intent and classed (progress/intent.ts). */
      intent: z
        .object({
          search_commands: z.array(ArgvPrefix).default(DEFAULT_INTENT.search_commands),
          search_tools: z.array(z.string()).default(DEFAULT_INTENT.search_tools),
          read_commands: z.array(ArgvPrefix).default(DEFAULT_INTENT.read_commands),
          step_commands: z.array(ArgvPrefix).default(DEFAULT_INTENT.step_commands),
          pipe_filters: z.array(z.string()).default(DEFAULT_INTENT.pipe_filters),
          setup_commands: z.array(z.string()).default(DEFAULT_INTENT.setup_commands),
          file_queries: z.array(z.string()).default(DEFAULT_INTENT.file_queries),
          recursive_flags: z.array(z.string()).default(DEFAULT_INTENT.recursive_flags),
        })
        .prefault({}),
      /** What the output normaliser masks besides its fixed patterns (progress/normalize.ts). */
      normalize: z
        .object({
          masked_columns: z.array(z.string()).default(DEFAULT_NORMALIZE.masked_columns),
          masked_keys: z.array(z.string()).default(DEFAULT_NORMALIZE.masked_keys),
        })
        .prefault({}),
      /** What a poll's output shows as its observed state, and which calls observe (progress/observed.ts). */
      observe: z
        .object({
          status_words: z.array(z.string()).default(DEFAULT_OBSERVE.status_words),
          status_symbols: z.record(z.string(), z.string()).default(DEFAULT_OBSERVE.status_symbols),
          ignore_keys: z.array(z.string()).default(DEFAULT_OBSERVE.ignore_keys),
          observe_words: z.array(z.string()).default(DEFAULT_OBSERVE.observe_words),
        })
        .prefault({}),
      /**
       * What a change's output says when it changed nothing (`0 replacements`, `String to replace
       * not found`): effort with no effect is no progress (progress/record.ts). Case-insensitive.
       */
      no_effect: z.array(z.string()).default(DEFAULT_NO_EFFECT),
      /**
       * What a query answers when it found nothing (`[]`, `(0 rows)`, `No results found`): the last
       * line of its output, case-insensitive (progress/empty.ts). Queries of one family that keep
       * finding nothing in new spellings are a search without progress (loop.query_empty).
       */
      empty_results: z.array(z.string()).default(DEFAULT_EMPTY_RESULTS),
      /**
       * A successful call whose normalised output (at least this many characters) is the same as
       * another spelling's of its family, nothing changed since, is the same answer again
       * (progress/record.ts: a sub-agent asked reworded, a page under another URL).
       */
      respelled_min_chars: z.number().int().min(1).max(100_000).default(40),
      /** Output text longer than this is cut to its head and tail before it is analysed. */
      max_output_chars: z.number().int().min(256).max(1_048_576).default(16_384),
      /**
       * Files whose writes need no build, run or test to be verified (docs, notes, data, configs
       * that nothing runs): they never count as unverified writes or rewrites (progress/record.ts).
       */
      no_verify: z
        .object({
          extensions: z.array(z.string()).default(DEFAULT_NO_VERIFY.extensions),
          dirs: z.array(z.string()).default(DEFAULT_NO_VERIFY.dirs),
          names: z.array(z.string()).default(DEFAULT_NO_VERIFY.names),
        })
        .prefault({}),
    })
    .prefault({}),
  continuation: z
    .object({
      /** Share of words two continuation texts must have in common to restate the same plan. */
      plan_similarity: z.number().min(0).max(1).default(0.8),
    })
    .prefault({}),
  checkpoints: z
    .object({
      max_state_bytes: z.number().int().positive().default(262_144),
      max_label_chars: z.number().int().positive().default(200),
    })
    .prefault({}),
  memory: z
    .object({
      max_value_bytes: z.number().int().positive().default(65_536),
    })
    .prefault({}),
  compaction: z
    .object({
      max_summary_chars: z.number().int().positive().default(200_000),
    })
    .prefault({}),
});

export type GovernanceMechanics = z.infer<typeof GovernanceMechanics>;

const cache = new WeakMap<object, GovernanceMechanics>();

/** Reads config.governance from a policy's data; malformed data falls back to the defaults. */
export function mechanicsFrom(data: unknown): GovernanceMechanics {
  const gov = policyConfig(data).governance;
  if (gov && typeof gov === 'object') {
    const hit = cache.get(gov);
    if (hit) return hit;
    const parsed = GovernanceMechanics.safeParse(gov);
    const value = parsed.success ? parsed.data : GovernanceMechanics.parse({});
    cache.set(gov, value);
    return value;
  }
  return GovernanceMechanics.parse({});
}
