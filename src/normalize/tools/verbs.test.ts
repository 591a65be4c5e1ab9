import { describe, expect, it } from 'vitest';
import { findVerb, nameWords } from './verbs.js';

describe('tool verbs', () => {
  it('splits names into words, camelCase included', () => {
    expect(nameWords('list_workflowRuns')).toEqual(['list', 'workflow', 'runs']);
    expect(nameWords('get-library-docs')).toEqual(['get', 'library', 'docs']);
  });

  it('takes the first verb word: server and object words around it do not count', () => {
    expect(findVerb('list_workflow_runs')?.effect).toBe('read');
    expect(findVerb('git_add')).toMatchObject({ effect: 'write', verb: 'create' });
    expect(findVerb('git_commit')?.effect).toBe('write');
    expect(findVerb('resources_create_or_update')).toMatchObject({ word: 'create', effect: 'write' });
    expect(findVerb('browser_navigate')?.effect).toBe('read');
    expect(findVerb('puppeteer_evaluate')?.effect).toBe('exec');
    expect(findVerb('getBuildLogs')?.effect).toBe('read');
    expect(findVerb('request_reviewers')).toMatchObject({ effect: 'write', verb: 'create' });
  });

  it('reads moves, recursive deletes and grants from the words after the verb', () => {
    expect(findVerb('move_file')).toMatchObject({ effect: 'write', moves: true });
    expect(findVerb('delete_directory')).toMatchObject({ effect: 'delete', recursive: true });
    expect(findVerb('delete_file')).toMatchObject({ effect: 'delete' });
    expect(findVerb('delete_file')?.recursive).toBeUndefined();
    expect(findVerb('create_deploy_key')).toEqual({ word: 'create', effect: 'write' });
    expect(findVerb('add_collaborator')).toEqual({ word: 'add', effect: 'write' });
    expect(findVerb('request_access')).toEqual({ word: 'request', effect: 'write' });
  });

  it('has no verb for names without one', () => {
    expect(findVerb('frobnicate')).toBeUndefined();
    expect(findVerb('Task')).toBeUndefined();
    expect(findVerb('Grep')?.effect).toBe('read');
  });
});
