import { describe, expect, it } from 'vitest';
import type { IpKind } from '../facts.js';
import { classifyHost, parseIpHost, parseUrl } from './index.js';

function kindOf(url: string): IpKind | null | undefined {
  return parseUrl(url)?.ip_kind;
}

describe('parseUrl: what is a URL', () => {
  it('takes scheme:// URLs, file: URLs and protocol-relative //host', () => {
    expect(parseUrl('https://example.com/a?b=1')).toMatchObject({
      valid: true, scheme: 'https', host: 'example.com', port: 443, path: '/a', query: 'b=1', ip: null, ip_kind: null,
    });
    expect(parseUrl('file:///etc/passwd')).toMatchObject({ scheme: 'file', path: '/etc/passwd' });
    expect(parseUrl('file:/etc/shadow')).toMatchObject({ scheme: 'file', path: '/etc/shadow' });
    expect(parseUrl('FILE://localhost/etc/passwd')).toMatchObject({ scheme: 'file', path: '/etc/passwd' });
    expect(parseUrl('//evil.example/x')).toMatchObject({ scheme: '', host: 'evil.example', path: '/x' });
    expect(parseUrl('gopher://127.0.0.1:6379/_INFO')).toMatchObject({ scheme: 'gopher', port: 6379, ip_kind: 'loopback' });
    expect(parseUrl('  https://example.com  ')?.host).toBe('example.com');
  });

  it('returns null for what is not a URL', () => {
    for (const raw of ['example.com/path', 'example.com', 'src/index.ts', '/etc/passwd', '//etc/passwd', 'mailto:a@b.c', 'user@host:/x', 'C:\\x', 'hello', '', 'http:', 'git:/x', 'foo:bar']) {
      expect(parseUrl(raw), raw).toBeNull();
    }
  });

  it('reads port, credentials and secret-looking query parameters', () => {
    const url = parseUrl('https://user:hunter2@api.example.com:8443/v1?access_token=abc&page=2&api_key=x&X-Amz-Signature=s&author=me')!;
    expect(url).toMatchObject({ port: 8443, has_credentials: true, host: 'api.example.com' });
    expect(url.secret_params.sort()).toEqual(['X-Amz-Signature', 'access_token', 'api_key']);
    expect(parseUrl('https://maps.example.com/?key=AIza&q=x')!.secret_params).toEqual(['key']);
    expect(parseUrl('https://user@example.com/')!.has_credentials).toBe(true);
    expect(parseUrl('https://example.com/?q=token')!.secret_params).toEqual([]);
    expect(parseUrl('http://example.com/')!.port).toBe(80);
    expect(parseUrl('redis://cache:6380/0')!.port).toBe(6380);
    expect(parseUrl('redis://cache/0')!.port).toBe(6379);
    expect(parseUrl('foo://cache/0')!.port).toBeNull();
  });
});

describe('parseUrl: every spelling of loopback and private IPv4', () => {
  const loopback = [
    'http://127.0.0.1/', 'http://127.0.0.1:8080/', 'http://2130706433/', 'http://0x7f000001/', 'http://0X7F000001/',
    'http://0177.0.0.1/', 'http://00177.0000.0000.0001/', 'http://017700000001/', 'http://127.1/', 'http://127.0.1/',
    'http://0x7f.1/', 'http://0x7f.0.0.0x1/', 'http://0177.0.0.0x1/', 'http://127.0.0.1./', 'http://127.000.000.001/',
    'http://%31%32%37.0.0.1/', 'http://１２７.０.０.１/', 'http://127.255.255.254/', 'http://user:pw@127.0.0.1/',
    'gopher://2130706433/', 'dict://0x7f000001:11211/', 'ftp://127.1/', 'http://127%2e0%2e0%2e1/', 'http://127。0。0。1/',
    'http://127.0.0.1\t/', 'http:/127.0.0.1/', 'http:127.0.0.1', 'https:\\\\127.1/', 'ws://127.1:9222/devtools',
  ];
  it.each(loopback)('%s is loopback', (url) => {
    expect(kindOf(url)).toBe('loopback');
    expect(parseUrl(url)!.ip).toMatch(/^127\./);
  });

  it.each([
    ['http://10.1/', '10.0.0.1'],
    ['http://10.0.0.1/', '10.0.0.1'],
    ['http://167772161/', '10.0.0.1'],
    ['http://0xa000001/', '10.0.0.1'],
    ['http://012.0.0.1/', '10.0.0.1'],
    ['http://172.16.0.1/', '172.16.0.1'],
    ['http://172.31.255.255/', '172.31.255.255'],
    ['http://192.168.1.1/', '192.168.1.1'],
    ['http://0xc0.0xa8.1.1/', '192.168.1.1'],
    ['http://3232235777/', '192.168.1.1'],
    ['http://192.168.257/', '192.168.1.1'],
    ['http://100.64.0.1/', '100.64.0.1'],
  ])('%s is private %s', (url, ip) => {
    expect(parseUrl(url)).toMatchObject({ ip, ip_kind: 'private' });
  });

  it.each(['http://172.15.255.255/', 'http://172.32.0.1/', 'http://100.128.0.1/', 'http://11.0.0.1/'])('%s, a neighbour of a private range, is public', (url) => {
    expect(kindOf(url)).toBe('public');
  });
});

describe('parseUrl: cloud metadata, link-local, unspecified, multicast, reserved', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9fea9fe/', 'http://0251.0376.0251.0376/',
    'http://169.254.43518/', 'http://0xa9.0xfe.0xa9.0xfe/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00:ec2::254]/latest/meta-data/', 'http://100.100.100.200/latest/meta-data/', 'http://192.0.0.192/opc/v2/',
    'http://169.254.170.2/v2/credentials', 'http://metadata.google.internal/computeMetadata/v1/',
    'http://metadata/computeMetadata/v1/', 'http://instance-data/latest/', 'http://instance-data.ec2.internal/',
    'http://METADATA.GOOGLE.INTERNAL./', 'http://[64:ff9b::169.254.169.254]/', 'http://[::169.254.169.254]/',
  ])('%s is metadata', (url) => expect(kindOf(url)).toBe('metadata'));

  /** The remaining special ranges: kind → URLs in it. */
  const SPECIAL: Record<string, string[]> = {
    link_local: ['http://169.254.1.1/', 'http://[fe80::1]/', 'http://[fe80::1%25eth0]/'],
    unspecified: ['http://0.0.0.0/', 'http://0/', 'http://0.0.0.0:3000/', 'http://[::]/'],
    multicast: ['http://224.0.0.251/', 'http://[ff02::1]/'],
    reserved: ['http://255.255.255.255/', 'http://240.0.0.1/', 'http://192.0.2.10/', 'http://[2001:db8::1]/'],
  };
  it.each(Object.entries(SPECIAL).flatMap(([kind, urls]) => urls.map((url) => [url, kind])))('%s is %s', (url, kind) => {
    expect(kindOf(url)).toBe(kind);
  });
});

describe('parseUrl: IPv6', () => {
  it.each([
    ['http://[::1]/', '::1', 'loopback'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1', 'loopback'],
    ['http://[0000:0000:0000:0000:0000:0000:0000:0001]:8080/', '::1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '127.0.0.1', 'loopback'],
    ['http://[::ffff:7f00:1]/', '127.0.0.1', 'loopback'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', '127.0.0.1', 'loopback'],
    ['http://[::127.0.0.1]/', '::7f00:1', 'loopback'],
    ['http://[::ffff:10.0.0.1]/', '10.0.0.1', 'private'],
    ['http://[fc00::1]/', 'fc00::1', 'private'],
    ['http://[fd12:3456::1]/', 'fd12:3456::1', 'private'],
    ['http://[2002:7f00:1::]/', '2002:7f00:1::', 'loopback'],
    ['http://[2002:c0a8:101::1]/', '2002:c0a8:101::1', 'private'],
    ['http://[64:ff9b::7f00:1]/', '64:ff9b::7f00:1', 'loopback'],
    ['http://[64:ff9b::808:808]/', '64:ff9b::808:808', 'public'],
    ['http://[2001:4860:4860::8888]/', '2001:4860:4860::8888', 'public'],
    ['http://[::ffff:8.8.8.8]/', '8.8.8.8', 'public'],
    ['http://[::ffff:0:127.0.0.1]/', '::ffff:0:7f00:1', 'loopback'],
    ['HTTP://[::FFFF:A9FE:A9FE]/', '169.254.169.254', 'metadata'],
  ])('%s → %s %s', (url, ip, kind) => {
    expect(parseUrl(url)).toMatchObject({ ip, ip_kind: kind });
  });

  it('keeps a zone id out of the address and still classifies it', () => {
    const url = parseUrl('http://[fe80::1%eth0]:8080/x')!;
    expect(url).toMatchObject({ valid: false, ip: 'fe80::1', ip_kind: 'link_local', port: 8080, path: '/x' });
  });
});

describe('parseUrl: DNS names special without DNS', () => {
  it.each([
    ['http://localhost/', 'loopback', 'localhost'],
    ['http://LOCALHOST:3000/', 'loopback', 'localhost'],
    ['http://loc\talhost/', 'loopback', 'localhost'],
    ['https://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/', 'loopback', 'localhost'],
    ['http://localhost./', 'loopback', 'localhost'],
    ['http://app.localhost/', 'loopback', '*.localhost'],
    ['http://localtest.me/', 'loopback', 'loopback-alias'],
    ['http://10.0.0.1.nip.io/', 'private', 'embedded-ip-dns'],
    ['http://app-127-0-0-1.sslip.io/', 'loopback', 'embedded-ip-dns'],
    ['http://kubernetes.default.svc/', 'private', 'kubernetes'],
    ['http://db.internal/', 'private', '*.internal'],
    ['http://printer.local/', 'private', '*.local'],
  ])('%s → %s (%s)', (url, kind, special) => {
    expect(parseUrl(url)).toMatchObject({ ip: null, ip_kind: kind, special_host: special });
  });

  it('leaves ordinary public names and addresses alone', () => {
    for (const url of ['https://example.com/', 'https://registry.npmjs.org/x', 'https://github.com/a/b', 'http://localhost.example.com/', 'https://metadata.example.com/', 'http://8.8.8.8.example.com/']) {
      expect(parseUrl(url), url).toMatchObject({ ip: null, ip_kind: null, special_host: null });
    }
    for (const url of ['http://8.8.8.8/', 'http://1.1.1.1/', 'http://134744072/', 'http://[2606:4700:4700::1111]/']) {
      expect(parseUrl(url)!.ip_kind, url).toBe('public');
    }
  });
});

describe('parseUrl: parser disagreements and invalid hosts', () => {
  it('states the riskier host when a curl-like reading differs from WHATWG', () => {
    // WHATWG treats `\` as a path separator (host a.com); curl takes everything before the last `@` as userinfo.
    const url = parseUrl('http://a.com\\@127.0.0.1/')!;
    expect(url).toMatchObject({ host: '127.0.0.1', ip_kind: 'loopback', has_credentials: true });
    // Both readings agree on the last `@`.
    expect(parseUrl('http://example.com@169.254.169.254/')).toMatchObject({ ip_kind: 'metadata', has_credentials: true });
    expect(parseUrl('http://169.254.169.254#@example.com/')).toMatchObject({ ip_kind: 'metadata' });
  });

  it('states an invalid URL as invalid, never as safe', () => {
    const url = parseUrl('http://0xffffffffff/')!;
    expect(url.valid).toBe(false);
    expect(url.ip_kind).toBeNull();
    expect(parseUrl('http://[::1/')!.valid).toBe(false);
    expect(parseUrl('http://exa mple.com/')!.valid).toBe(false);
  });
});

describe('hostile input', () => {
  it('never throws and stays fast', () => {
    const huge = 'http://' + 'a'.repeat(10 * 1024 * 1024);
    const inputs: unknown[] = [
      huge, 'http://\0/', 'http://\uD800.com/', 'http://[' + ':'.repeat(10_000) + ']/', 'http://' + '1.'.repeat(100_000),
      'https://x/?' + 'a=1&'.repeat(200_000), null, undefined, 42, {}, 'http://%/', 'http://%zz/', 'http://[%]/', 'http://@/',
      'http://:80/', 'http:///x',
    ];
    const start = performance.now();
    for (const input of inputs) expect(() => parseUrl(input as string)).not.toThrow();
    expect(performance.now() - start).toBeLessThan(2000);
    expect(parseUrl(null as unknown as string)).toBeNull();
    expect(parseUrl(huge)!.raw.length).toBe(65_536);
  });
});

describe('classifyHost and parseIpHost', () => {
  it('classifies bare hosts, as the bash normalizer sees them (nc, ssh, curl without scheme)', () => {
    expect(classifyHost('0x7f000001')).toMatchObject({ ip: '127.0.0.1', ip_kind: 'loopback' });
    expect(classifyHost('[::1]')).toMatchObject({ ip: '::1', ip_kind: 'loopback' });
    expect(classifyHost('::1')).toMatchObject({ ip: '::1', ip_kind: 'loopback' });
    expect(classifyHost('metadata.google.internal')).toMatchObject({ ip_kind: 'metadata' });
    expect(classifyHost('example.com')).toEqual({ ip: null, ip_kind: null, special_host: null });
    expect(classifyHost('')).toEqual({ ip: null, ip_kind: null, special_host: null });
    expect(parseIpHost('example.com')).toBeNull();
    expect(parseIpHost('1.2.3.4.5')).toBeNull();
    expect(parseIpHost('a/b')).toBeNull();
    expect(parseIpHost('fe80::1%25en0')).toMatchObject({ ip: 'fe80::1', kind: 'link_local', version: 6 });
  });
});
