import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installOpenClaw, openClawConfigPath, PLUGIN_DIR, uninstallOpenClaw, withoutToolgatePlugin, withToolgatePlugin } from './config.js';

const theirs = {
  gateway: { port: 18789 },
  plugins: { allow: ['memory-core'], load: { paths: ['/opt/other-plugin'] }, entries: { 'memory-core': { enabled: true } } },
};

describe('OpenClaw config', () => {
  it('points at the plugin folder shipped in this repository', () => {
    expect(readFileSync(path.join(PLUGIN_DIR, 'openclaw.plugin.json'), 'utf8')).toContain('"id": "toolgate"');
  });

  it('loads and enables the plugin, keeping other plugins, and names it in an allowlist', () => {
    const next = withToolgatePlugin(structuredClone(theirs), { gatewayUrl: 'http://gw:1', pluginDir: '/p/toolgate' }) as any;
    expect(next.gateway).toEqual(theirs.gateway);
    expect(next.plugins.load.paths).toEqual(['/opt/other-plugin', '/p/toolgate']);
    expect(next.plugins.entries.toolgate).toEqual({ enabled: true, config: { gatewayUrl: 'http://gw:1' } });
    expect(next.plugins.entries['memory-core']).toEqual({ enabled: true });
    expect(next.plugins.allow).toEqual(['memory-core', 'toolgate']);
  });

  it('is idempotent and reversible', () => {
    const once = withToolgatePlugin(structuredClone(theirs), { gatewayUrl: 'http://gw:1', pluginDir: '/p/toolgate' });
    const twice = withToolgatePlugin(once, { gatewayUrl: 'http://gw:2', pluginDir: '/p/toolgate' }) as any;
    expect(twice.plugins.load.paths).toEqual(['/opt/other-plugin', '/p/toolgate']);
    expect(twice.plugins.entries.toolgate.config.gatewayUrl).toBe('http://gw:2');
    expect(withoutToolgatePlugin(twice, '/p/toolgate')).toEqual(theirs);
    expect(withoutToolgatePlugin(withToolgatePlugin({}, { gatewayUrl: 'x', pluginDir: '/p' }), '/p')).toEqual({});
  });

  it('writes a real file and refuses JSON5 it cannot keep, changing nothing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolgate-openclaw-'));
    const file = path.join(dir, 'openclaw.json');
    installOpenClaw(file, { gatewayUrl: 'http://gw:1' });
    expect(JSON.parse(readFileSync(file, 'utf8')).plugins.entries.toolgate.enabled).toBe(true);
    expect(uninstallOpenClaw(file)).toBe(true);
    expect(uninstallOpenClaw(file)).toBe(false);
    const json5 = '{\n  // my gateway\n  gateway: { port: 1 },\n}\n';
    writeFileSync(file, json5);
    expect(() => installOpenClaw(file, { gatewayUrl: 'http://gw:1' })).toThrow(/not plain JSON.*Add this by hand/s);
    expect(readFileSync(file, 'utf8')).toBe(json5);
  });

  it('finds the config where OpenClaw does', () => {
    expect(openClawConfigPath({ OPENCLAW_CONFIG_PATH: '/c/o.json' })).toBe('/c/o.json');
    expect(openClawConfigPath({ OPENCLAW_STATE_DIR: '/s' })).toBe('/s/openclaw.json');
  });
});
