import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodesMarkdown, ToolgateError } from './errors.js';

describe('the error-code catalogue', () => {
  it('is what the README documents', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme).toContain(errorCodesMarkdown());
  });

  it('gives each error its code\'s status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(new ToolgateError(code as keyof typeof ERROR_CODES, 'm').status).toBe(status);
    }
  });
});
