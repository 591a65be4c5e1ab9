/**
 * Every migration, in order. Add a file NNN_name.ts and one line here; never edit a
 * migration that has shipped. The same list runs on SQLite and PostgreSQL.
 */
import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002ChainAnchors from './002_chain_anchors.js';
import * as m003ApiTokens from './003_api_tokens.js';
import * as m004ShadowDiffs from './004_shadow_diffs.js';
import * as m005Governance from './005_governance.js';
import * as m006Approvals from './006_approvals.js';
import * as m007ChainAnchorMac from './007_chain_anchor_mac.js';
import * as m008AgentStops from './008_agent_stops.js';
import * as m009PolicyHistory from './009_policy_history.js';
import * as m010FollowUpHashes from './010_follow_up_hashes.js';
import * as m011Trail from './011_trail.js';

export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_chain_anchors': m002ChainAnchors,
  '003_api_tokens': m003ApiTokens,
  '004_shadow_diffs': m004ShadowDiffs,
  '005_governance': m005Governance,
  '006_approvals': m006Approvals,
  '007_chain_anchor_mac': m007ChainAnchorMac,
  '008_agent_stops': m008AgentStops,
  '009_policy_history': m009PolicyHistory,
  '010_follow_up_hashes': m010FollowUpHashes,
  '011_trail': m011Trail,
};
