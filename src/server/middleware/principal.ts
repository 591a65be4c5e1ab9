/**
 * Who is calling:
 * - an agent: its token is bound to one agent_id, and it acts only as that agent;
 * - an admin: an admin token, or the local admin secret (data/admin.secret) the gateway
 *   creates at its first start — the operator;
 * - the local caller: no token is configured, the gateway listens on loopback, and the
 *   request carries no credentials. It may check and report (it is an agent, of no agent
 *   in particular), never use the operator's routes: the agent runs on this machine too.
 */
export type Principal =
  | { kind: 'agent'; agentId: string; tokenId: string }
  | { kind: 'admin'; tokenId: string; name?: string | null }
  | { kind: 'local-admin' }
  | { kind: 'local' };

export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'admin' || principal.kind === 'local-admin';
}

/** The agent a request is limited to, or null when it may see every agent's data. */
export function agentScope(principal: Principal): string | null {
  return principal.kind === 'agent' ? principal.agentId : null;
}

/** The principal as the records name it (an approval's decided_by, an agent stop's stopped_by). */
export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'agent':
      return `agent ${principal.agentId} (token ${principal.tokenId})`;
    case 'admin':
      return `admin token ${principal.tokenId}${principal.name ? ` (${principal.name})` : ''}`;
    case 'local-admin':
      return 'local-admin';
    case 'local':
      return 'local caller (no credentials)';
  }
}
