import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The toolgate package root, whether running from src/ (tests) or dist/ (built). */
export const PACKAGE_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** Shipped Rego sources and default data. */
export const DEFAULT_POLICY_DIR = path.join(PACKAGE_ROOT, 'policies');

/** The committed compiled bundle of the shipped policies, so running the gateway needs no Go. */
export const DEFAULT_BUNDLE_DIR = path.join(PACKAGE_ROOT, 'bundle');
