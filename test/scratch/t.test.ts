import { it } from 'vitest';
import { getParser } from '../../src/normalize/bash/tree.js';
it('t', () => {
  for (const c of ['echo a \\  b', 'echo a \\ b', 'echo \\ ']) console.log(JSON.stringify(c), (getParser() as any).parse(c).rootNode.toString());
});
