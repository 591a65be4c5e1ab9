// Shared behaviour (command lines, paths, reverse shells, everyday code): ../producers.test.ts.
import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const pl = effectsOf('perl');

describe('perl producer', () => {
  it('states a list of words as an argv', () => {
    expect(of(pl('system "rm", "-rf", "/";'), 'exec')[0]).toMatchObject({ program: 'rm', argv: ['rm', '-rf', '/'] });
  });

  it('states the 3-argument open by its mode', () => {
    expect(of(pl('open(my $f, ">>", "/etc/sudoers"); print $f "x";'), 'write')[0]).toMatchObject({ mode: 'append', path: { path: '/etc/sudoers' } });
  });
});
