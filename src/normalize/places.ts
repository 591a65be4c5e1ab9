/**
 * Where things are: a path and a URL as the policy reads them. Shared by the facts
 * (facts.ts) and the effects (effects.ts), which both point at places.
 */

/** Where a path lies, once `~`, `$HOME`, `..`, `/./`, `//` and cwd are resolved. */
export interface PathFact {
  /** As written in the call. */
  raw: string;
  /** Absolute and lexically normalized (no symlink resolution: the gateway does not touch the disk). */
  path: string;
  /** Inside one of the workspace roots (context.cwd or configured roots), the root itself included. */
  in_workspace: boolean;
  /** Inside context.home, home itself included. */
  in_home: boolean;
  /** Under a system location (/etc, /usr, /bin, /sbin, /lib*, /boot, /dev, /proc, /sys, /var, /root, /opt, /srv) or `/` itself. */
  system: boolean;
  is_root: boolean;
  is_home: boolean;
  is_workspace: boolean;
  /** Contains a glob (`*`, `?`, `[`) after resolution. */
  glob: boolean;
  /** Part of the path could not be resolved statically (a variable, a substitution). */
  dynamic: boolean;
  /** Last path segment ("id_rsa", ".bashrc"); "" for `/`. */
  basename: string;
}

export type IpKind =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'public';

/** A URL with its host understood in every spelling (decimal, hex, octal, short forms, IPv6, IPv4-mapped). */
export interface UrlFact {
  raw: string;
  valid: boolean;
  scheme: string;
  /** Lowercased host as written (brackets stripped for IPv6), trailing dot removed. */
  host: string;
  port: number | null;
  path: string;
  query: string;
  /** The URL carries user:password@. */
  has_credentials: boolean;
  /** Canonical IP (dotted IPv4 or compressed IPv6) when the host is an IP literal in any form, else null. */
  ip: string | null;
  /** What kind of address the host is; null when it is a DNS name that is not a known special name. */
  ip_kind: IpKind | null;
  /** Names that are special without DNS: localhost, *.localhost, metadata.google.internal, … */
  special_host: string | null;
  /** Query parameter names that look like secrets (token, key, password, …). */
  secret_params: string[];
}
