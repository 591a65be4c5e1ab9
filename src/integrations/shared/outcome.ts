/** Figures about a tool's output that adapters put in /v1/report, computed the same way everywhere. */
import { createHash } from 'node:crypto';

export interface OutputFigures {
  output_sha256: string;
  /** An estimate (4 characters a token): reports carry no tokenizer, and budgets only need the order of magnitude. */
  output_tokens: number;
}

export function outputFigures(output: unknown): OutputFigures {
  const text = typeof output === 'string' ? output : (JSON.stringify(output ?? null) ?? '');
  return {
    output_sha256: createHash('sha256').update(text).digest('hex'),
    output_tokens: Math.ceil(text.length / 4),
  };
}

/** Reads "exit code 2" style text that clients put in a failed call's error. */
export function exitCodeFromText(text: string | undefined): number | undefined {
  const m = text?.match(/exit(?:ed with)?(?: code|\s+status)?[\s:=]+(-?\d{1,3})\b/i);
  return m ? Number(m[1]) : undefined;
}
