import type { Kysely } from 'kysely';

/**
 * chain_anchors.mac: the prune anchor signed with the chain key (HMAC), so that a prefix
 * deleted by someone without the key cannot pass for a prune.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chain_anchors').addColumn('mac', 'varchar(128)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chain_anchors').dropColumn('mac').execute();
}
