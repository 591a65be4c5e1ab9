/** Process control: what each program signals, and how it names its targets. */
import type { Family } from './types.js';

export const PROCESS: Family = {
  kill: { rules: [{ effect: 'kill', target: 'pids', signal_options: ['s', 'n', '--signal'] }] },
  pkill: { options: { short: 'sguUPtFGn', long: ['signal', 'group', 'euid', 'uid', 'parent', 'terminal', 'pidfile'] }, options_anywhere: true, rules: [{ effect: 'kill', target: 'names', signal_options: ['--signal'] }] },
  killall: { options: { short: 'suoyn', long: ['signal', 'user', 'older-than', 'younger-than'] }, options_anywhere: true, rules: [{ effect: 'kill', target: 'names', signal_options: ['s', '--signal'] }] },
  killall5: { rules: [{ effect: 'kill', target: 'names' }] },
  skill: { rules: [{ effect: 'kill', target: 'names' }] },
  xkill: { rules: [{ effect: 'kill', target: 'names' }] },
  fuser: { options_anywhere: true, rules: [{ effect: 'kill', target: 'names', when: { flags: ['k', '--kill'] } }] },
};
