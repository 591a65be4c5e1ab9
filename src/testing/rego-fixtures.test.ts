/**
 * The generated Rego tests' inputs are what the normalizer states today: a fresh generation
 * equals the committed files (run `npm run gen:rego-fixtures` after changing the facts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_DIR } from '../paths.js';
import { generatedTestFiles, regenerate, regenerateAll } from './rego-fixtures.js';

describe('generated Rego test inputs', () => {
  it('equal a fresh generation from the normalizer', () => {
    const { stale, problems, inputs } = regenerateAll(DEFAULT_POLICY_DIR, 'check');
    expect(problems).toEqual([]);
    expect(stale, 'run npm run gen:rego-fixtures').toEqual([]);
    expect(inputs).toBeGreaterThan(90);
  });

  it('re-creates an input that no longer matches its call, and only that one', () => {
    const file = generatedTestFiles(DEFAULT_POLICY_DIR).find((f) => f.endsWith(path.join('bash', 'destructive_git_test.rego')))!;
    const committed = readFileSync(file, 'utf8');
    const edited = committed.replace('"argv":["git","push","--force","origin","main"]', '"argv":["git","status"]');
    expect(edited).not.toBe(committed);
    const result = regenerate(edited);
    expect(result.changed).toEqual(['test_force_push_asks']);
    expect(result.text).toBe(committed);
  });
});
