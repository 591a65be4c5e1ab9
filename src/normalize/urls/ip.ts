/**
 * IP address understanding for SSRF facts: parse an IPv4 or IPv6 literal in any spelling
 * the WHATWG URL parser accepts (decimal, hex, octal, short forms, IPv4-mapped/compatible
 * IPv6, zone ids) and classify it. Node's URL parser does the canonicalisation (it follows
 * the WHATWG host parser, the same one browsers and most HTTP clients use); this file adds
 * what it does not do: zone ids, classification, and addresses embedded in IPv6 ranges.
 */
import type { IpKind } from '../facts.js';

export interface IpInfo {
  /** Canonical: dotted IPv4, or compressed IPv6 (IPv4-mapped addresses are given as their IPv4). */
  ip: string;
  version: 4 | 6;
  kind: IpKind;
}

/** Characters that end a host in a URL; a host containing one is not a bare host. */
const NOT_IN_HOST = /[\s/\\?#@]/;

/**
 * Parse a host (as it appears in a URL authority, brackets optional for IPv6) as an IP
 * literal. Returns null when it is not an IP literal (a DNS name, or garbage).
 */
export function parseIpHost(host: string): IpInfo | null {
  if (typeof host !== 'string' || host === '' || host.length > 300) return null;
  let text = host.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (text.includes(':')) return parseIpv6(text);
  if (NOT_IN_HOST.test(text)) return null;
  const canonical = whatwgHostname(text);
  if (canonical === null || !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(canonical)) return null;
  const value = ipv4ToNumber(canonical);
  return { ip: canonical, version: 4, kind: classifyIpv4(value) };
}

/** The hostname the WHATWG URL parser makes of `host`, or null when it rejects it. */
function whatwgHostname(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

function parseIpv6(text: string): IpInfo | null {
  // Zone ids (`fe80::1%eth0`, URL-encoded `%25eth0`) name an interface; the address is what matters.
  const zone = text.indexOf('%');
  const address = zone === -1 ? text : text.slice(0, zone);
  if (!/^[0-9a-fA-F:.]+$/.test(address)) return null;
  const canonical = whatwgHostname(`[${address}]`);
  if (canonical === null) return null;
  const groups = expandIpv6(canonical.slice(1, -1));
  if (groups === null) return null;
  if (isIpv4Mapped(groups)) {
    const v4 = embeddedIpv4(groups, 6);
    return { ip: numberToIpv4(v4), version: 4, kind: classifyIpv4(v4) };
  }
  return { ip: canonical.slice(1, -1), version: 6, kind: classifyIpv6(groups) };
}

/** Eight 16-bit groups of a compressed IPv6 address as Node's URL prints it (no dotted tail). */
function expandIpv6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function isIpv4Mapped(g: number[]): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

/** The IPv4 address held in groups[at] and groups[at + 1]. */
function embeddedIpv4(g: number[], at: number): number {
  return ((g[at] << 16) | g[at + 1]) >>> 0;
}

export function ipv4ToNumber(dotted: string): number {
  return dotted.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export function numberToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Cloud instance metadata endpoints reachable by IPv4 (checked before the ranges that contain them). */
const METADATA_IPV4 = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, Hetzner, Linode, …
  '169.254.170.2', // AWS ECS task metadata and credentials
  '169.254.170.23', // AWS EKS Pod Identity agent
  '169.254.169.253', // AWS VPC DNS resolver
  '169.254.0.23', // Tencent Cloud
  '169.254.42.42', // Scaleway
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud
  '168.63.129.16', // Azure WireServer
]);

interface Ipv4Range {
  base: number;
  bits: number;
  kind: IpKind;
}

function range4(cidr: string, kind: IpKind): Ipv4Range {
  const [base, bits] = cidr.split('/');
  return { base: ipv4ToNumber(base), bits: Number(bits), kind };
}

/** First match wins; anything not listed is public. */
const IPV4_RANGES: Ipv4Range[] = [
  range4('0.0.0.0/8', 'unspecified'), // "this network": 0.0.0.0 reaches local services on Linux
  range4('127.0.0.0/8', 'loopback'),
  range4('10.0.0.0/8', 'private'),
  range4('172.16.0.0/12', 'private'),
  range4('192.168.0.0/16', 'private'),
  range4('100.64.0.0/10', 'private'), // carrier-grade NAT, also used inside clouds
  range4('169.254.0.0/16', 'link_local'),
  range4('224.0.0.0/4', 'multicast'),
  range4('240.0.0.0/4', 'reserved'), // includes 255.255.255.255
  range4('192.0.0.0/24', 'reserved'),
  range4('192.0.2.0/24', 'reserved'),
  range4('198.18.0.0/15', 'reserved'),
  range4('198.51.100.0/24', 'reserved'),
  range4('203.0.113.0/24', 'reserved'),
];

export function classifyIpv4(value: number): IpKind {
  if (METADATA_IPV4.has(numberToIpv4(value))) return 'metadata';
  for (const r of IPV4_RANGES) {
    const mask = r.bits === 0 ? 0 : (0xffffffff << (32 - r.bits)) >>> 0;
    if (((value & mask) >>> 0) === r.base) return r.kind;
  }
  return 'public';
}

/** Cloud metadata endpoints reachable by IPv6. */
const METADATA_IPV6 = new Set(['fd00:ec2::254', 'fd00:ec2::23', 'fd00:ec2::253']);

function classifyIpv6(g: number[]): IpKind {
  const text = compress(g);
  if (METADATA_IPV6.has(text)) return 'metadata';
  const firstSixZero = g.slice(0, 6).every((x) => x === 0);
  if (firstSixZero && g[6] === 0 && g[7] === 0) return 'unspecified';
  if (firstSixZero && g[6] === 0 && g[7] === 1) return 'loopback';
  // IPv4-translated ::ffff:0:a.b.c.d (SIIT) reaches the embedded IPv4.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0xffff && g[5] === 0) {
    return embeddedKind(embeddedIpv4(g, 6), 'public');
  }
  // IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks).
  if (firstSixZero) return embeddedKind(embeddedIpv4(g, 6), 'reserved');
  // NAT64 well-known prefix 64:ff9b::/96 reaches the embedded IPv4.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return embeddedKind(embeddedIpv4(g, 6), 'public');
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'private'; // local-use NAT64 (RFC 8215)
  // 6to4 2002:AABB:CCDD::/48 embeds an IPv4 address.
  if (g[0] === 0x2002) return embeddedKind(embeddedIpv4(g, 1), 'public');
  // Teredo 2001:0::/32: the client's IPv4 is the last 32 bits inverted.
  if (g[0] === 0x2001 && g[1] === 0) return embeddedKind((~embeddedIpv4(g, 6)) >>> 0, 'public');
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return 'link_local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'reserved'; // documentation
  if (g[0] === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return 'reserved'; // discard
  if (g[0] === 0) return 'reserved'; // the rest of ::/8
  return 'public';
}

/** The kind of an IPv4 address embedded in an IPv6 one; `fallback` when that IPv4 is public. */
function embeddedKind(v4: number, fallback: IpKind): IpKind {
  const kind = classifyIpv4(v4);
  return kind === 'public' ? fallback : kind;
}

function compress(g: number[]): string {
  // Longest run of zero groups (length ≥ 2) becomes `::`, as in RFC 5952.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}
