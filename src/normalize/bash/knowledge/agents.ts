/**
 * Model runners and coding-agent CLIs. Their prompt is text for a model, not a command line of
 * theirs to run (an unknown program given `"Summarize: $(git log -1)"` would be indeterminate),
 * so they are known here with the options whose value is that text or a file of it. Starting one
 * with its approvals switched off is judged by policy (bash.defense_evasion.unguarded_agent).
 */
import type { Family, ProgramKnowledge } from './types.js';

const promptOnly = (options: ProgramKnowledge['options'] = {}): ProgramKnowledge => ({ options, options_anywhere: true, rules: [] });

export const AGENTS: Family = {
  ollama: promptOnly({ long: ['format', 'keepalive', 'system', 'template'] }),
  llm: promptOnly({ short: 'msotac', long: ['model', 'system', 'option', 'template', 'attachment', 'continue', 'cid', 'conversation'] }),
  mods: promptOnly({ short: 'mfPr', long: ['model', 'format', 'prompt', 'role', 'api'] }),
  sgpt: promptOnly({ long: ['model', 'role', 'chat', 'repl', 'temperature'] }),
  claude: promptOnly({ long: ['model', 'append-system-prompt', 'system-prompt', 'output-format', 'input-format', 'allowedTools', 'allowed-tools', 'disallowedTools', 'disallowed-tools', 'permission-mode', 'max-turns', 'mcp-config', 'add-dir', 'resume', 'session-id', 'settings'] }),
  codex: promptOnly({ short: 'mspCc', long: ['model', 'sandbox', 'profile', 'cd', 'config', 'ask-for-approval', 'image', 'output-last-message'] }),
  aider: promptOnly({ short: 'm', long: ['message', 'message-file', 'model', 'read', 'file', 'config', 'env-file', 'edit-format', 'weak-model', 'editor-model'] }),
  gemini: promptOnly({ short: 'mp', long: ['model', 'prompt', 'approval-mode', 'include-directories'] }),
  'cursor-agent': promptOnly({ short: 'pm', long: ['model', 'output-format'] }),
  opencode: promptOnly({ short: 'm', long: ['model', 'agent', 'session'] }),
  amp: promptOnly({ short: 'x', long: ['execute', 'mode'] }),
};
