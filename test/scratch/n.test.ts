import { it } from 'vitest';
import { normalizeCall } from '../../src/normalize/index.js';
it('n', () => {
  for (const c of (process.env.LINES ?? '').split('\n---\n')) {
    const f = normalizeCall('bash', { command: c }, { cwd: '/home/dev/project', home: '/home/dev', workspace_roots: ['/home/dev/project'] }).facts as any;
    console.log(JSON.stringify(c), JSON.stringify(f.commands.map((x: any) => x.argv)), JSON.stringify(f.indeterminate));
  }
});
