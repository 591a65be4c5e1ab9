/**
 * The built-ins the shipped policies and the documentation's examples call, computed by Go
 * (`opa eval`, what `opa test` uses) and by the gateway's runtime (the same Rego compiled to
 * WASM by opa and evaluated by opa-wasm in Node with the gateway's built-ins), on a table of
 * inputs each: edge cases where a C or JavaScript implementation could part from Go's
 * (Unicode, negative and out-of-range indexes, RE2 syntax, glob delimiters, JSON escaping,
 * number forms). Any difference fails, naming the built-in and the arguments. A built-in the
 * policies start to use without rows here fails too.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOpa } from './opa-cli.js';
import { describeWasmError } from './engine.js';
import { loadPolicyWasm, missingBuiltins } from './runtime-builtins.js';
import { PACKAGE_ROOT } from '../paths.js';
import { tempPolicyDir } from '../../test/support/policy-fixtures.js';

/** Built-in → argument lists. */
const TABLE: Record<string, unknown[][]> = {
  'array.concat': [[[1, 'a'], [null, { k: 1 }]], [[], []]],
  'array.reverse': [[[1, 2, 3]], [[]]],
  'array.slice': [[[1, 2, 3, 4], 1, 3], [[1, 2, 3], -1, 2], [[1, 2, 3], 2, 10], [[1, 2, 3], 3, 1], [[], 0, 0]],
  concat: [[', ', ['a', 'b']], ['', []], ['/', ['é', '', 'x']]],
  contains: [['héllo', 'é'], ['abc', ''], ['', ''], ['abc', 'd']],
  count: [[[1, 2]], ['héllo'], [{ a: 1 }], ['']],
  endswith: [['file.tar.gz', '.gz'], ['x', ''], ['é', 'é'], ['a', 'ab']],
  'glob.match': [
    ['*.rego', [], 'a.rego'],
    ['**/id_*', ['/'], '/home/u/.ssh/id_rsa'],
    ['*/id_*', ['/'], '/home/u/.ssh/id_rsa'],
    ['~/.ssh/*', ['/'], '~/.ssh/config'],
    ['{a,b}*.txt', [], 'b1.txt'],
    ['[a-c]?', [], 'bz'],
    ['[!a-c]?', [], 'bz'],
    ['*.env', ['/'], '.env'],
    ['**.env', ['.'], 'a.b.env'],
    ['\\*', [], '*'],
    ['*', ['/'], ''],
    ['/etc/**', ['/'], '/etc'],
    ['/etc/**', ['/'], '/etc/ssh/sshd_config'],
    ['*ÿ*', [], 'aÿb'],
  ],
  indexof: [['héllo', 'l'], ['abc', 'z'], ['abc', ''], ['ééx', 'x']],
  is_array: [[[1]], [{}], ['a']],
  is_number: [[1], [1.5], ['1']],
  is_object: [[{}], [[]], [null]],
  is_string: [['a'], [1], [null]],
  'json.marshal': [[{ b: 1, a: ['<x>', '&', 'é', '\u2028'] }], ['"quoted"\n'], [1.5], [1e21], [123456789012], [null], [[true, false]]],
  lower: [['ÀBÇ'], ['ǅ'], ['İ'], ['ABC']],
  max: [[[1, 3, 2]], [['b', 'a']], [[]], [[1, 'a']]],
  min: [[[1, 3, 2]], [['b', 'a']], [[]], [[1, 'a']]],
  'object.get': [[{ a: { b: 1 } }, ['a', 'b'], 0], [{ a: 1 }, 'z', 'default'], [{ a: null }, 'a', 1], [{}, [], 2]],
  'object.union': [[{ a: { b: 1, c: 2 } }, { a: { b: 3 }, d: 4 }], [{ a: 1 }, { a: [2] }], [{}, {}]],
  'regex.match': [
    ['^a.c$', 'abc'],
    ['(?i)ABC', 'xabcx'],
    ['\\bcurl\\b', 'xcurl y'],
    ['[[:alpha:]]+', '123'],
    ['\\pL+', 'é'],
    ['^.$', 'é'],
    ['a{2,}', 'caab'],
    ['(?s)a.b', 'a\nb'],
    ['a.b', 'a\nb'],
    ['^\\d+$', '١٢٣'],
    ['\\w+', 'é'],
    ['\\s', '\u00a0'],
    ['\\x{41}', 'A'],
    ['[^a]', '\n'],
    ['(', 'x'],
  ],
  sort: [[[3, 1, 2]], [['b', 'a', 'B']], [[1, 'a', null, true, [1], { a: 1 }]], [[]]],
  split: [['a,b,,c', ','], ['abc', ''], ['', ','], ['é|x', '|']],
  sprintf: [['%v %d', [null, 'x']], ['%s', [{ a: [1, 2] }]], ['%v', [1.5]], ['%05.1f|%x', [3.14159, 255]]],
  startswith: [['héllo', 'hé'], ['x', ''], ['a', 'ab']],
  'strings.replace_n': [[{ a: 'b', b: 'c' }, 'ab'], [{ '': 'x' }, 'ab'], [{ aa: '1', a: '2' }, 'aaa'], [{ é: 'e' }, 'café']],
  substring: [['héllo', 1, 3], ['abc', 1, -1], ['abc', 5, 1], ['abc', 0, 10], ['ééé', 2, 1]],
  to_number: [['10'], ['1.5'], ['-3'], ['1e3'], ['0x10'], [' 1'], ['abc'], [true], [null], ['Inf'], ['-0'], ['1E2']],
  trim_prefix: [['héllo', 'hé'], ['abc', 'x'], ['aaa', 'a']],
  trim_suffix: [['file.tar.gz', '.gz'], ['abc', 'x'], ['aaa', 'a']],
  trim_left: [['0123-45', '0123456789'], ['12ab', '0123456789'], ['', 'x'], ['ééx', 'é']],
  upper: [['àbç'], ['ß'], ['ﬁ'], ['abc']],
  // Named in the authoring guide as what custom rules reach for.
  'net.cidr_contains': [['10.0.0.0/8', '10.1.2.3'], ['10.0.0.0/8', '11.0.0.1'], ['fd00::/8', 'fd00::1'], ['10.0.0.0/8', '10.1.0.0/16'], ['169.254.0.0/16', '169.254.169.254'], ['10.0.0.0/8', 'not-an-ip']],
  'base64.encode': [['héllo'], ['']],
  'base64.decode': [['aMOpbGxv'], ['aGk'], ['!!']],
  'json.unmarshal': [['{"a":[1,2.5,"x"]}'], ['1e3'], ['[1,'], ['"\\u00e9"']],
  'json.is_valid': [['{"a":1}'], ['{a:1}'], ['']],
  trim_space: [['  x \t\n'], ['\u00a0x\u00a0'], ['']],
  // Not ['abc', '', '-']: OPA's WASM replace never returns on an empty old string (Go: "-a-b-c-").
  replace: [['aaa', 'a', 'b'], ['héllo', 'é', 'e'], ['aaa', 'aa', 'b']],
  'regex.split': [['\\s*,\\s*', 'a , b,c'], ['(,)', 'a,b'], ['(?i)X', 'axbXc'], ['', 'abc'], ['[[:space:]]+', 'a b\tc']],
  'regex.is_valid': [['a+'], ['(']],
  'strings.count': [['cheese', 'e'], ['five', '']],
  'units.parse_bytes': [
    ['10KB'], ['1.5KiB'], ['0.3kb'], ['1.1gib'], ['8.2kib'], ['2.5e3'], ['1e-3kb'], ['-1mb'], ['5.'], ['.5k'], ['"7"mb'],
    ['12'], ['1 kb'], ['kb'], ['1xb'], ['1.2.3'], ['1e1234567'], ['123456789012345678kb'], ['1E3B'], ['+4k'],
    ['0.1kb'], ['0.7mb'], ['4.35kb'], ['1.9'], ['0.29kb'], ['123456789.123456789eb'], ['1e-3'], ['33.3333333333333333mib'], ['9.999999999999999999kb'],
  ],
  'units.parse': [
    ['10K'], ['1.5Mi'], ['250m'], ['1M'], ['1.5m'], ['0.0001m'], ['1/3'], ['-2.5k'], ['1e2m'], ['10MB'], ['3Gi'], ['1 K'], ['0.00000000005m'], ['7'],
  ],
};

/**
 * Rows on which Go's evaluation stops with an error (not a built-in error, which yields no
 * value): each is evaluated in its own `opa eval`, and the gateway must give no value either.
 */
const RAISES_IN_GO: [string, unknown[]][] = [
  ['to_number', ['+5']],
  ['to_number', ['1_000']],
  ['to_number', ['.5']],
];

/**
 * Where OPA's own WASM (C) implementation parts from Go, which JavaScript cannot replace (the
 * built-in runs inside the WASM): the gateway's value, and why. docs/policy-authoring.md lists
 * them; a row whose answers change (a fix in opa, a new difference) fails the test.
 */
const KNOWN_DIFFERENCES: Record<string, { gateway: unknown; why: string }> = {
  'json.marshal#0': {
    gateway: '{"b":1,"a":["<x>","&","é","\u2028"]}',
    why: 'object keys in insertion order, not sorted; <, >, & and U+2028 not escaped as \\u003c…',
  },
  'indexof#2': { gateway: 0, why: 'an empty search string is found at 0; Go has no answer (an error)' },
  'base64.decode#1': { gateway: 'hi', why: 'unpadded input decodes; Go has no answer (an error)' },
};

const BUILTINS_NOT_COMPARED: Record<string, string> = {
  print: 'no value: `opa build` erases print() calls, and opa test shows their output',
};

interface Capability {
  name: string;
  decl: { args?: unknown[] };
}

let capabilities: Capability[];
let work: string;
beforeAll(async () => {
  const caps = await runOpa(['capabilities', '--current']);
  capabilities = (JSON.parse(caps.stdout) as { builtins: Capability[] }).builtins;
  work = tempPolicyDir('toolgate-parity-');
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** JSON with object keys sorted: Rego objects have no order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The Rego text of the shipped policies, the examples and the documentation's ```rego blocks. */
function regoTexts(): string[] {
  const rego = [...filesUnder(path.join(PACKAGE_ROOT, 'policies'), '.rego'), ...filesUnder(path.join(PACKAGE_ROOT, 'examples'), '.rego')].map((f) => readFileSync(f, 'utf8'));
  const docs = [...filesUnder(path.join(PACKAGE_ROOT, 'docs'), '.md'), path.join(PACKAGE_ROOT, 'README.md')].flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/```rego\n([\s\S]*?)```/g)].map((m) => m[1]!),
  );
  return [...rego, ...docs];
}

describe('built-ins: Go and the gateway runtime agree', () => {
  it('the table has rows for every built-in the policies, the examples and the docs call', () => {
    const names = new Set(capabilities.map((c) => c.name));
    const used = new Set<string>();
    for (const text of regoTexts()) {
      for (const m of text.replace(/#.*$/gm, '').matchAll(/(?<![\w.])([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\(/g)) if (names.has(m[1]!)) used.add(m[1]!);
    }
    const missing = [...used].filter((name) => !(name in TABLE) && !(name in BUILTINS_NOT_COMPARED)).sort();
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(20);
  });

  it('every row computes the same value (or none) in both', async () => {
    const arity = new Map(capabilities.map((c) => [c.name, c.decl.args?.length ?? 0]));
    const names = Object.keys(TABLE);
    // call(name, args): the built-in `name` applied to args, one function body per built-in.
    const bodies = names.map((name) => `call(${JSON.stringify(name)}, a) := ${name}(${Array.from({ length: arity.get(name)! }, (_, i) => `a[${i}]`).join(', ')})`);
    writeFileSync(
      path.join(work, 'parity.rego'),
      `package parity\n\nimport rego.v1\n\n${bodies.join('\n\n')}\n\none := {"v": call(input.name, input.args)}\n\nall := {id: call(c.name, c.args) | some id, c in input}\n`,
    );
    const cases: Record<string, { name: string; args: unknown[] }> = {};
    for (const name of names) TABLE[name]!.forEach((args, i) => (cases[`${name}#${i}`] = { name, args }));
    writeFileSync(path.join(work, 'cases.json'), JSON.stringify(cases));

    const go = await runOpa(['eval', '--format', 'json', '-d', path.join(work, 'parity.rego'), '-i', path.join(work, 'cases.json'), 'data.parity.all']);
    expect(go.code, go.stderr).toBe(0);
    const goValues = JSON.parse(go.stdout).result[0].expressions[0].value as Record<string, unknown>;

    const build = await runOpa(['build', '-t', 'wasm', '-e', 'parity/one', '-o', path.join(work, 'b.tar.gz'), path.join(work, 'parity.rego')]);
    expect(build.code, build.stderr).toBe(0);
    await tar.x({ file: path.join(work, 'b.tar.gz'), cwd: work, filter: (p) => p.replace(/^\/+/, '') === 'policy.wasm' });
    const policy = loadPolicyWasm(readFileSync(path.join(work, 'policy.wasm')));
    const differences: { case: string; args: unknown[]; go: unknown; gateway: unknown }[] = [];
    for (const [id, c] of Object.entries(cases)) {
      let gateway: unknown;
      try {
        gateway = (policy.evaluate(c, 'parity/one') as { result?: { v: unknown } }[])[0]?.result?.v;
      } catch (error) {
        gateway = `throws: ${describeWasmError(error)}`;
      }
      if (canonical(gateway) !== canonical(goValues[id])) differences.push({ case: id, args: c.args, go: goValues[id], gateway });
    }
    const unexpected = differences.filter((d) => canonical(KNOWN_DIFFERENCES[d.case]?.gateway) !== canonical(d.gateway) || KNOWN_DIFFERENCES[d.case] === undefined);
    expect(unexpected).toEqual([]);
    expect(differences.map((d) => d.case).sort()).toEqual(Object.keys(KNOWN_DIFFERENCES).sort());
    expect(missingBuiltins(policy)).toEqual([]);

    for (const [name, args] of RAISES_IN_GO) {
      const raised = await runOpa(['eval', '--format', 'json', '-d', path.join(work, 'parity.rego'), `data.parity.call(${JSON.stringify(name)}, ${JSON.stringify(args)})`]);
      expect(raised.code, `${name}(${JSON.stringify(args)}) in Go`).not.toBe(0);
      let gateway: unknown;
      try {
        gateway = (policy.evaluate({ name, args }, 'parity/one') as { result?: { v: unknown } }[])[0]?.result?.v;
      } catch {
        gateway = undefined;
      }
      expect(gateway, `${name}(${JSON.stringify(args)}) in the gateway`).toBeUndefined();
    }
  }, 120_000);
});
