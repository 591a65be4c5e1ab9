/**
 * Programs that delete the logs the system keeps, whatever their operands: the journal's
 * vacuum, macOS's unified log erase, Windows' event log clear. Their deletes are stated on
 * the log stores themselves, so the one rule over deletes of log locations judges them
 * (policies/effects/defense_evasion.rego) as it judges `rm -rf /var/log/*` or python's
 * `os.remove` under /var/log.
 */
import type { Family } from './types.js';

export const LOGS: Family = {
  journalctl: { options: { short: 'uDnpt', long: ['unit', 'directory', 'lines', 'priority', 'identifier', 'since', 'until'] }, options_anywhere: true, rules: [{ effect: 'delete', fixed: ['/var/log/journal'], recursive: true, when: { flags: ['--vacuum-time', '--vacuum-size', '--vacuum-files'] } }] },
  log: { rules: [{ effect: 'delete', fixed: ['/var/db/diagnostics', '/var/db/uuidtext'], recursive: true, when: { sub: ['erase'] } }] },
  wevtutil: { rules: [{ effect: 'delete', fixed: ['C:/Windows/System32/winevt/Logs'], recursive: true, when: { sub: ['cl', 'clear-log'] } }] },
};
