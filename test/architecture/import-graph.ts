/**
 * The import graph of src/ as the TypeScript compiler reads it (static imports,
 * re-exports and dynamic import()), for the architecture test and for anyone who
 * wants to see the layering. Test files are left out (test support lives in test/support/): they may
 * reach across layers to build fixtures, and they never ship.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const SRC = path.resolve(import.meta.dirname, '../../src');

/** The top-level module a file belongs to: its folder under src/, or its own name for a root file. */
export function moduleOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? rel[0]!.replace(/\.ts$/, '') : rel[0]!;
}

export function isProductionFile(file: string): boolean {
  return file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts');
}

export function productionFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...productionFiles(full));
    else if (isProductionFile(full)) out.push(full);
  }
  return out.sort();
}

/** Relative imports of one file, resolved to .ts files under src/. */
export function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out: string[] = [];
  for (const ref of info.importedFiles) {
    if (!ref.fileName.startsWith('.')) continue;
    out.push(path.resolve(path.dirname(file), ref.fileName.replace(/\.js$/, '.ts')));
  }
  return out;
}

export interface ImportGraph {
  /** file → files it imports */
  files: Map<string, string[]>;
  /** module → modules it imports (other than itself) */
  modules: Map<string, Set<string>>;
}

export function importGraph(): ImportGraph {
  const files = new Map<string, string[]>();
  const modules = new Map<string, Set<string>>();
  for (const file of productionFiles()) {
    const deps = importsOf(file);
    files.set(file, deps);
    const from = moduleOf(file);
    if (!modules.has(from)) modules.set(from, new Set());
    for (const dep of deps) {
      const to = moduleOf(dep);
      if (to !== from) modules.get(from)!.add(to);
    }
  }
  return { files, modules };
}

/** Every elementary cycle found by a depth-first search, each as the path that closes it. */
export function findCycles(graph: Map<string, Iterable<string>>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
