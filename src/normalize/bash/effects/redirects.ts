/**
 * Redirections as effects: `>`/`>|`/`&>` create, `>>` appends, `<>` edits, `<` reads; a raw
 * device is a device write; `/dev/tcp/host/port` and `/dev/udp/…` are connections, wired to a
 * shell when the command reading or writing them is one (a reverse shell).
 */
import { SHELLS } from '../commands.js';
import { isInterpreter } from '../inline-code.js';
import type { BashCommand } from '../../facts.js';
import type { EffectContext } from './context.js';

/** What the Write tool states for the same bytes: `>` is `create`, `>>` is `append`. */
const WRITE_MODES: Record<string, 'create' | 'append' | 'edit'> = { '>': 'create', '>|': 'create', '&>': 'create', '>&': 'create', '>>': 'append', '&>>': 'append', '<>': 'edit' };

/** Devices that discard or produce bytes, not storage. */
const HARMLESS_DEVICES = /^\/dev\/(?:null|zero|u?random|tty|stdout|stderr|stdin|fd\/\d+|full)$/;

const TCP_DEVICE = /^\/dev\/(tcp|udp)\/([^/]+)\/(\d+)$/;

export function redirectEffects(c: BashCommand, ec: EffectContext): void {
  const base = { producer: 'bash', command: c.id };
  for (const r of c.redirects) {
    // Bash opens a socket only for the literal spelling; `/./dev/tcp/h/p` or `//dev/tcp/h/p`
    // fails to open, but names the same connection: judged as the connection it spells.
    const tcp = TCP_DEVICE.exec(r.target) ?? (r.path === null ? null : TCP_DEVICE.exec(r.path.path));
    if (tcp) {
      const shell = SHELLS.has(c.name) || isInterpreter(c.name) || c.name === 'exec';
      ec.out.push({ ...base, type: 'connect', host: tcp[2], port: Number(tcp[3]), url: null, listen: false, shell });
      if (r.write) ec.out.push({ ...base, type: 'send', sink: `${tcp[2]}:${tcp[3]}`, url: null, sources: c.env_vars.map((v) => `env:${v}`) });
      continue;
    }
    if (r.path === null) continue;
    if (r.write) {
      const device = r.path.path.startsWith('/dev/') && !HARMLESS_DEVICES.test(r.path.path);
      ec.out.push({ ...base, type: 'write', path: r.path, mode: device ? 'device' : (WRITE_MODES[r.op] ?? 'create'), content: null });
    } else if (r.op === '<' || r.op === '<>') {
      ec.out.push({ ...base, type: 'read', path: r.path });
    }
  }
}
