/**
 * The build's glob index (glob-index.ts, lib.glob_entry) narrows which globs glob.match is given
 * to exactly those the scan of the list gives: compared by Go's evaluator (`opa eval` over the
 * shipped policies) for every indexed list of the shipped data and subjects made from its globs
 * (each wildcard replaced by nothing, a letter or a path; one character short; under home, another
 * home and /root), with the index and without it.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOpa } from './opa-cli.js';
import { GLOB_INDEX_KEY, globIndex, globIndexEntry, withGlobIndex } from './glob-index.js';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { tempPolicyDir } from '../../test/support/policy-fixtures.js';

const HOME = '/home/dev';

describe('globIndexEntry', () => {
  it('splits each glob once and buckets it by the start of its prefix or the end of its suffix', () => {
    const entry = globIndexEntry(['~/.ssh/id_*', '~/.ssh/*_key', '*.pem', '/etc/cron.d/**', '~/.netrc']);
    expect(entry.globs).toHaveLength(5);
    expect(entry.literals).toEqual({ '~/.netrc': true });
    expect(entry.dirs).toEqual({ '/etc/cron.d': true });
    expect(Object.keys(entry.members)).toHaveLength(5);
    const all = [...Object.values(entry.by_prefix).flat(), ...Object.values(entry.by_suffix).flat(), ...entry.rest];
    expect(all.map((c) => c[0]).sort()).toEqual(['*.pem', '/etc/cron.d/**', '~/.ssh/*_key', '~/.ssh/id_*']);
    expect(all.find((c) => c[0] === '/etc/cron.d/**')).toEqual(['/etc/cron.d/**', '/etc/cron.d/', '', []]);
  });

  it('counts bucket keys in code points, as Rego substring does', () => {
    const entry = globIndexEntry(['é*', 'éé*x']);
    for (const key of [...Object.keys(entry.by_prefix), ...Object.keys(entry.by_suffix)]) expect(Array.from(key)).toHaveLength(entry.k);
  });

  it('indexes only lists whose one special character is *, keyed by their text', () => {
    const index = globIndex({ a: ['x*', 'y'], b: ['x?', 'y*'], c: ['plain'], regex_hints: { p: ['h*'] }, d: { e: ['z*'] }, f: ['x*', 'q', 'y'], g: ['x*', 'y'] });
    expect(Object.keys(index).sort()).toEqual(['x*\u0000y', 'z*\u0000z*']);
    // Two lists with the same first and last glob share a key; the same list twice is one entry.
    expect(index['x*\u0000y'].map((e) => e.globs)).toEqual([['x*', 'y'], ['x*', 'q', 'y']]);
    expect(withGlobIndex({ config: { a: ['q*'] }, [GLOB_INDEX_KEY]: { stale: {} } })[GLOB_INDEX_KEY]).toEqual(globIndex({ a: ['q*'] }));
  });
});

describe('the index against the scan (opa eval over the shipped policies)', () => {
  const dir = tempPolicyDir('toolgate-glob-index-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same candidates, glob_any and path_in_globs for every shipped list', async () => {
    const data = JSON.parse(readFileSync(path.join(DEFAULT_POLICY_DIR, 'data.json'), 'utf8')) as { config: unknown };
    const index = globIndex(data.config);
    const lists = Object.values(index).flatMap((entries) => entries.map((e) => e.globs));
    expect(lists.length).toBeGreaterThan(20);
    const common = ['', '/', '~', '~/', HOME, '/root/.ssh/id_rsa', '/home/other/.ssh/id_ed25519', '/Users/x/Library/Keychains/login.keychain-db', `${HOME}/.bashrc`, '/etc/cron.d'];
    const pairs = lists.map((list, i) => {
      const subjects = new Set<string>(common);
      for (const glob of list) {
        for (const fill of ['', 'x', 'a/b', 'é']) {
          const s = glob.split('*').join(fill);
          for (const form of [s, s.slice(0, -1), s.slice(1)]) {
            subjects.add(form);
            if (form.startsWith('~/')) for (const home of [HOME, '/home/other', '/root']) subjects.add(home + form.slice(1));
          }
        }
      }
      return [i, [...subjects]] as const;
    });
    writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ [GLOB_INDEX_KEY]: index }));
    writeFileSync(path.join(dir, 'input.json'), JSON.stringify({ context: { home: HOME, cwd: `${HOME}/app` }, lists, pairs }));
    writeFileSync(
      path.join(dir, 'check.rego'),
      `package globcheck

import data.toolgate.lib
import rego.v1

indexed_lists := count([l | some l in input.lists; not lib.glob_entry(l).plain])

# A list changed between its first and last glob (as a test's \`with\` may) finds no entry.
changed_lists_indexed := [m |
	some l in input.lists
	count(l) >= 3
	m := array.concat(array.concat([l[0]], ["/changed/*"]), array.slice(l, 2, count(l)))
	not lib.glob_entry(m).plain
]

# Boolean functions are undefined when false: compared as true or false.
any_match(list, delimiters, s) := true if lib.glob_any(list, delimiters, s)

else := false

in_globs(list, s) := true if lib.path_in_globs({"path": s}, list)

else := false

outcomes := [[sort(lib.glob_candidates(list, [s])), any_match(list, [], s), any_match(list, ["/"], s), in_globs(list, s)] |
	some [i, subjects] in input.pairs
	list := input.lists[i]
	some s in subjects
]
`,
    );
    const evaluate = async (withIndex: boolean) => {
      const extra = withIndex ? ['-d', path.join(dir, 'index.json')] : [];
      const run = await runOpa(['eval', '-f', 'json', '-d', DEFAULT_POLICY_DIR, ...extra, '-d', path.join(dir, 'check.rego'), '-i', path.join(dir, 'input.json'), 'data.globcheck'], { timeoutMs: 240_000 });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout).result[0].expressions[0].value as { indexed_lists: number; changed_lists_indexed: unknown[]; outcomes: [string[], boolean, boolean, boolean][] };
    };
    const [indexed, scanned] = await Promise.all([evaluate(true), evaluate(false)]);
    expect(indexed.indexed_lists).toBe(lists.length);
    expect(scanned.indexed_lists).toBe(0);
    expect(indexed.changed_lists_indexed).toEqual([]);
    expect(indexed.outcomes.length).toBe(pairs.reduce((n, [, subjects]) => n + subjects.length, 0));
    expect(indexed.outcomes.filter((o) => o[3]).length).toBeGreaterThan(500);
    expect(indexed.outcomes).toEqual(scanned.outcomes);
  }, 300_000);
});
