/**
 * The layering of src/ as a test: every import between top-level modules must be in
 * ALLOWED_IMPORTS, there is no cycle between modules or between files, and the README
 * shows the table the test enforces.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, moduleOf, SRC } from './import-graph.js';
import { ALLOWED_IMPORTS, layersMarkdown } from './layers.js';

const graph = importGraph();
const rel = (file: string) => path.relative(SRC, file);

describe('architecture', () => {
  it('every top-level module of src/ is in the table', () => {
    const modules = readdirSync(SRC)
      .filter((e) => statSync(path.join(SRC, e)).isDirectory() || (e.endsWith('.ts') && !e.endsWith('.test.ts')))
      .map((e) => e.replace(/\.ts$/, ''));
    expect(modules.filter((m) => !(m in ALLOWED_IMPORTS))).toEqual([]);
  });

  it('imports between modules follow the table', () => {
    const violations: string[] = [];
    for (const [file, deps] of graph.files) {
      const from = moduleOf(file);
      for (const dep of deps) {
        const to = moduleOf(dep);
        if (to !== from && !ALLOWED_IMPORTS[from]?.uses.includes(to)) violations.push(`${rel(file)} imports ${rel(dep)} (${from} → ${to} is not allowed)`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the table itself has no cycle', () => {
    const table = new Map(Object.entries(ALLOWED_IMPORTS).map(([m, { uses }]) => [m, uses]));
    expect(findCycles(table)).toEqual([]);
  });

  it('no cycle between files', () => {
    expect(findCycles(graph.files).map((c) => c.map(rel).join(' → '))).toEqual([]);
  });

  it('no route imports the store: routes call the pipeline or a read model', () => {
    const routes = [...graph.files].filter(([f]) => rel(f).startsWith(`server${path.sep}routes${path.sep}`));
    const offenders = routes.flatMap(([f, deps]) => deps.filter((d) => moduleOf(d) === 'store').map((d) => `${rel(f)} imports ${rel(d)}`));
    // Routes validate, call the pipeline or a read model (session/, audit/), and answer.
    expect(offenders).toEqual([]);
  });

  it('test support lives in test/support/, never in src/ (so none of it is built into dist/)', () => {
    const shipped = [...graph.files.keys()].map(rel).filter((f) => /(^|\/)(test-helpers|testdata|fixtures)(\/|$)/.test(f));
    expect(shipped).toEqual([]);
    const importsVitest = [...graph.files.keys()].filter((f) => /from 'vitest'/.test(readFileSync(f, 'utf8'))).map(rel);
    expect(importsVitest).toEqual([]);
  });

  it('the README shows the table the test enforces', () => {
    const readme = readFileSync(path.resolve(SRC, '../README.md'), 'utf8');
    expect(readme).toContain(layersMarkdown());
  });
});
