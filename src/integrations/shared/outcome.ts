/** Figures about a tool's output that adapters put in /v1/report, computed the same way everywhere. */
import { createHash } from 'node:crypto';
import { MAX_OUTPUT_EXCERPT } from '../../api/report.js';

export interface OutputFigures {
  output_sha256: string;
  /** An estimate (4 characters a token): reports carry no tokenizer, and budgets only need the order of magnitude. */
  output_tokens: number;
  /** Head and tail of the output, secrets masked: what the gateway's progress model reads (and does not store). */
  output: string;
}

/** How much of the output the excerpt keeps: the head and the tail, each this long. */
export const EXCERPT_HALF = 2048;

/**
 * Secrets that must not leave the machine in an excerpt, masked before it is sent. The
 * gateway needs the shape of the output (errors, counts, statuses), never these values.
 */
const SECRET_PATTERNS: RegExp[] = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}\b/g,
  /\b(?:sk|pk|rk)-(?:live-|test-|proj-|ant-)?[A-Za-z0-9_-]{16,}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{12,}/gi,
  /((?:password|passwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)["']?\s*[:=]\s*["']?)[^\s"',;]{4,}/gi,
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi,
];

export function maskSecrets(text: string): string {
  let out = text;
  for (const re of SECRET_PATTERNS) out = out.replace(re, (match, keep?: string) => (typeof keep === 'string' && match.startsWith(keep) ? `${keep}[masked]` : '[masked]'));
  return out;
}

/** The text a tool printed: stdout and stderr of a shell result, the text parts of an MCP result, else JSON. */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output && typeof output === 'object') {
    const o = output as Record<string, unknown>;
    if (typeof o.stdout === 'string' || typeof o.stderr === 'string') return [o.stdout, o.stderr].filter((s) => typeof s === 'string' && s !== '').join('\n');
    if (Array.isArray(o.content)) {
      const texts = o.content.map((c) => (c && typeof c === 'object' && typeof (c as any).text === 'string' ? (c as any).text : '')).filter((t) => t !== '');
      if (texts.length > 0) return texts.join('\n');
    }
  }
  return JSON.stringify(output ?? null) ?? '';
}

/** Head and tail, at most 2 × EXCERPT_HALF characters and always under the API's limit. */
export function excerpt(text: string): string {
  const masked = maskSecrets(text.length > 8 * EXCERPT_HALF ? `${text.slice(0, 4 * EXCERPT_HALF)}\n${text.slice(-4 * EXCERPT_HALF)}` : text);
  const cut = masked.length <= 2 * EXCERPT_HALF ? masked : `${masked.slice(0, EXCERPT_HALF)}\n…\n${masked.slice(-EXCERPT_HALF)}`;
  return cut.slice(0, MAX_OUTPUT_EXCERPT);
}

export function outputFigures(output: unknown): OutputFigures {
  const text = typeof output === 'string' ? output : (JSON.stringify(output ?? null) ?? '');
  return {
    output_sha256: createHash('sha256').update(text).digest('hex'),
    output_tokens: Math.ceil(text.length / 4),
    output: excerpt(outputText(output)),
  };
}

/** Reads "exit code 2" style text that clients put in a failed call's error. */
export function exitCodeFromText(text: string | undefined): number | undefined {
  const m = text?.match(/exit(?:ed with)?(?: code|\s+status)?[\s:=]+(-?\d{1,3})\b/i);
  return m ? Number(m[1]) : undefined;
}
