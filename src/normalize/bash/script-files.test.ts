import { describe, expect, it } from 'vitest';
import { scriptFiles } from './script-files.js';

const files = (argv: string[], stdin: string | null = null) => scriptFiles(argv[0], argv, stdin).map((f) => `${f.access}:${f.raw}`);

describe('files named inside a program\'s own script', () => {
  it('sed: r, R, w, W and the s///w flag, to the end of the line', () => {
    expect(files(['sed', 'r ~/.ssh/id_rsa'])).toEqual(['read:~/.ssh/id_rsa']);
    expect(files(['sed', '-n', '-e', '$R /etc/shadow', '-e', 'p'])).toEqual(['read:/etc/shadow']);
    expect(files(['sed', 's/^/ /w /home/dev/.bashrc'])).toEqual(['write:/home/dev/.bashrc']);
    expect(files(['sed', '/x/,/y/!W out file.txt'])).toEqual(['write:out file.txt']);
    expect(files(['sed', '-ne', '1{r a.txt\n}'])).toEqual(['read:a.txt']);
  });
  it('sed: text inside a replacement, a label or inserted text is no command', () => {
    expect(files(['sed', 's|a;w /etc/x|b|g', 'f'])).toEqual([]);
    expect(files(['sed', '1i\\\nw /etc/x', 'f'])).toEqual([]);
    expect(files(['sed', ':w\n/x/b w', 'f'])).toEqual([]);
    expect(files(['sed', '-n', 'w /dev/stdout', 'a'])).toEqual([]);
    expect(files(['sed', '-f', 'script.sed', 'r.txt'])).toEqual([]);
  });
  it('awk: getline from a file and print into one, HOME through ENVIRON', () => {
    expect(files(['awk', 'BEGIN{getline k < "/root/.netrc"; print k}'])).toEqual(['read:/root/.netrc']);
    expect(files(['awk', '{ print $1 >> "/home/dev/.bashrc" }'])).toEqual(['append:/home/dev/.bashrc']);
    expect(files(['awk', 'BEGIN{while((getline l < (ENVIRON["HOME"] "/.ssh/id_rsa"))>0) print l}'])).toEqual(['read:$HOME/.ssh/id_rsa']);
    expect(files(['awk', '-F,', '{ print > ($1 ".csv") }', 'a.csv'])).toEqual([]);
  });
  it('ed: commands on stdin, text after a/i/c up to "." is data', () => {
    expect(files(['ed', '-s'], 'r /home/dev/.aws/credentials\nw /tmp/a\nq\n')).toEqual(['read:/home/dev/.aws/credentials', 'write:/tmp/a']);
    expect(files(['ed', '-s', 'f'], '1i\nw /etc/passwd\n.\nw\nq\n')).toEqual([]);
    expect(files(['ed', '-s', 'f'], '1,$W log.txt\nr !date\n')).toEqual(['append:log.txt']);
  });
  it('ex and vim: -c, +cmd and ex-mode stdin, with ranges, ! and ++opt', () => {
    expect(files(['vim', '-es', '-c', ':r ~/.ssh/id_rsa', '-c', ':w! /tmp/k', '-c', 'q'])).toEqual(['read:~/.ssh/id_rsa', 'write:/tmp/k']);
    expect(files(['nvim', '--headless', '+read ~/.aws/credentials | saveas /tmp/c'])).toEqual(['read:~/.aws/credentials', 'write:/tmp/c']);
    expect(files(['ex', '-s', 'f'], '%s/a/b/g\nw >> /home/dev/.profile\nq\n')).toEqual(['append:/home/dev/.profile']);
    expect(files(['vim', '-c', 'w ++ff=unix out.txt', '-c', 'r !date'])).toEqual(['write:out.txt']);
    expect(files(['vim', '-c', 'wq', 'main.c'])).toEqual([]);
    expect(files(['vim', 'notes.txt'], 'r /etc/shadow\n')).toEqual([]);
  });
});
