/**
 * Differential check against the real bash (opt-in: TOOLGATE_BASH_DIFF=1, needs bash):
 * command lines that wrap a harmless function `zrm` in layers of evasion are run by bash,
 * and whenever bash ran `zrm`, the facts must show a `zrm` command or be indeterminate.
 * Nothing here reaches the network or writes outside a fresh temporary directory.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64, CONTROL, FED_SHELLS, shq, STRING_SHELLS, type Layer } from '../../../test/support/shell-layers.js';
import { normalizeBash } from './index.js';

/** Each layer runs its inner command line. The first four need a simple command inside. */
const layers: Layer[] = [
  (x) => `env A=1 ${x}`,
  (x) => `nice -n 5 ${x}`,
  (x) => `timeout 5 ${x}`,
  (x) => `command ${x}`,
  ...STRING_SHELLS,
  (x) => `echo ${shq(x)} | bash`,
  ...FED_SHELLS,
  ...CONTROL,
  (x) => `cat <(${x}) >/dev/null`,
  (x) => `a=${shq(x)}; eval "$a"`,
  (x) => `echo ${shq(x)} > l.sh; bash l.sh`,
  (x) => `bash -c "$(echo ${b64(x)} | base64 -d)"`,
  (x) => `x=$(${x}); echo "$x"`,
  (x) => `echo q | xargs -I{} bash -c ${shq(x)}`,
  (x) => `find . -maxdepth 0 -exec bash -c ${shq(x)} \\;`,
  (x) => `bash -c '"$@"' _ bash -c ${shq(x)}`,
];
const PREFIX_LAYERS = 4;
/** Layers whose result is again a simple command (a prefix layer may wrap it). */
const SIMPLE_RESULT = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 21, 23, 24, 25]);
const spellings = ['zrm', "'zrm'", "z'r'm", '\\zrm', "$'\\x7a\\x72\\x6d'", 'z"r"m', '$(echo zrm)', '`echo zrm`', '{zrm,-rf,/}', 'n=zrm; $n'];

describe.skipIf(!process.env.TOOLGATE_BASH_DIFF)('against bash', () => {
  it('whatever bash runs is seen or indeterminate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolgate-bash-diff-'));
    const log = path.join(dir, 'ran.log');
    const ctx = { cwd: dir, home: '/home/dev', workspace_roots: [dir] };
    try {
      fc.assert(
        fc.property(fc.constantFrom(...spellings), fc.array(fc.integer({ min: 0, max: layers.length - 1 }), { maxLength: 3 }), (spelling, stack) => {
          let command = spelling.startsWith('{') ? spelling : `${spelling} -rf /`;
          let simple = !spelling.includes(';');
          for (const k of stack) {
            fc.pre(k >= PREFIX_LAYERS || simple);
            command = layers[k](command);
            simple = SIMPLE_RESULT.has(k);
          }
          rmSync(log, { force: true });
          try {
            execFileSync('bash', ['-c', `zrm() { printf 'ran\\n' >> ${shq(log)}; }; export -f zrm; cd ${shq(dir)}; ${command}`], {
              env: { PATH: '/usr/bin:/bin', HOME: '/home/dev' },
              stdio: 'ignore',
              timeout: 5000,
            });
          } catch {
            // The exit status does not matter; whether zrm ran does.
          }
          const ran = existsSync(log) && readFileSync(log, 'utf8').includes('ran');
          const facts = normalizeBash(command, ctx);
          const seen = facts.commands.some((c) => c.name === 'zrm') || facts.indeterminate.length > 0;
          expect(!ran || seen, command).toBe(true);
        }),
        { numRuns: Number(process.env.TOOLGATE_BASH_DIFF_RUNS ?? 300) },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
