/**
 * The oracle's comparison on its own (no sandbox): what counts as named, as an argv
 * difference, as missed, as internal to a named tool.
 */
import { describe, expect, it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
import type { BashFacts } from '../../src/normalize/facts.js';
import { argvMatches, compareRun } from './compare.js';
import { absoluteNames, parseLog } from './sandbox.js';

const ctx = { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] };
const facts = (command: string) => normalizeCall('bash', { command }, ctx).facts as BashFacts;
const kinds = (command: string, ran: Array<[string, string[], string?]>) =>
  compareRun(command, facts(command), ran.map(([name, args, parent]) => ({ name, args, parent: parent ?? '>bash>timeout' }))).map((d) => `${d.kind} ${d.ran.name}`);

describe('oracle comparison', () => {
  it('matches literal words exactly and expansions as any text', () => {
    expect(argvMatches(['-rf', '/'], ['-rf', '/'])).toBe(true);
    expect(argvMatches(['-rf', '/'], ['-rf', '/etc'])).toBe(false);
    expect(argvMatches(['$DATABASE_URL', '-c', 'x'], ['-c', 'x'])).toBe(true);
    expect(argvMatches(['$X', '-c'], ['a', 'b', '-c'])).toBe(true);
    expect(argvMatches(['~/x'], ['/home/dev/x'])).toBe(true);
    expect(argvMatches(['{}'], ['./README.md'])).toBe(true);
    expect(argvMatches(['/etc/*'], ['/etc'])).toBe(true);
    expect(argvMatches(['<(curl x)'], ['/dev/fd/63'])).toBe(true);
  });

  it('names what the analysis saw, flags what it missed', () => {
    expect(kinds('rm -rf /', [['rm', ['-rf', '/']]])).toEqual([]);
    expect(kinds('rm -rf /', [['rm', ['-rf', '/home']]])).toEqual(['argv rm']);
    expect(kinds('ls', [['curl', ['x']]])).toEqual(['missed curl']);
    expect(kinds('env A=1 nice rm x', [['env', ['A=1', 'nice', 'rm', 'x']], ['nice', ['rm', 'x']], ['rm', ['x']]])).toEqual([]);
  });

  it('counts a tool’s own helpers apart, but never a program the line names', () => {
    expect(kinds('tar czf a.tgz src', [['tar', ['czf', 'a.tgz', 'src']], ['gzip', [], '>sh>tar']])).toEqual(['internal gzip']);
    // Only what the table lets a tool start is its own: curl under tar is the command line's.
    expect(kinds('tar czf a.tgz src', [['curl', ['x'], '>sh>tar']])).toEqual(['missed curl']);
    // python's own modules probe the platform; code given to python is the agent's.
    const venv: Array<[string, string[], string?]> = [['python3', ['-m', 'venv', '.venv']], ['lsb_release', ['-a'], '>python3.11>python3.11'], ['getopt', ['-o', 'x'], '>lsb_release>python3.11'], ['tr', ['a', 'b'], '>lsb_release>lsb_release'], ['uname', ['-rs'], '>python3.11>python3.11']];
    expect(kinds('python3 -m venv .venv && uname -a', venv)).toEqual(['internal lsb_release', 'internal getopt', 'internal tr', 'internal uname']);
    expect(kinds(`python3 -m venv .venv && python3 -c "import os; os.system('uname -rs')"`, [...venv, ['python3', ['-c', "import os; os.system('uname -rs')"]]])).not.toContain('internal uname');
    expect(kinds('python3 -m venv .venv; python3 -c "$CODE"', [...venv, ['python3', ['-c', 'import os']]])).not.toContain('internal uname');
    expect(kinds('python3 -m venv .venv', [['python3', ['-m', 'venv', '.venv']], ['curl', ['x'], '>python3.11>python3.11']])).toEqual(['missed curl']);
    expect(kinds("tar cf a.tar --to-command='curl x' src", [['curl', ['x'], '>sh>tar']]).every((k) => !k.startsWith('internal'))).toBe(true);
    expect(kinds('find . -exec curl x \\;', [['curl', ['x'], '>find>bash']])).toEqual([]);
  });

  it('reads the wrappers’ log and the absolute paths a line names', () => {
    const log = Buffer.from(['2', 'rm', '>bash>timeout', '-rf', '/', '0', 'ls', '>bash>timeout', ''].join('\0'));
    expect(parseLog(log)).toEqual([
      { name: 'rm', args: ['-rf', '/'], parent: '>bash>timeout' },
      { name: 'ls', args: [], parent: '>bash>timeout' },
    ]);
    expect(absoluteNames('/bin/rm x; //usr//bin//chmod 7 y; /usr/local/bin/foo')).toEqual(['rm', 'chmod', 'foo']);
  });
});
