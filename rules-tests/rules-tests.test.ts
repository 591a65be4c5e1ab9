/**
 * Runs every decision case file under rules-tests/ against the compiled default
 * bundle, through the same normalize → evaluate path the gateway takes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile, runCase } from '../src/testing/cases.js';
import { LoadedRevision, readBundle } from '../src/policy/index.js';
import { DEFAULT_BUNDLE_DIR, PACKAGE_ROOT } from '../src/paths.js';

const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));
const files = findCaseFiles([path.join(PACKAGE_ROOT, 'rules-tests')]);

for (const file of files) {
  describe(path.relative(PACKAGE_ROOT, file), () => {
    for (const testCase of loadCaseFile(file)) {
      it(testCase.name, () => {
        const outcome = runCase(revision, testCase);
        expect(outcome.failures, JSON.stringify(outcome.decision.reasons)).toEqual([]);
      });
    }
  });
}
