/**
 * GitHub Actions expressions (`${{ … }}`) in a workflow's `run:` steps, written as the shell
 * text they stand for once the runner has substituted them, so that the bash producer judges
 * the step as it will run: a secret is a credential variable, the whole `secrets` context is
 * the whole environment, and text an outsider writes (an issue title, a branch name) spliced
 * into the script is code nobody can see in advance. Data: a new context is a new row.
 */
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** Expression → shell text; the first row whose pattern matches wins. */
const EXPRESSION_AS_SHELL: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  // toJSON(secrets), secrets: every secret of the repository at once.
  [/^(?:toJSON\(\s*secrets\s*\)|secrets)$/i, () => '$(printenv)'],
  [/^secrets\.([A-Za-z_][A-Za-z0-9_]*)$/, (m) => `\${GITHUB_SECRET_${m[1].toUpperCase()}}`],
  [/^secrets\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]$/, (m) => `\${GITHUB_SECRET_${m[1].toUpperCase()}}`],
  [/^(?:github\.token|env\.GITHUB_TOKEN)$/, () => '${GITHUB_TOKEN}'],
  // Fields of the triggering event that whoever opens an issue, a pull request or a branch writes.
  [/^github\.(?:head_ref|event\.[\w.]*\b(?:title|body|message|name|ref|label|email|default_branch|description))$/, () => '$(eval "$UNTRUSTED_EVENT_TEXT")'],
  [/^env\.([A-Za-z_][A-Za-z0-9_]*)$/, (m) => `\${${m[1]}}`],
];

/** A workflow or composite action of GitHub Actions. */
export function isGithubWorkflow(path: string): boolean {
  return /(?:^|\/)\.github\/(?:workflows|actions)\//.test(path.replace(/\\/g, '/'));
}

/**
 * The step's shell text with every expression replaced by what it stands for (anything else: a
 * plain word). The runner substitutes the text before the shell reads it, so an expression
 * inside single quotes is no safer: there the replacement closes and reopens the quotes.
 */
export function ciExpressionsAsShell(step: string): string {
  const singleQuoted = singleQuotedOffsets(step);
  return step.replace(EXPRESSION, (_all, body: string, offset: number) => {
    let shell = 'GHA_EXPRESSION';
    for (const [pattern, make] of EXPRESSION_AS_SHELL) {
      const m = pattern.exec(body);
      if (m !== null) {
        shell = make(m);
        break;
      }
    }
    return singleQuoted.has(offset) ? `'"${shell}"'` : shell;
  });
}

/** Offsets of the `${{` that stand inside single quotes, by bash's quoting rules. */
function singleQuotedOffsets(text: string): Set<number> {
  const out = new Set<number>();
  let state: 'none' | 'single' | 'double' = 'none';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (state === 'single') {
      if (ch === "'") state = 'none';
      else if (text.startsWith('${{', i)) out.add(i);
    } else if (ch === '\\') i++;
    else if (state === 'none' && ch === "'") state = 'single';
    else if (ch === '"') state = state === 'double' ? 'none' : 'double';
  }
  return out;
}

/** Triggers that run a workflow with the repository's secrets on behalf of an outsider's pull request. */
const PRIVILEGED_TRIGGERS = /(?:^|\n)\s*(?:on\s*:.*\b|-\s*|)(?:pull_request_target|workflow_run)\b/;
/** A checkout of the outsider's commits: the head of the pull request or of the triggering run. */
const OUTSIDER_REF = /\bref\s*:\s*['"]?\$\{\{\s*(?:github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|github\.event\.workflow_run\.head_(?:sha|branch))\s*\}\}/;

/**
 * A workflow that runs on pull_request_target or workflow_run (with the repository's secrets
 * and write token) and checks out the outsider's commits runs code nobody has reviewed with
 * those secrets: whatever its later steps say (`npm ci` runs the pull request's own scripts).
 */
export function runsOutsiderCode(content: string): boolean {
  return PRIVILEGED_TRIGGERS.test(content) && OUTSIDER_REF.test(content);
}
