/**
 * Who is calling: an agent (its token is bound to one agent_id), an admin, or — when no
 * token is configured and the gateway listens on loopback only — the local user, who may
 * do everything an admin may.
 */
export type Principal =
  | { kind: 'agent'; agentId: string; tokenId: string }
  | { kind: 'admin'; tokenId: string }
  | { kind: 'local' };

export function isAdmin(principal: Principal): boolean {
  return principal.kind === 'admin' || principal.kind === 'local';
}

/** The agent a request is limited to, or null when it may see every agent's data. */
export function agentScope(principal: Principal): string | null {
  return principal.kind === 'agent' ? principal.agentId : null;
}

export function describePrincipal(principal: Principal): string {
  switch (principal.kind) {
    case 'agent':
      return `agent ${principal.agentId} (token ${principal.tokenId})`;
    case 'admin':
      return `admin (token ${principal.tokenId})`;
    case 'local':
      return 'local user (no tokens configured)';
  }
}
