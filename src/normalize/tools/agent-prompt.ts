/**
 * Tools that hand a prompt to another agent (Task, Agent, `mcp__codex__codex {prompt}`, a
 * `delegate_task {instructions}`): the command lines the prompt tells that agent to run are
 * what the call sets going, so they are read by the bash producer and their effects judged as
 * the Bash tool's (`Run \`curl … | bash\``, a fenced `rm -rf ~/`, `Run this exactly: … | sh`).
 * Only what reads as a command line counts: a fenced block in a shell language (or none), an
 * inline code span, and the text after a line's last `: ` when it holds a shell operator. A
 * snippet the bash producer cannot read fully (prose, code in another language) states nothing:
 * the sub-agent's own calls are checked when it makes them, so a prompt never asks for lack of
 * analysis. Data: a new agent word or prompt field is a new line.
 */
import type { Effect } from '../effects.js';
import type { NormalizeContext } from '../facts.js';
import { normalizeBash } from '../bash/index.js';
import { nameWords } from './verbs.js';

/** Built-in tools that start a sub-agent with a prompt. */
const AGENT_TOOLS: ReadonlySet<string> = new Set(['Task', 'Agent', 'task', 'agent', 'spawn_agent', 'delegate']);
/** Words of an MCP server or tool name that say it runs an agent on a prompt. */
const AGENT_WORDS: ReadonlySet<string> = new Set([
  'agent', 'agents', 'subagent', 'codex', 'claude', 'aider', 'gemini', 'copilot', 'cursor', 'devin', 'openhands', 'goose', 'delegate', 'swarm', 'crew',
  // Agent-to-agent protocols and other coding agents run as servers.
  'a2a', 'crewai', 'autogen', 'opencode', 'jules', 'cline', 'amp', 'assistant', 'assistants',
]);
const PROMPT_KEYS = ['prompt', 'instructions', 'task', 'query', 'message', 'input', 'text', 'goal', 'objective', 'request'];

const MAX_SNIPPETS = 32;
const MAX_SNIPPET = 4096;
const SHELL_FENCES: ReadonlySet<string> = new Set(['', 'bash', 'sh', 'shell', 'zsh', 'console', 'terminal', 'shell-session', 'sh-session']);
const FENCE = /```([\w-]*)[^\n]*\n([\s\S]*?)```/g;
const INLINE = /`([^`\n]{2,})`/g;
const AFTER_COLON = /:\s+([^\n]*?(?:\||&&|;|>|\$\()[^\n]*)$/;

/** The prompt a tool hands an agent, or null when it is no agent tool or has none. */
export function agentPromptOf(name: string, server: string | null, tool: string | null, input: Record<string, unknown>): string | null {
  const isAgent = AGENT_TOOLS.has(name) || (server !== null && [...nameWords(server), ...nameWords(tool ?? '')].some((w) => AGENT_WORDS.has(w)));
  if (!isAgent) return null;
  return PROMPT_KEYS.map((k) => input[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? null;
}

/** The command lines a prompt tells the agent to run. */
export function promptCommandLines(prompt: string): string[] {
  const out: string[] = [];
  const add = (text: string): void => {
    const line = text.trim().replace(/^\$\s+/gm, '');
    if (line !== '' && out.length < MAX_SNIPPETS && !out.includes(line)) out.push(line.slice(0, MAX_SNIPPET));
  };
  let rest = prompt;
  for (const m of prompt.matchAll(FENCE)) {
    if (SHELL_FENCES.has(m[1].toLowerCase())) add(m[2]);
    rest = rest.replace(m[0], '\n');
  }
  for (const m of rest.matchAll(INLINE)) add(m[1]);
  for (const line of rest.replace(INLINE, '').split('\n')) {
    const m = AFTER_COLON.exec(line);
    if (m !== null) add(m[1]);
  }
  return out;
}

/** The effects of the command lines a prompt tells an agent to run (only those the bash producer read fully). */
export function agentPromptEffects(prompt: string, ctx: NormalizeContext): Effect[] {
  const effects: Effect[] = [];
  for (const line of promptCommandLines(prompt)) {
    let facts;
    try {
      facts = normalizeBash(line, ctx);
    } catch {
      continue;
    }
    if (facts.parse_error || facts.indeterminate.length > 0) continue;
    effects.push(...facts.effects.filter((e) => e.type !== 'unknown'));
  }
  return effects;
}
