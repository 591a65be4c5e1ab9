/** Archivers and compressors: what they write and read, and the options that hand a command line to a shell. */
import type { Family } from './types.js';

const TAR = {
  options: { short: 'fCTXbgHKNVIF', long: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'transform', 'owner', 'group', 'mode', 'to-command', 'use-compress-program', 'info-script', 'new-volume-script', 'rsh-command'] },
  options_anywhere: true,
  dashless_first: true,
  rules: [
    { effect: 'write', options: ['f', '--file'], mode: 'create', when: { flags: ['c', '--create', 'r', '--append', 'u', '--update'] } },
    { effect: 'read', of: 'all', relative_to: ['C', '--directory'], when: { flags: ['c', '--create', 'r', '--append', 'u', '--update'] } },
    { effect: 'read', options: ['f', '--file'], when: { flags: ['x', '--extract', '--get', 't', '--list'] } },
    { effect: 'write', options: ['C', '--directory'], mode: 'create', when: { flags: ['x', '--extract', '--get'] } },
    { effect: 'command_line', options: ['--to-command', '--use-compress-program', 'I', '--info-script', '--new-volume-script', '--rsh-command', 'F'] },
  ],
} as const;

export const ARCHIVERS: Family = {
  tar: TAR,
  gtar: TAR,
  bsdtar: TAR,
  zip: { options: { short: 'bnt', long: ['unzip-command'], single: ['TT'] }, rules: [{ effect: 'write', of: 'first', mode: 'create' }, { effect: 'read', of: 'rest' }, { effect: 'command_line', options: ['-TT', '--unzip-command'] }] },
  unzip: { options: { short: 'dx' }, rules: [{ effect: 'read', of: 'first' }, { effect: 'write', options: ['d'], mode: 'create' }] },
  gzip: { options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  gunzip: { options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  bzip2: { options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  xz: { options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  zstd: { options: { short: 'o' }, options_anywhere: true, rules: [{ effect: 'read', of: 'all' }, { effect: 'write', options: ['o'], mode: 'create' }] },
  '7z': { rules: [{ effect: 'write', of: 'after_sub', mode: 'create', when: { sub: ['a', 'u'] } }] },
  cpio: { options: { short: 'FEDIO', long: ['file', 'directory', 'rsh-command'] }, rules: [{ effect: 'command_line', options: ['--rsh-command'] }] },
};
