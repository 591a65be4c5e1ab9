/** File operations: what each coreutils-style program deletes, writes, reads, links or re-permissions. */
import type { Family, ProgramKnowledge } from './types.js';

const R = ['r', 'R', '--recursive'];
const reader: ProgramKnowledge = { options_anywhere: true, rules: [{ effect: 'read', of: 'all' }] };
const headTail: ProgramKnowledge = { options: { short: 'nc', long: ['lines', 'bytes'] }, options_anywhere: true, rules: [{ effect: 'read', of: 'all' }] };
const shredder: ProgramKnowledge = { options: { short: 'ns', long: ['iterations', 'size', 'random-source'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'truncate' }, { effect: 'delete', of: 'all', when: { flags: ['u', '--remove'] } }] };

export const FILES: Family = {
  rm: { options_anywhere: true, rules: [{ effect: 'delete', of: 'all', recursive_flags: R }] },
  rmdir: { options_anywhere: true, rules: [{ effect: 'delete', of: 'all' }] },
  unlink: { rules: [{ effect: 'delete', of: 'all' }] },
  srm: { options_anywhere: true, rules: [{ effect: 'delete', of: 'all', recursive_flags: R }] },
  wipe: { options_anywhere: true, rules: [{ effect: 'delete', of: 'all', recursive_flags: R }] },
  shred: shredder,
  // node's recursive deleters, usually reached through npx or a package script.
  rimraf: { options_anywhere: true, rules: [{ effect: 'delete', of: 'all', recursive: true }] },
  'del-cli': { options_anywhere: true, rules: [{ effect: 'delete', of: 'all', recursive: true }] },
  premove: { options_anywhere: true, rules: [{ effect: 'delete', of: 'all', recursive: true }] },
  cp: {
    options: { short: 'tS', long: ['target-directory', 'suffix', 'backup'] },
    options_anywhere: true,
    rules: [
      { effect: 'read', of: 'all_but_last', when: { no_flags: ['t', '--target-directory'] } },
      { effect: 'write', of: 'last', mode: 'create', when: { no_flags: ['t', '--target-directory'] } },
      { effect: 'read', of: 'all', when: { flags: ['t', '--target-directory'] } },
      { effect: 'write', options: ['t', '--target-directory'], mode: 'create' },
    ],
  },
  install: { options: { short: 'gmoStT', long: ['group', 'mode', 'owner', 'suffix', 'target-directory'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'last', mode: 'create' }, { effect: 'read', of: 'all_but_last' }] },
  mv: {
    options: { short: 'tS', long: ['target-directory', 'suffix', 'backup'] },
    options_anywhere: true,
    // A move keeps the data (it writes the destination); onto /dev/null it is a delete.
    rules: [
      { effect: 'delete', of: 'all_but_last', recursive: true, when: { last_in: ['/dev/null'] } },
      { effect: 'write', of: 'last', mode: 'create', when: { no_flags: ['t', '--target-directory'] } },
      { effect: 'write', options: ['t', '--target-directory'], mode: 'create' },
    ],
  },
  ln: {
    options: { short: 'tS', long: ['target-directory', 'suffix', 'backup'] },
    options_anywhere: true,
    rules: [{ effect: 'link', symbolic_flags: ['s', '--symbolic'] }],
  },
  link: { rules: [{ effect: 'link' }] },
  chmod: { options: { long: ['reference'] }, options_anywhere: true, rules: [{ effect: 'chmod', recursive_flags: R }] },
  chown: { options: { long: ['reference', 'from'] }, options_anywhere: true, rules: [{ effect: 'chmod', owner: true, recursive_flags: R }] },
  chgrp: { options: { long: ['reference'] }, options_anywhere: true, rules: [{ effect: 'chmod', owner: true, recursive_flags: R }] },
  chattr: { options_anywhere: true, rules: [{ effect: 'chmod', recursive_flags: ['R'] }] },
  setfacl: { options: { short: 'mMxX', long: ['modify', 'remove', 'set', 'set-file'] }, options_anywhere: true, rules: [{ effect: 'chmod', recursive_flags: R }] },
  touch: { options: { short: 'dtr', long: ['date', 'reference'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  mkdir: { options: { short: 'm', long: ['mode'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  mkfifo: { options: { short: 'm', long: ['mode'] }, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
  truncate: { options: { short: 'sr', long: ['size', 'reference'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'truncate' }] },
  tee: { options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create', when: { no_flags: ['a', '--append'] } }, { effect: 'write', of: 'all', mode: 'append', when: { flags: ['a', '--append'] } }] },
  dd: { rules: [{ effect: 'write', assign: ['of'], mode: 'create' }, { effect: 'read', assign: ['if'] }] },
  sed: {
    options: { short: 'efl', long: ['expression', 'file', 'line-length'] },
    options_anywhere: true,
    rules: [
      { effect: 'write', of: 'rest', mode: 'edit', when: { flags: ['i', '--in-place'], no_flags: ['e', '--expression', 'f', '--file'] } },
      { effect: 'write', of: 'all', mode: 'edit', when: { flags: ['e', '--expression', 'f', '--file'], all_flags: ['i'] } },
      { effect: 'read', of: 'rest', when: { no_flags: ['i', '--in-place', 'e', '--expression', 'f', '--file'] } },
    ],
  },
  rename: { rules: [{ effect: 'write', of: 'rest', mode: 'edit' }] },
  cat: reader, tac: reader, less: reader, more: reader, nl: reader, wc: reader, stat: reader, file: reader, strings: reader,
  xxd: reader, od: reader, hexdump: reader, bat: reader, base64: reader, base32: reader, md5sum: reader, sha1sum: reader,
  sha256sum: reader, sha512sum: reader, cksum: reader, diff: reader, cmp: reader, uniq: reader, readlink: reader, realpath: reader,
  head: headTail,
  split: { options: { short: 'abCdln', long: ['suffix-length', 'bytes', 'line-bytes', 'lines', 'number', 'additional-suffix', 'filter'] }, options_anywhere: true, rules: [{ effect: 'read', of: 'first' }, { effect: 'command_line', options: ['--filter'] }] },
  csplit: { options: { short: 'bfn', long: ['suffix-format', 'prefix', 'digits'] }, options_anywhere: true, rules: [{ effect: 'read', of: 'first' }] },
  tail: headTail,
  sort: { options: { short: 'otkSTy', long: ['output', 'key', 'field-separator', 'buffer-size', 'temporary-directory'] }, options_anywhere: true, rules: [{ effect: 'read', of: 'all' }, { effect: 'write', options: ['o', '--output'], mode: 'create' }] },
  grep: { options: { short: 'efABCmd', long: ['regexp', 'file', 'after-context', 'before-context', 'context', 'max-count', 'include', 'exclude', 'exclude-dir'] }, options_anywhere: true, rules: [{ effect: 'read', of: 'rest', when: { no_flags: ['e', '--regexp', 'f', '--file'] } }, { effect: 'read', of: 'all', when: { flags: ['e', '--regexp', 'f', '--file'] } }] },
  rg: { options: { short: 'efgtTABCEjmM', long: ['regexp', 'file', 'glob', 'type', 'type-not', 'after-context', 'before-context', 'context', 'max-count', 'replace'] }, options_anywhere: true, rules: [{ effect: 'read', of: 'rest', when: { no_flags: ['e', '--regexp', 'f', '--file'] } }] },
  find: {
    // find's primaries are flags without their dash (commands.ts), their values option values.
    rules: [
      { effect: 'delete', of: 'all', recursive: true, filtered_by: ['name', 'iname', 'path', 'ipath', 'wholename', 'regex', 'iregex', 'mtime', 'mmin', 'atime', 'amin', 'ctime', 'newer', 'size', 'empty', 'user', 'type'], when: { flags: ['delete'] } },
      { effect: 'write', options: ['fprint', 'fprint0', 'fprintf', 'fls'], mode: 'create' },
      { effect: 'read', of: 'all' },
    ],
  },
  mount: { options: { short: 'tooL', long: ['types', 'options'] }, rules: [{ effect: 'write', of: 'last', mode: 'device' }] },
  umount: { rules: [{ effect: 'write', of: 'all', mode: 'device' }] },
  mkfs: { rules: [{ effect: 'write', of: 'last', mode: 'device' }] },
  wipefs: { rules: [{ effect: 'write', of: 'last', mode: 'device' }] },
  fdisk: { rules: [{ effect: 'write', of: 'last', mode: 'device' }] },
  parted: { rules: [{ effect: 'write', of: 'first', mode: 'device' }] },
  mknod: { rules: [{ effect: 'write', of: 'first', mode: 'create' }] },
  fallocate: { options: { short: 'lo', long: ['length', 'offset'] }, options_anywhere: true, rules: [{ effect: 'write', of: 'all', mode: 'create' }] },
};
