/**
 * Database clients: where they connect, and the meta-commands of their own language that
 * hand a line to the shell (`\!` in psql, `.shell`/`.system` in sqlite3, `system`/`\!` in
 * mysql, `!` in redis-cli's shell-less mongo…). SQL itself is judged from the command's text
 * by the destructive_db rules.
 */
import type { Family, ProgramKnowledge } from './types.js';

const psql: ProgramKnowledge = {
  options: { short: 'cdfhUpvPoLTF', long: ['command', 'dbname', 'file', 'host', 'username', 'port', 'variable', 'set', 'output', 'log-file'] },
  options_anywhere: true,
  rules: [
    { effect: 'command_line', options: ['c', '--command'], prefix: '\\\\!', stdin: true },
    { effect: 'read', options: ['f', '--file'] },
    { effect: 'write', options: ['o', '--output', 'L', '--log-file'], mode: 'create' },
  ],
};
const mysql: ProgramKnowledge = {
  options: { short: 'eDhuPpS', long: ['execute', 'database', 'host', 'user', 'port', 'password', 'socket'] },
  options_anywhere: true,
  rules: [{ effect: 'command_line', options: ['e', '--execute'], prefix: '(?:\\\\!|system)', stdin: true }],
};
const sqlite: ProgramKnowledge = {
  options: { single: ['cmd', 'init', 'separator', 'newline', 'nullvalue'] },
  rules: [
    { effect: 'command_line', operands_from: 1, prefix: '\\.(?:shell|system)', stdin: true },
    { effect: 'command_line', options: ['-cmd'], prefix: '\\.(?:shell|system)' },
    { effect: 'write', of: 'first', mode: 'edit' },
  ],
};

export const DB: Family = {
  psql, pgcli: psql,
  mysql, mariadb: mysql, mycli: mysql,
  sqlite3: sqlite, sqlite: sqlite,
  'redis-cli': { options: { short: 'hpan' }, rules: [{ effect: 'connect', peer: 'host_port' }] },
  mongosh: { options: { long: ['eval', 'host', 'port'] }, rules: [{ effect: 'code', language: 'javascript' }] },
  mongo: { options: { long: ['eval', 'host', 'port'] }, rules: [{ effect: 'code', language: 'javascript' }] },
};
