// Shared behaviour (command lines, paths, reverse shells, everyday code): ../producers.test.ts.
import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const php = effectsOf('php');

describe('php producer', () => {
  it('runs eval of decoded code through the same producer', () => {
    const effects = php('eval(base64_decode("dW5saW5rKCIvZXRjL3Bhc3N3ZCIpOw=="));');
    expect(of(effects, 'exec')[0]).toMatchObject({ language: 'php', origin: 'decoded' });
    expect(of(effects, 'delete')[0]?.path.path).toBe('/etc/passwd');
  });
});
