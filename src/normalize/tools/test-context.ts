import type { NormalizeContext } from '../facts.js';

/** The context the tool normalizer tests run in. */
export const ctx: NormalizeContext = { cwd: '/work/proj', home: '/home/dev', workspace_roots: ['/work/proj'] };

/** Fixtures assembled from parts so that test files do not trip secret scanners. */
export const GITHUB_TOKEN = ['ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'].join('');
export const AWS_KEY_ID = ['AKIA', 'Z3MSJV4WBRTUKDPQ'].join('');
