import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPolicy, DEFAULT_POLICY_DIR } from '../../policy/index.js';
import { postJson, startTestGateway, tempDir, type TestGateway } from '../../../test/support/gateway.js';
import { compilePatterns, maskCall, maskDeep } from './mask.js';
import { MARKER_POLICY_DIR } from '../../../test/support/audit-log.js';

const data = (mask_patterns: unknown) => ({ config: { audit: { mask_patterns } } });

describe('maskDeep', () => {
  it('masks built-in secrets at any depth, with or without operator patterns', () => {
    const input = { command: 'curl -H "Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789" x', nested: [{ password: 'hunter2hunter2' }] };
    for (const policyData of [undefined, {}, data([]), data([{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }])]) {
      const text = JSON.stringify(maskDeep(input, policyData));
      expect(text).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
      expect(text).not.toContain('hunter2hunter2');
    }
  });

  it("applies the operator's patterns from config.audit.mask_patterns", () => {
    const policyData = data([{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }, { name: 'ticket', pattern: 'sec-\\d+', flags: 'i' }, 'INTERNAL-[A-Z]+']);
    const masked = maskDeep({ command: 'grep EMP-123456 SEC-42 INTERNAL-ALPHA', keep: 'EMP-12', list: ['EMP-654321'], n: 3 }, policyData);
    expect(masked).toEqual({
      command: 'grep [MASKED:employee_id] [MASKED:ticket] [MASKED:custom]',
      keep: 'EMP-12',
      list: ['[MASKED:employee_id]'],
      n: 3,
    });
  });

  it('masks every string when a pattern is invalid, rather than storing what it should have caught', () => {
    for (const bad of [[{ name: 'x', pattern: '(' }], [{ name: 'no spaces', pattern: 'a' }], [{ name: 'x' }], 'EMP-.*', [{ name: 'x', pattern: '' }]]) {
      const masked = maskDeep({ command: 'echo EMP-123456', n: 1 }, data(bad));
      expect(masked, JSON.stringify(bad)).toEqual({ command: '[MASKED:invalid_mask_pattern]', n: 1 });
    }
    expect(compilePatterns([{ name: 'x', pattern: '(' }]).invalid).toMatch(/mask_patterns\[0\] does not compile/);
    expect(compilePatterns(Array(101).fill('a')).invalid).toMatch(/at most 100/);
  });

  it('leaves empty matches alone and never loops on them', () => {
    expect(maskDeep({ s: 'abc' }, data([{ name: 'empty', pattern: 'x*' }]))).toEqual({ s: 'abc' });
  });
});

describe('operator patterns end to end', () => {
  let gw: TestGateway | undefined;
  afterAll(async () => {
    await gw?.close();
  });

  it('the stored input and facts carry the mask, never the value', async () => {
    const dir = tempDir('toolgate-mask-');
    mkdirSync(path.join(dir, 'mask'), { recursive: true });
    writeFileSync(path.join(dir, 'mask', 'data.json'), JSON.stringify(data([{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }])));
    const policy = await buildPolicy([path.join(DEFAULT_POLICY_DIR, 'toolgate'), path.join(DEFAULT_POLICY_DIR, 'lib'), MARKER_POLICY_DIR, path.join(dir, 'mask')]);
    gw = await startTestGateway({ dir, db: path.join(dir, 'mask.db') });
    gw.gateway.engine.activate(policy);
    const { status, body } = await postJson(`${gw.url}/v1/check`, { session_id: 'm', tool: 'bash', input: { command: 'grep EMP-123456 staff.csv' } });
    expect(status).toBe(200);
    const row = await gw.gateway.store.getDecision(body.decision_id);
    expect(row!.input).toContain('[MASKED:employee_id]');
    expect(JSON.stringify(row)).not.toContain('EMP-123456');
  });
});

describe('maskCall', () => {
  it('masks in the facts the secrets of the input, wherever the facts cut them out of their context', () => {
    const input = { command: "sshpass -p 'S3cret!xyz42' ssh root@db && mysql -u root -pprodpassw0rd77" };
    const facts = { commands: [{ argv: ['sshpass', '-p', 'S3cret!xyz42', 'ssh', 'root@db'] }, { argv: ['mysql', '-u', 'root', '-pprodpassw0rd77'] }] };
    const masked = maskCall(input, facts);
    const text = JSON.stringify([masked.input, masked.facts, masked.mask({ message: 'sshpass -p S3cret!xyz42' })]);
    expect(text).not.toContain('S3cret!xyz42');
    expect(text).not.toContain('prodpassw0rd77');
    expect(masked.facts).toEqual({ commands: [{ argv: ['sshpass', '-p', expect.stringMatching(/^\[MASKED:/), 'ssh', 'root@db'] }, { argv: ['mysql', '-u', 'root', expect.stringMatching(/^-p\[MASKED:/)] }] });
  });

  it('leaves a call without secrets as it is', () => {
    const masked = maskCall({ command: 'ls -la src' }, { commands: [{ argv: ['ls', '-la', 'src'] }] });
    expect(masked).toMatchObject({ input: { command: 'ls -la src' }, facts: { commands: [{ argv: ['ls', '-la', 'src'] }] } });
  });
});
