import { describe, expect, it } from 'vitest';
import { readPatch } from './patch.js';

describe('readPatch', () => {
  it('lists the files of an apply_patch envelope and its added lines', () => {
    const summary = readPatch('*** Begin Patch\n*** Add File: a.txt\n+one\n+two\n*** Delete File: b.txt\n*** End Patch\n');
    expect(summary).toEqual({ files: ['a.txt', 'b.txt'], added: 'one\ntwo', unrecognized: false });
  });

  it('reads git diffs with renames, /dev/null and quoted names', () => {
    const diff = [
      'diff --git a/old.ts b/new.ts',
      'rename from old.ts',
      'rename to new.ts',
      'diff --git "a/with space.ts" "b/with space.ts"',
      '--- /dev/null',
      '+++ "b/with space.ts"',
      '+added',
      '--- a/third.ts\t2024-01-01',
      '+++ b/third.ts\t2024-01-01',
      '@@ -1,2 +1,2 @@',
      '--- not a header: a removed SQL comment',
      '+++ nor this',
      ' context',
    ].join('\r\n');
    const summary = readPatch(diff);
    // The pair inside the hunk is read both ways: as content and as (harmless) file names.
    expect(summary.files).toEqual(['old.ts', 'new.ts', 'with space.ts', 'third.ts', 'not a header: a removed SQL comment', 'nor this']);
    expect(summary.added).toBe('added\n++ nor this');
  });

  it('does not let a hunk header that lies about its size hide a file', () => {
    const diff = ['--- a/x', '+++ b/x', '@@ -1,999 +1,999 @@', ' ok', 'diff --git a/y b/etc/cron.d/evil', '--- a/y', '+++ b/etc/cron.d/evil', '+* * * * * root sh'].join('\n');
    const summary = readPatch(diff);
    expect(summary.files).toContain('etc/cron.d/evil');
    expect(summary.added).toContain('root sh');
  });

  it('says when the text is not a patch', () => {
    expect(readPatch('hello\n+world').unrecognized).toBe(true);
    expect(readPatch('').files).toEqual([]);
  });

  it('stays bounded on a huge patch', () => {
    const big = '*** Begin Patch\n' + Array.from({ length: 5000 }, (_, i) => `*** Add File: f${i}.txt\n+x`).join('\n');
    const start = performance.now();
    const summary = readPatch(big);
    expect(summary.files).toHaveLength(1000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
