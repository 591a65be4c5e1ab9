import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { catalogueRuleIds, catalogueSpans, RULE_LITERALS } from './catalogue.js';
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

describe('the rules’ literal filter', () => {
  /** Every string of the decision cases (rules-tests and the blind rounds) long enough to be scanned. */
  function caseStrings(): string[] {
    const out = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') {
        if (v.length >= 8) out.add(v);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
    };
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\.ya?ml$/.test(entry.name)) walk(parseYaml(readFileSync(full, 'utf8')));
      }
    };
    visit(path.resolve('rules-tests'));
    visit(path.resolve('test/blind/calls'));
    return [...out];
  }

  it('lists every detector rule of the preset, with lowercase literals', () => {
    for (const id of catalogueRuleIds()) expect(RULE_LITERALS[id], id).toBeDefined();
    for (const literals of Object.values(RULE_LITERALS)) for (const l of literals) expect(l).toBe(l.toLowerCase());
  });

  it('finds the same with and without the filter', () => {
    const samples = [
      GITHUB,
      LINEAR,
      join('AWS_SECRET_ACCESS_KEY=', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz7Kq1x9Ab'),
      join('Secret_Access_Key: "', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzz7Kq1x9Ab', '"'),
      join('xoxb-', '123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx'),
      join('https://hooks.SLACK.com/services/', 'T0123ABCD/B0123ABCD/', 'abcdefghijklmnopqrstuvwx'),
      join('https://user:', 'Zq8xW2vN5kLp', '@example.com/x'),
      join('SG.', 'abcdefghijklmnop.', 'qrstuvwxyzABCDEFGHIJ'),
      join('shpat_', 'a'.repeat(32)),
      join('npm_', 'A'.repeat(36)),
      join('MYSQL://root:', 'Zq8xW2vN5kLp', '@db:3306/x'),
      join('mongodb+srv://u:', 'Zq8xW2vN5kLp', '@c.example.net/db'),
      join('-----BEGIN RSA PRIVATE KEY-----\n', 'A'.repeat(120), '\n-----END RSA PRIVATE KEY-----'),
      join('sk-ant-api03-', 'a'.repeat(95), 'AA'),
      join('ops_ey', 'A'.repeat(120), 'fQ=='),
    ];
    const texts = [...samples, ...samples.map((t) => `x ${t.toUpperCase()} y`), ...caseStrings()];
    let found = 0;
    for (const text of texts) {
      const all = catalogueSpans(text, true);
      found += all.length;
      expect(catalogueSpans(text), text).toEqual(all);
    }
    expect(found).toBeGreaterThan(samples.length);
  });
});
