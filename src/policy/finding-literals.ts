/**
 * A finding's action and severity are enums (allow|ask|deny; critical|high|medium|low|info).
 * Rego has no enum types, so a rule that says "Deny" or "dney" compiles and passes its own
 * tests; at run time decision.rego turns such a finding into a policy-error deny. This
 * check moves the mistake to build time, with file:line, for the two ways findings are
 * written: `lib.finding(rule, action, category, severity, message)` with literal strings,
 * and object literals with an "action" or "severity" key.
 *
 * What it cannot see: a value computed at run time (a variable, a lookup in data); those
 * are caught by the run-time rule in decision.rego.
 */
import { readFileSync } from 'node:fs';
import { FindingAction, FindingSeverity } from './schema.js';
import { displayPath, type PolicyDiagnostic } from './diagnostics.js';

const ACTIONS: readonly string[] = FindingAction.options;
const SEVERITIES: readonly string[] = FindingSeverity.options;

/** The text with comments blanked out (offsets kept), so that commented examples are not checked. */
function withoutComments(text: string): string {
  let out = '';
  let inString = false;
  let inRaw = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i += 1;
      } else if (ch === '"') inString = false;
    } else if (inRaw) {
      out += ch;
      if (ch === '`') inRaw = false;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i += 1;
      }
      if (i < text.length) out += '\n';
    } else {
      if (ch === '"') inString = true;
      else if (ch === '`') inRaw = true;
      out += ch;
    }
  }
  return out;
}

interface Arg {
  text: string;
  offset: number;
}

/** The top-level arguments of a call whose '(' is at `open`, or null when unbalanced. */
function callArguments(text: string, open: number): Arg[] | null {
  const args: Arg[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === '"') {
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    } else if (ch === '`') {
      for (i += 1; i < text.length && text[i] !== '`'; i += 1);
    } else if (ch === '(' || ch === '[' || ch === '{') {
      depth += 1;
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth -= 1;
      if (depth === 0) {
        args.push({ text: text.slice(start, i), offset: start });
        return args;
      }
    } else if (ch === ',' && depth === 1) {
      args.push({ text: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  return null;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A string literal's value, or null when the argument is not one. */
function literal(arg: Arg): { value: string; offset: number } | null {
  const match = /^(\s*)"((?:[^"\\]|\\.)*)"\s*$/.exec(arg.text);
  return match ? { value: match[2]!, offset: arg.offset + match[1]!.length } : null;
}

function diagnostic(file: string, text: string, offset: number, what: string, value: string, allowed: readonly string[]): PolicyDiagnostic {
  const { line, column } = lineAndColumn(text, offset);
  return {
    file: displayPath(file),
    line,
    column,
    code: 'toolgate_finding_error',
    message: `finding ${what} "${value}" is not one of ${allowed.join(', ')} (at run time it would count as a policy-error deny)`,
  };
}

/** Literal actions and severities of findings that are not in their enums, in the given Rego files. */
export function findingLiteralErrors(files: string[]): PolicyDiagnostic[] {
  const errors: PolicyDiagnostic[] = [];
  for (const file of files) {
    const text = withoutComments(readFileSync(file, 'utf8'));
    for (const call of text.matchAll(/\bfinding\s*\(/g)) {
      const args = callArguments(text, call.index! + call[0].length - 1);
      // Rego allows a trailing comma: the empty argument after it is not one.
      if (args && args.length > 0 && args[args.length - 1]!.text.trim() === '') args.pop();
      if (!args || args.length !== 5) continue;
      const action = literal(args[1]!);
      if (action && !ACTIONS.includes(action.value)) errors.push(diagnostic(file, text, action.offset, 'action', action.value, ACTIONS));
      const severity = literal(args[3]!);
      if (severity && !SEVERITIES.includes(severity.value)) errors.push(diagnostic(file, text, severity.offset, 'severity', severity.value, SEVERITIES));
    }
    for (const field of text.matchAll(/"(action|severity)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) {
      const allowed = field[1] === 'action' ? ACTIONS : SEVERITIES;
      if (!allowed.includes(field[2]!)) {
        const offset = field.index! + field[0].lastIndexOf('"' + field[2] + '"');
        errors.push(diagnostic(file, text, offset, field[1]!, field[2]!, allowed));
      }
    }
  }
  return errors;
}
