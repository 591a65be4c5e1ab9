/**
 * Masking before storage: the decision log keeps what the agent tried, never the
 * secrets it tried it with. Values are masked by their content (key formats, tokens)
 * and by their key name (`"password": "…"`), at any depth — then by the operator's own
 * patterns, from policy data:
 *
 *   "config": {"audit": {"mask_patterns": [{"name": "employee_id", "pattern": "EMP-[0-9]{6}"}]}}
 *
 * A pattern that does not compile masks every string (the log then keeps nothing the
 * operator meant to hide, and says why) rather than storing what it should have caught.
 */
import { createHash } from 'node:crypto';
import { policyConfig } from '../../api/policy-config.js';
import { collectSecretValues, maskSecretsDeep } from '../../normalize/secrets/index.js';

export interface MaskPattern {
  name: string;
  regex: RegExp;
}

type CompiledPatterns = { patterns: MaskPattern[]; invalid: string | null };

const MAX_PATTERNS = 100;
const MAX_DEPTH = 32;
const compiled = new WeakMap<object, CompiledPatterns>();

/** The operator's patterns from policy data (config.audit.mask_patterns), compiled once per data object. */
export function maskPatternsOf(data: unknown): CompiledPatterns {
  if (!data || typeof data !== 'object') return { patterns: [], invalid: null };
  const cached = compiled.get(data);
  if (cached) return cached;
  const result = compilePatterns(policyConfig(data).audit?.mask_patterns);
  compiled.set(data, result);
  return result;
}

export function compilePatterns(raw: unknown): CompiledPatterns {
  if (raw === undefined || raw === null) return { patterns: [], invalid: null };
  if (!Array.isArray(raw) || raw.length > MAX_PATTERNS) {
    return { patterns: [], invalid: `config.audit.mask_patterns must be a list of at most ${MAX_PATTERNS} patterns` };
  }
  const patterns: MaskPattern[] = [];
  for (const [i, entry] of raw.entries()) {
    const spec = typeof entry === 'string' ? { name: 'custom', pattern: entry } : (entry as { name?: unknown; pattern?: unknown; flags?: unknown });
    const name = typeof spec?.name === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(spec.name) ? spec.name : null;
    if (!name || typeof spec.pattern !== 'string' || spec.pattern.length === 0) {
      return { patterns: [], invalid: `config.audit.mask_patterns[${i}] needs a name ([A-Za-z0-9_.-]) and a non-empty pattern` };
    }
    const flags = typeof spec.flags === 'string' ? spec.flags.replace(/[gy]/g, '') : '';
    try {
      patterns.push({ name, regex: new RegExp(spec.pattern, `${flags}g`) });
    } catch (error) {
      return { patterns: [], invalid: `config.audit.mask_patterns[${i}] does not compile: ${(error as Error).message}` };
    }
  }
  return { patterns, invalid: null };
}

function applyPatterns(value: unknown, compiledPatterns: CompiledPatterns, depth = 0): unknown {
  if (typeof value === 'string') {
    if (compiledPatterns.invalid) return '[MASKED:invalid_mask_pattern]';
    let text = value;
    for (const { name, regex } of compiledPatterns.patterns) {
      regex.lastIndex = 0;
      text = text.replace(regex, (match) => (match.length === 0 ? match : `[MASKED:${name}]`));
    }
    return text;
  }
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => applyPatterns(item, compiledPatterns, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = applyPatterns(item, compiledPatterns, depth + 1);
  return out;
}

/** `value` as it may be stored: secrets masked, then the operator's patterns (policy data) applied. */
export function maskDeep(value: unknown, policyData?: unknown): unknown {
  const masked = maskSecretsDeep(value);
  const operator = maskPatternsOf(policyData);
  if (operator.patterns.length === 0 && !operator.invalid) return masked;
  return applyPatterns(masked, operator);
}

/** Secret values masked across a call at most (a call holding more is masked by content only beyond them). */
const MAX_CARRIED_VALUES = 1000;

/**
 * A call's input and facts as the log stores them, masked alike. Each is masked by content
 * (maskDeep); then every secret value found in either is masked wherever else it occurs,
 * because the facts hold the input cut into pieces that no longer look secret on their own
 * (the argv of `mysql -pS3cretPass`, `curl -u admin:S3cret`, a decoded script, an effect's content).
 */
export function maskCall(
  input: unknown,
  facts: unknown,
  policyData?: unknown,
): { input: unknown; facts: unknown; mask: (value: unknown) => unknown; carried: Array<[string, string]> } {
  const carried = carriedSecrets(input, facts);
  const mask = maskerOf(carried);
  return { input: mask(maskDeep(input, policyData)), facts: mask(maskDeep(facts, policyData)), mask, carried };
}

/** A call's input and facts as the log stores them (masked, serialised), and the masker of what else the record repeats of them. */
export interface LoggedCall {
  input: string;
  facts: string;
  mask: (value: unknown) => unknown;
}

/** maskCall, serialised for the log: done once per call (in the analysis worker when there is one). */
export function maskCallForLog(input: unknown, facts: unknown, policyData?: unknown): LoggedCall & { carried: Array<[string, string]> } {
  const masked = maskCall(input, facts, policyData);
  return { input: JSON.stringify(masked.input), facts: boundedFactsText(JSON.stringify(masked.facts), masked.facts), mask: masked.mask, carried: masked.carried };
}

/**
 * The most characters of facts a decision row stores. Everyday calls' facts are 1–5 KB; a
 * pathological 64 KB command states up to 1 MB of them, and storing that (serialising, hashing
 * into the chain, writing the row: all on the gateway's main thread) delayed every other
 * request by tens of ms. Beyond this the row keeps a summary (boundedFactsText); the facts
 * are a pure function of the input, which the row keeps whole and the chain hashes.
 */
export const LOGGED_FACTS_MAX_CHARS = 32 * 1024;

/** A top-level fact kept as is in a summary when its JSON is at most this long (kinds, names, indeterminate reasons, signals). */
const SUMMARY_FIELD_MAX_CHARS = 2048;
/** Arrays with more items than this are only counted (their JSON is not even built). */
const SUMMARY_FIELD_MAX_ITEMS = 64;

/** What a capped facts column holds under `capped`. */
export interface CappedFacts {
  /** Length of the whole masked facts' JSON. */
  chars: number;
  /** sha256 (hex) of that JSON: whoever re-states the facts from the input can check them against it. */
  sha256: string;
  /** Items of every list or object that was left out, by name. */
  counts: Record<string, number>;
}

/**
 * The facts column of a row: the masked facts' JSON when it is at most LOGGED_FACTS_MAX_CHARS,
 * else a bounded summary: `capped` (length, digest and counts of the whole), and the top-level
 * facts that are small (kind, names, indeterminate, signals…). Runs where the facts were
 * serialised (the analysis worker for large calls), so the main thread never holds the whole.
 */
export function boundedFactsText(text: string, facts: unknown): string {
  if (text.length <= LOGGED_FACTS_MAX_CHARS) return text;
  const capped: CappedFacts = { chars: text.length, sha256: createHash('sha256').update(text).digest('hex'), counts: {} };
  const summary: Record<string, unknown> = { capped };
  if (facts && typeof facts === 'object' && !Array.isArray(facts)) {
    for (const [key, value] of Object.entries(facts as Record<string, unknown>)) {
      const size = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0;
      if (size <= SUMMARY_FIELD_MAX_ITEMS) {
        const json = JSON.stringify(value);
        if (json === undefined || json.length <= SUMMARY_FIELD_MAX_CHARS) {
          summary[key] = value;
          continue;
        }
      }
      capped.counts[key] = size;
    }
  }
  return JSON.stringify(summary);
}

/** The summary of capped facts in a stored facts value (undefined: the facts are whole). */
export function cappedFactsOf(facts: unknown): CappedFacts | undefined {
  const capped = facts && typeof facts === 'object' ? (facts as { capped?: unknown }).capped : undefined;
  return capped && typeof capped === 'object' && typeof (capped as CappedFacts).sha256 === 'string' ? (capped as CappedFacts) : undefined;
}

/** A LoggedCall rebuilt from what a worker sent back (functions do not cross threads: the carried secrets do). */
export function loggedCallOf(serialised: { input: string; facts: string; carried: Array<[string, string]> }): LoggedCall {
  return { input: serialised.input, facts: serialised.facts, mask: maskerOf(serialised.carried) };
}

/** The secret values found in a call's input and facts, longest first, each with its type. */
export function carriedSecrets(input: unknown, facts: unknown): Array<[string, string]> {
  const values = new Map<string, string>();
  collectSecretValues(input, values);
  collectSecretValues(facts, values);
  return [...values.entries()].sort((a, b) => b[0].length - a[0].length).slice(0, MAX_CARRIED_VALUES);
}

/**
 * Masks these values wherever they occur in a value, also in what else the log keeps of the
 * decision (rule messages quote arguments). Built from carriedSecrets, here or in a worker.
 */
export function maskerOf(carried: Array<[string, string]>): (value: unknown) => unknown {
  if (carried.length === 0) return (value) => value;
  const types = new Map(carried);
  const regex = new RegExp(carried.map(([text]) => escapeRegExp(text)).join('|'), 'g');
  const replace = (text: string) => text.replace(regex, (match) => `[MASKED:${types.get(match) ?? 'generic_secret'}]`);
  return (value) => replaceStrings(value, replace);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function replaceStrings(value: unknown, replace: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return replace(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replace, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = replaceStrings(item, replace, depth + 1);
  return out;
}
