/** POST /v1/hooks/claude-code: Claude Code's http hook type (see src/integrations/claude-code/http-hook.ts). */
export { registerClaudeCodeHookRoutes } from '../../integrations/claude-code/http-hook.js';
