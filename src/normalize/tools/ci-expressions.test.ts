import { describe, expect, it } from 'vitest';
import { ciExpressionsAsShell, isGithubWorkflow, runsOutsiderCode } from './ci-expressions.js';

describe('GitHub expressions as the shell text the runner substitutes', () => {
  it('makes secrets credential variables and the secrets context the whole environment', () => {
    expect(ciExpressionsAsShell('curl -d "k=${{ secrets.deploy_key }}" https://x')).toBe('curl -d "k=${GITHUB_SECRET_DEPLOY_KEY}" https://x');
    expect(ciExpressionsAsShell('echo "${{ toJSON(secrets) }}"')).toBe('echo "$(printenv)"');
    expect(ciExpressionsAsShell('echo ${{ github.token }}')).toBe('echo ${GITHUB_TOKEN}');
  });

  it('closes single quotes around a substitution: the runner substitutes before the shell quotes', () => {
    expect(ciExpressionsAsShell("echo '${{ toJSON(secrets) }}' > s")).toBe("echo ''\"$(printenv)\"'' > s");
    expect(ciExpressionsAsShell('echo "it\'s ${{ secrets.A }}"')).toBe('echo "it\'s ${GITHUB_SECRET_A}"');
  });

  it('reads an outsider\'s text as unseen code and anything else as a plain word', () => {
    expect(ciExpressionsAsShell('echo "${{ github.event.pull_request.title }}"')).toBe('echo "$(eval "$UNTRUSTED_EVENT_TEXT")"');
    expect(ciExpressionsAsShell('pytest --py ${{ matrix.python }}')).toBe('pytest --py GHA_EXPRESSION');
    expect(ciExpressionsAsShell('git checkout ${{ github.sha }}')).toBe('git checkout GHA_EXPRESSION');
  });

  it('knows workflow and action paths', () => {
    expect(isGithubWorkflow('/w/.github/workflows/ci.yml')).toBe(true);
    expect(isGithubWorkflow('/w/.github/actions/setup/action.yml')).toBe(true);
    expect(isGithubWorkflow('/w/.gitlab-ci.yml')).toBe(false);
  });

  it('sees a privileged trigger that checks out the outsider\'s commits', () => {
    const head = '      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n';
    expect(runsOutsiderCode(`on: pull_request_target\njobs:\n  a:\n    steps:\n${head}`)).toBe(true);
    expect(runsOutsiderCode(`on:\n  workflow_run:\n    workflows: [ci]\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.workflow_run.head_sha }}\n`)).toBe(true);
    expect(runsOutsiderCode(`on: pull_request\njobs:\n  a:\n    steps:\n${head}`)).toBe(false);
    expect(runsOutsiderCode('on: pull_request_target\njobs:\n  a:\n    steps:\n      - uses: actions/labeler@v5\n')).toBe(false);
  });
});
