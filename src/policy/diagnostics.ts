/** What the policy checks report: a place in a Rego file and what is wrong there. */
import path from 'node:path';

export interface PolicyDiagnostic {
  /** Relative to the working directory when inside it. */
  file: string | null;
  line: number;
  column: number;
  code: string;
  message: string;
}

/** A path as the author would type it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
