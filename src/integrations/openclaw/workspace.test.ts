import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fallbackWorkspace, workspaceResolver } from './workspace.js';

const env = { HOME: '/home/u' } as NodeJS.ProcessEnv;

describe('the workspace an OpenClaw agent runs in', () => {
  it('follows OpenClaw\'s order when its resolver is not available', () => {
    expect(fallbackWorkspace(undefined, 'main', env)).toBe('/home/u/.openclaw/workspace');
    expect(fallbackWorkspace(undefined, 'main', { ...env, OPENCLAW_STATE_DIR: '/srv/oc' })).toBe('/srv/oc/workspace');
    expect(fallbackWorkspace(undefined, 'main', { ...env, OPENCLAW_WORKSPACE_DIR: '~/ws', OPENCLAW_STATE_DIR: '/srv/oc' })).toBe('/home/u/ws');
    expect(fallbackWorkspace({ agents: { defaults: { workspace: '~/d' } } }, 'main', env)).toBe('/home/u/d');
    const cfg = { agents: { defaults: { workspace: '/d' }, list: [{ id: 'ops', workspace: '/ops-ws' }] } };
    expect(fallbackWorkspace(cfg, 'ops', env)).toBe('/ops-ws');
    expect(fallbackWorkspace(cfg, 'main', env)).toBe('/d');
  });

  it('uses OpenClaw\'s own resolver per agent, an explicit plugin cwd first, and never the start folder', () => {
    const calls: string[] = [];
    const resolve = (_cfg: unknown, id: string) => (calls.push(id), path.join('/oc', id));
    const of = workspaceResolver({ cfg: {}, resolve, env });
    expect(of('ops')).toBe('/oc/ops');
    expect(of(undefined)).toBe('/oc/main');
    expect(calls).toEqual(['ops', 'main']);
    expect(workspaceResolver({ configuredCwd: '/pinned', cfg: {}, resolve, env })('ops')).toBe('/pinned');
    const broken = workspaceResolver({ cfg: {}, resolve: () => { throw new Error('no'); }, env });
    expect(broken('main')).toBe('/home/u/.openclaw/workspace');
    expect(broken('main')).not.toBe(process.cwd());
  });
});
