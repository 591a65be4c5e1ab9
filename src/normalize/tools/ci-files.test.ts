import { describe, expect, it } from 'vitest';
import { ciFileCommands } from './ci-files.js';

describe('command lines of CI, hook and dev-environment files', () => {
  it('reads YAML keys in any nesting, strings, lists and {command} forms', () => {
    expect(ciFileCommands('/w/.circleci/config.yml', 'jobs:\n  b:\n    steps:\n      - run: npm ci\n      - run:\n          command: npm test\n')).toEqual(['npm ci', 'npm test']);
    expect(ciFileCommands('/w/.travis.yml', 'install: [npm ci]\nscript:\n  - npm test\n')).toEqual(['npm ci', 'npm test']);
  });

  it('reads devcontainer lifecycle commands, with comments, and an edit fragment of one', () => {
    expect(ciFileCommands('/w/.devcontainer/devcontainer.json', '{\n // c\n "postCreateCommand": "npm ci", "postStartCommand": {"a": "make dev"}\n}')).toEqual(['npm ci', 'make dev']);
    expect(ciFileCommands('/w/.devcontainer/devcontainer.json', '"postAttachCommand": "bash -c \'id\'",')).toEqual(["bash -c 'id'"]);
  });

  it('reads husky hooks as scripts and Jenkinsfile sh steps', () => {
    expect(ciFileCommands('/w/.husky/pre-commit', 'npx lint-staged\n')).toEqual(['npx lint-staged\n']);
    expect(ciFileCommands('/w/Jenkinsfile', "steps { sh 'make test'; sh(script: \"npm run e2e\") }")).toEqual(['make test', 'npm run e2e']);
  });

  it('is null for other files', () => {
    expect(ciFileCommands('/w/.github/workflows/ci.yml', 'x')).toBeNull();
    expect(ciFileCommands('/w/src/config.yml', 'run: x')).toBeNull();
  });
});
