/**
 * Firewall rulesets loaded whole (`iptables-restore < rules`, `printf '*filter\n…' | iptables-restore`,
 * `nft -f file`): the program replaces the firewall with what the ruleset holds, so what is
 * certain is judged by what the firewall is afterwards. A ruleset that accepts everything (every
 * chain's policy ACCEPT and no rule that drops or rejects; nftables' `flush ruleset` with nothing
 * that drops) turns the firewall off: it is stated as the command line that does the same
 * (`iptables -F`, `nft flush ruleset`), so the defense-evasion rules judge one effect. A ruleset
 * that filters, or one not seen (a file from elsewhere), states nothing here; loading it is still
 * a system change the policy asks about.
 */
import type { Carried } from './carriers.js';
import { scanOptions } from './options.js';

const RESTORERS: Readonly<Record<string, string>> = {
  'iptables-restore': 'iptables', 'ip6tables-restore': 'ip6tables', 'iptables-legacy-restore': 'iptables',
  'iptables-nft-restore': 'iptables', 'ip6tables-legacy-restore': 'ip6tables', 'ip6tables-nft-restore': 'ip6tables',
};
const DROPS = /(?:-j|--jump)\s+(?:DROP|REJECT)\b|:\S+\s+DROP\b/;
const NFT_DROPS = /\b(?:drop|reject)\b/;

/** `read(path)`: the content this script wrote to the path, or null. */
export function carriedByRuleset(name: string, argv: string[], stdin: string | null, read: (raw: string) => string | null): Carried[] {
  const via = `ruleset:${name}`;
  const base = RESTORERS[name];
  if (base !== undefined) {
    const scan = scanOptions(argv, 1, { short: 'MTW', long: ['modprobe', 'table', 'wait', 'wait-interval'] });
    const flags = new Set(scan.options.map((o) => o.flag));
    // --noflush adds to the rules in place; --test loads nothing.
    if (flags.has('n') || flags.has('--noflush') || flags.has('t') || flags.has('--test')) return [];
    const file = argv[scan.next];
    const text = file !== undefined ? read(file) : stdin;
    return text !== null && opensEverything(text) ? [{ script: `${base} -F`, via }] : [];
  }
  if (name === 'nft') {
    const scan = scanOptions(argv, 1, { short: 'fI', long: ['file', 'includepath'] });
    const file = scan.options.find((o) => o.flag === 'f' || o.flag === '--file')?.value;
    if (file === undefined || file === null) return [];
    const text = file === '-' || file === '/dev/stdin' ? stdin : read(file);
    return text !== null && /^\s*flush\s+ruleset\b/m.test(text) && !NFT_DROPS.test(text) ? [{ script: 'nft flush ruleset', via }] : [];
  }
  return [];
}

/** An iptables-save text whose filter table (or the whole text, with no table lines) drops nothing. */
function opensEverything(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (!lines.some((l) => l.startsWith(':') || l === 'COMMIT')) return false;
  let table = 'filter';
  let filterSeen = false;
  for (const line of lines) {
    if (line.startsWith('*')) {
      table = line.slice(1);
      continue;
    }
    if (table !== 'filter') continue;
    filterSeen = true;
    if (DROPS.test(line)) return false;
  }
  return filterSeen;
}
