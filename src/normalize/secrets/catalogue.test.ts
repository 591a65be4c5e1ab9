import { describe, expect, it } from 'vitest';
import { catalogueSpans } from './catalogue.js';
import { maskSecrets, scanSecrets } from './index.js';

// Built from parts so that the repository holds no complete token.
const join = (...parts: string[]): string => parts.join('');
const GITHUB = join('ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5');
const LINEAR = join('lin_api_', 'Xk29dLq0zWpR7vB3nM5cT8yH1jF4gS6aE2uI9oPq');

describe('secretlint catalogue', () => {
  it('recognises provider formats the hand-written detectors do not know', () => {
    expect(catalogueSpans(`LINEAR_KEY=${LINEAR}`).map((s) => s.type)).toContain('linear_api_key');
    expect(scanSecrets(`const k = "${LINEAR}"`).map((f) => f.type)).toContain('linear_api_key');
  });

  it('is not switched off by a secretlint-disable comment', () => {
    expect(scanSecrets(`// secretlint-disable\ntoken = "${GITHUB}"`).map((f) => f.type)).toContain('github_token');
  });

  it('finds connection strings that carry a password, but not stand-ins', () => {
    expect(scanSecrets(join('DATABASE_URL=postgres://app:', 'Zq8xW2vN5kLp', '@db.internal:5432/prod')).map((f) => f.type)).toContain('url_credentials');
    expect(scanSecrets('mongodb://admin:your-password@localhost:27017')).toEqual([]);
  });
});

describe('encoded secrets', () => {
  it('decodes base64, URL and hex runs before matching, and masks the whole run', () => {
    const b64 = Buffer.from(`token=${GITHUB}`).toString('base64');
    expect(scanSecrets(`data: ${b64}`).map((f) => f.type)).toEqual(['github_token']);
    expect(maskSecrets(`data: ${b64}`)).toBe('data: [MASKED:github_token]');
    expect(scanSecrets(`q=${encodeURIComponent(`{"t":"${GITHUB}"}`)}`).map((f) => f.type)).toContain('github_token');
    expect(scanSecrets(`x ${Buffer.from(GITHUB).toString('hex')} y`).map((f) => f.type)).toEqual(['github_token']);
  });

  it('leaves encodings of ordinary text alone', () => {
    expect(scanSecrets(`msg ${Buffer.from('hello world, this is a plain message').toString('base64')}`)).toEqual([]);
    expect(scanSecrets(`path=${encodeURIComponent('/home/me/some file name.txt')}`)).toEqual([]);
  });
});
