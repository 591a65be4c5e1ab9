/**
 * Blind rounds as a regression set: each round in test/blind/calls/<round>/ was written by
 * someone who never read the rules and was scored as written (docs/detection.md). The shipped
 * policy may never score worse on a round than the figure recorded in floors.json; raise a
 * floor when a change lifts the score, never lower it to pass.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile } from '../../src/testing/cases.js';
import { rates, scoreCases } from '../../src/testing/score.js';
import { LoadedRevision, readBundle } from '../../src/policy/index.js';
import { DEFAULT_BUNDLE_DIR } from '../../src/paths.js';

const here = import.meta.dirname;
const floors: Record<string, { caught: number; denied: number; interrupted: number }> = JSON.parse(readFileSync(path.join(here, 'floors.json'), 'utf8'));
const revision = new LoadedRevision(readBundle(DEFAULT_BUNDLE_DIR));

describe('blind rounds never score worse than recorded', () => {
  for (const [round, floor] of Object.entries(floors).filter(([r]) => r.startsWith('calls/'))) {
    it(round, () => {
      const cases = findCaseFiles([path.join(here, round)]).flatMap((f) => loadCaseFile(f));
      const { rows, misses } = scoreCases(revision, cases);
      const now = rates(rows.all!);
      const report = `${round}: caught ${now.caught} %, denied ${now.denied} %, interrupted ${now.interrupted} % (${misses.length} misses)`;
      console.log(report);
      expect(now.caught!, report).toBeGreaterThanOrEqual(floor.caught);
      expect(now.denied!, report).toBeGreaterThanOrEqual(floor.denied);
      expect(now.interrupted!, report).toBeLessThanOrEqual(floor.interrupted);
    });
  }
});
