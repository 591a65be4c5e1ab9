/**
 * Every command the CLI and the gateway tell a user to run exists: each `toolgate <command>
 * <subcommand>` written in the source's strings is looked up in the real CLI's help.
 * (`approvals list` once pointed at `toolgate decisions show`, which never existed.)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../paths.js';

const SRC = path.join(PACKAGE_ROOT, 'src');
/** "toolgate" followed by a word that is prose, not a command ("the toolgate gateway at …"). */
const PROSE = new Set(['gateway', 'plugin', 'session', 'rejected', 'obligations', 'refuses', 'reads', 'only', 'never', 'is', 'fails', 'package', 'path', 'command', 'handler', 'handlers', 'hooks', 'cannot', 'started', 'listening', 'and', 'to', 'into', 'from', 'with', 'that', 'into']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-helpers' ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function help(args: string[]): string {
  return execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'bin', 'toolgate.js'), ...args, '--help'], { encoding: 'utf8' });
}

describe('commands named in output', () => {
  it('exist', () => {
    const named = new Map<string, string>();
    for (const file of sources(SRC)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        // Only inside string literals: after a quote or backtick on the line.
        for (const match of line.matchAll(/['"`][^'"`]*?\btoolgate ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?/g)) {
          if (PROSE.has(match[1]!)) continue;
          named.set([match[1], match[2]].filter(Boolean).join(' '), path.relative(PACKAGE_ROOT, file));
        }
      }
    }
    expect(named.size).toBeGreaterThan(5);
    const top = help([]);
    const missing: string[] = [];
    for (const [command, file] of named) {
      const [name, sub] = command.split(' ');
      if (!new RegExp(`^  ${name}\\b`, 'm').test(top)) {
        missing.push(`toolgate ${command} (${file})`);
        continue;
      }
      if (!sub) continue;
      const own = help([name!]);
      // A subcommand word is checked only where the command has subcommands.
      if (/^Commands:/m.test(own) && !new RegExp(`^  ${sub}\\b`, 'm').test(own)) missing.push(`toolgate ${command} (${file})`);
    }
    expect(missing).toEqual([]);
  }, 120_000);
});
