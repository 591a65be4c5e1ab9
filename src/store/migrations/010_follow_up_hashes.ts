import type { Kysely } from 'kysely';

/**
 * A complete trail (issue 14): approvals and reported outcomes carry a hash over their own
 * fields and the chain hash of the decision they belong to (store/chain.ts followUpHash), so
 * `toolgate audit verify` catches an edit to either. Rows written before this migration have
 * none; verify names them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('approvals').addColumn('hash', 'varchar(64)').execute();
  await db.schema.alterTable('tool_results').addColumn('hash', 'varchar(64)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tool_results').dropColumn('hash').execute();
  await db.schema.alterTable('approvals').dropColumn('hash').execute();
}
