/** The bash command lines the oracles run: every distinct one of rules-tests/ (or other case folders). */
import path from 'node:path';
import { findCaseFiles, loadCaseFile } from '../../src/testing/cases.js';
import { toolKind } from '../../src/normalize/tool-kinds.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

export function corpusCommands(dirs: string[] = ['rules-tests']): string[] {
  const cases = findCaseFiles(dirs.map((d) => path.join(PACKAGE_ROOT, d))).flatMap((file) => loadCaseFile(file));
  const commands = cases.filter((c) => toolKind(c.tool) === 'bash' && typeof c.input.command === 'string').map((c) => c.input.command as string);
  return [...new Set(commands)].filter((c) => !c.includes('\0'));
}
