/**
 * The command-knowledge table: every family merged into one lookup by program name.
 * A program in several families (npm installs and runs package.json scripts) has the
 * rules of all of them. A name not found here is an unknown program: given something
 * that looks like a command line, its effect is `unknown` (effects/commands.ts).
 */
import type { OptionSpec } from '../options.js';
import { ARCHIVERS } from './archivers.js';
import { BUILD } from './build.js';
import { CREDENTIALS } from './credentials.js';
import { DB } from './db.js';
import { FILES } from './files.js';
import { GIT } from './git.js';
import { INTERACTIVE } from './interactive.js';
import { INTERPRETERS } from './interpreters.js';
import { LOGS } from './logs.js';
import { NETWORK } from './network.js';
import { PACKAGES } from './packages.js';
import { PROCESS } from './process.js';
import { RUNNERS } from './runners.js';
import { TEXT } from './text.js';
import { WINDOWS } from './windows.js';
import { AGENTS } from './agents.js';
import type { Family, ProgramKnowledge, Rule } from './types.js';

export type { ProgramKnowledge, Rule, When, Operands } from './types.js';

/** Families in the order their rules are applied; later ones add to earlier ones. */
export const FAMILIES: Readonly<Record<string, Family>> = {
  files: FILES,
  archivers: ARCHIVERS,
  network: NETWORK,
  git: GIT,
  build: BUILD,
  packages: PACKAGES,
  process: PROCESS,
  db: DB,
  interactive: INTERACTIVE,
  interpreters: INTERPRETERS,
  text: TEXT,
  credentials: CREDENTIALS,
  logs: LOGS,
  windows: WINDOWS,
  runners: RUNNERS,
  agents: AGENTS,
};

function mergeOptions(a: OptionSpec | undefined, b: OptionSpec | undefined): OptionSpec | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return {
    short: [...new Set([...(a.short ?? ''), ...(b.short ?? '')])].join(''),
    long: [...new Set([...(a.long ?? []), ...(b.long ?? [])])],
    single: [...new Set([...(a.single ?? []), ...(b.single ?? [])])],
    numericFlag: a.numericFlag || b.numericFlag,
    singleDashWords: a.singleDashWords || b.singleDashWords,
  };
}

const TABLE = new Map<string, ProgramKnowledge>();
for (const family of Object.values(FAMILIES)) {
  for (const [name, entry] of Object.entries(family)) {
    const known = TABLE.get(name);
    if (known === undefined) {
      TABLE.set(name, entry);
      continue;
    }
    const rules: Rule[] = [...known.rules, ...entry.rules];
    TABLE.set(name, { options: mergeOptions(known.options, entry.options), options_anywhere: known.options_anywhere || entry.options_anywhere, dashless_first: known.dashless_first || entry.dashless_first, rules });
  }
}

/** Versioned names (`python3.12`, `pip3.11`, `gcc-13`, `mkfs.ext4`) are looked up by their stem. */
const VERSIONED = /^(.+?)(?:[0-9][0-9.]*|-[0-9][0-9.]*|\.[a-z0-9]+)$/;

/** Families of programs named by a prefix (`docker-credential-desktop`, `-pass`, `-ecr-login`): entries `prefix-*`. */
const PREFIXED = [...TABLE.keys()].filter((k) => k.endsWith('-*')).map((k) => k.slice(0, -1));

export function knowledgeOf(name: string): ProgramKnowledge | undefined {
  const direct = TABLE.get(name);
  if (direct !== undefined) return direct;
  const prefix = PREFIXED.find((p) => name.startsWith(p) && name.length > p.length);
  if (prefix !== undefined) return TABLE.get(`${prefix}*`);
  const m = VERSIONED.exec(name);
  return m ? TABLE.get(m[1]) : undefined;
}

export function isKnownProgram(name: string): boolean {
  return knowledgeOf(name) !== undefined;
}
