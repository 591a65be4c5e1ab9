/**
 * `toolgate tokens create|list|revoke`: API tokens in the gateway's database. A running
 * gateway sees a new or revoked token within about a second (it re-reads the list).
 */
import type { Command } from 'commander';
import { openDatabase, redactUrl } from '../store/database.js';
import { createToken, listTokens, revokeTokens } from '../store/tokens.js';
import { defaultDb, fail } from './util.js';

const dbOption = ['--db <path-or-url>', 'SQLite file or postgres:// URL', defaultDb()] as const;

async function withDb<T>(url: string, run: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  let opened;
  try {
    opened = await openDatabase(url);
  } catch (error) {
    fail(`cannot open the database ${redactUrl(url)}: ${(error as Error).message}`);
  }
  try {
    return await run(opened.db);
  } finally {
    await opened.close();
  }
}

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('create, list and revoke API tokens (agent tokens and admin tokens)');

  tokens
    .command('create')
    .description('create a token and print it once (only its sha256 is stored)')
    .option('--agent <id>', 'an agent token, bound to this agent id')
    .option('--admin', 'an admin token (policy, audit, approvals, UI, metrics)')
    .option('--name <text>', 'a note saying what the token is for')
    .option('--json', 'print {id, kind, agent_id, token} as JSON')
    .option(...dbOption)
    .action(async (opts) => {
      if (!!opts.agent === !!opts.admin) fail('say which kind of token: --agent <id> or --admin');
      if (opts.agent !== undefined && !/^[A-Za-z0-9._:@/-]{1,200}$/.test(opts.agent)) {
        fail('--agent: use 1-200 letters, digits or . _ : @ / -');
      }
      const { row, token } = await withDb(opts.db, (db) =>
        createToken(db, { kind: opts.admin ? 'admin' : 'agent', agentId: opts.agent ?? null, name: opts.name ?? null }),
      );
      if (opts.json) {
        process.stdout.write(JSON.stringify({ id: row.id, kind: row.kind, agent_id: row.agent_id, token }) + '\n');
      } else {
        process.stdout.write(`${token}\n`);
        process.stderr.write(
          `created ${row.kind} token ${row.id}${row.agent_id ? ` for agent ${row.agent_id}` : ''}; it is shown only now. ` +
            `Send it as "Authorization: Bearer <token>".\n`,
        );
      }
    });

  tokens
    .command('list')
    .description('list tokens (never the tokens themselves)')
    .option('--all', 'include revoked tokens')
    .option('--json', 'print JSON')
    .option(...dbOption)
    .action(async (opts) => {
      const rows = await withDb(opts.db, (db) => listTokens(db, { includeRevoked: !!opts.all }));
      const shown = rows.map((row) => ({
        id: row.id,
        kind: row.kind,
        agent_id: row.agent_id,
        name: row.name,
        created_at: new Date(Number(row.created_at)).toISOString(),
        revoked_at: row.revoked_at ? new Date(Number(row.revoked_at)).toISOString() : null,
      }));
      if (opts.json) {
        process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
        return;
      }
      if (shown.length === 0) {
        process.stdout.write('no tokens: the gateway only listens on loopback and treats every caller as the local user\n');
        return;
      }
      for (const t of shown) {
        process.stdout.write(
          `${t.id}  ${t.kind.padEnd(5)}  ${(t.agent_id ?? '-').padEnd(20)}  ${t.created_at}${t.revoked_at ? `  revoked ${t.revoked_at}` : ''}${t.name ? `  ${t.name}` : ''}\n`,
        );
      }
    });

  tokens
    .command('revoke')
    .description('revoke a token by id, or every token of an agent')
    .argument('[id]', 'token id (from `toolgate tokens list`)')
    .option('--agent <id>', 'revoke every token of this agent')
    .option(...dbOption)
    .action(async (id: string | undefined, opts) => {
      if (!id && !opts.agent) fail('say what to revoke: a token id or --agent <id>');
      const count = await withDb(opts.db, (db) => revokeTokens(db, { id, agentId: opts.agent }));
      if (count === 0) fail(id ? `no active token with id ${id}` : `no active token for agent ${opts.agent}`);
      process.stdout.write(`revoked ${count} token${count === 1 ? '' : 's'}\n`);
    });
}
