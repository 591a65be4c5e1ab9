/**
 * What a tool without a normalizer of its own does, read from the verb in its name
 * (`mcp__fs__delete_file`, `Glob`, `Grep`, `mcp__github__create_issue`). First match wins;
 * a tool that matches none reads its paths. Data, so a new verb is a new line.
 */
export interface ToolVerb {
  pattern: RegExp;
  effect: 'delete' | 'write' | 'read' | 'send' | 'exec';
  recursive?: boolean;
  /** The verb stated in the facts when it says more than the effect: "create" only adds (an issue, a pull request, a page) and replaces nothing. */
  verb?: 'create';
}

export const TOOL_VERBS: readonly ToolVerb[] = [
  { pattern: /(?:^|[_\-.]|__)(?:rm_?rf|delete_(?:dir|directory|folder|tree)|remove_(?:dir|directory|folder|tree)|rmdir|purge|wipe)(?:$|[_\-.])/i, effect: 'delete', recursive: true },
  { pattern: /(?:^|[_\-.]|__)(?:delete|remove|rm|unlink|trash|destroy|drop)(?:$|[_\-.A-Z])/i, effect: 'delete' },
  { pattern: /(?:^|[_\-.]|__)(?:exec|execute|run|shell|terminal|command|eval|spawn|start_process|launch|invoke)(?:$|[_\-.A-Z])/i, effect: 'exec' },
  { pattern: /(?:^|[_\-.]|__)(?:send|post|publish|upload|share|email|notify|comment|message)(?:$|[_\-.A-Z])/i, effect: 'send' },
  // Adding access, keys, hooks or settings grants something: a write that needs vouching, never a plain "create".
  { pattern: /(?:^|[_\-.]|__)(?:create|add|new|open)[_\-.](?:\w+[_\-.])?(?:webhook|hook|key|deploy_key|ssh_key|gpg_key|secret|token|user|member|collaborator|permission|role|policy|rule|variable|env|admin|owner|access|grant)s?(?:$|[_\-.])/i, effect: 'write' },
  { pattern: /(?:^|[_\-.]|__)(?:create|add|new|open)(?:$|[_\-.A-Z])/i, effect: 'write', verb: 'create' },
  { pattern: /(?:^|[_\-.]|__)(?:write|create|edit|update|move|rename|put|save|append|patch|replace|insert|set|copy|mkdir|make_directory)(?:$|[_\-.A-Z])/i, effect: 'write' },
  { pattern: /^(?:Glob|Grep|LS|NotebookRead)$|(?:^|[_\-.]|__)(?:read|get|list|search|grep|glob|find|view|cat|tree|stat|info|directory_tree|log|diff|show|status|describe|inspect|history|snapshot|screenshot|navigate|goto|browse|fetch|query|select|count|explain)(?:$|[_\-.A-Z])/i, effect: 'read' },
];
