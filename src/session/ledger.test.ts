import { describe, expect, it } from 'vitest';
import { asRunScript, MAX_KEPT_FILES, MAX_LEDGER_FILES, MAX_STAGED, recordLedger, type LedgerEntry } from './ledger.js';
import { emptyState, parseState, serializeState } from './state.js';

const entry = (p: string, t = 0): LedgerEntry => ({ p, h: null, t, risk: null });

describe('session file ledger', () => {
  it('keeps the last MAX_LEDGER_FILES files, a rewritten file once', () => {
    let files: LedgerEntry[] = [];
    for (let i = 0; i < MAX_LEDGER_FILES + 50; i++) files = recordLedger(files, [entry(`/w/f${i}`, i)]);
    expect(files).toHaveLength(MAX_LEDGER_FILES);
    expect(files[0].p).toBe('/w/f50');
    files = recordLedger(files, [entry('/w/f60', 999)]);
    expect(files.filter((f) => f.p === '/w/f60')).toEqual([entry('/w/f60', 999)]);
  });

  it('keeps the content of the newest MAX_KEPT_FILES files only', () => {
    let files: LedgerEntry[] = [];
    for (let i = 0; i < MAX_KEPT_FILES + 5; i++) files = recordLedger(files, [{ ...entry(`/w/s${i}.sh`, i), c: `echo ${i}\n` }]);
    expect(files.filter((f) => f.c !== undefined).map((f) => f.p)).toEqual(files.slice(-MAX_KEPT_FILES).map((f) => f.p));
    expect(files[0]).toEqual(entry('/w/s0.sh', 0));
  });

  it('survives the state column, and old rows without it read as empty', () => {
    const state = { ...emptyState(), files: [entry('/w/a.sh')] };
    expect(parseState(serializeState(state)).files).toEqual([entry('/w/a.sh')]);
    expect(parseState(JSON.stringify({ v: 1 })).files).toEqual([]);
  });

  it('states how content runs: recipes, package scripts, interpreters by name or shebang', () => {
    expect(asRunScript('/w/Makefile', 'all:\n\t@rm -rf /\n')).toBe('rm -rf /');
    expect(asRunScript('/w/package.json', '{"scripts":{"a":"x","b":"y"}}')).toBe('x\ny');
    expect(asRunScript('/w/t.py', "print('a')")).toBe(`python3 -c 'print('\\''a'\\'')'`);
    expect(asRunScript('/w/tool', '#!/usr/bin/env node\nx()')).toMatch(/^node -e /);
    expect(asRunScript('/w/x.sh', 'ls\n')).toBe('ls\n');
  });

  it('keeps at most MAX_STAGED staged-only marks, apart from the files written', () => {
    let files: LedgerEntry[] = [entry('/w/run.sh')];
    for (let i = 0; i < MAX_STAGED + 40; i++) files = recordLedger(files, [{ ...entry(`/w/s${i}`, i), g: true, k: 'staged' }]);
    expect(files.filter((f) => f.k === 'staged')).toHaveLength(MAX_STAGED);
    expect(files[0]).toEqual(entry('/w/run.sh'));
    expect(files.filter((f) => f.k === 'staged').at(-1)!.p).toBe(`/w/s${MAX_STAGED + 39}`);
  });
});
