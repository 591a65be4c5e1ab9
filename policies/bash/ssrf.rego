# Shell network tools aimed at cloud metadata, internal services through odd spellings, or file://.
package toolgate.rules.bash.ssrf

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.ssrf

# Every URL a command reaches, with the command's name. An array, built in one pass: a set of
# [command, url] pairs hashed and compared whole commands (each holding all of its URLs) on
# every insertion, quadratic in the URLs of one command.
urls := array.concat(
	[[{"name": c.name}, u] | some c in lib.commands; some u in c.urls],
	[[{"name": c.name}, u] | some c in lib.commands; c.inline_code != null; some u in c.inline_code.urls],
)

# Cloud metadata endpoints and link-local addresses: credentials of the machine.
findings contains lib.finding(
	"bash.ssrf.metadata",
	"deny",
	"ssrf",
	"critical",
	sprintf("%s reaches %s, a cloud metadata or link-local address", [c.name, u.raw]),
) if {
	some pair in urls
	c := pair[0]
	u := pair[1]
	u.ip_kind in cfg.blocked_ip_kinds
}

findings contains lib.finding(
	"bash.ssrf.metadata_host",
	"deny",
	"ssrf",
	"critical",
	sprintf("%s reaches %s, a cloud metadata service", [c.name, u.raw]),
) if {
	some pair in urls
	c := pair[0]
	u := pair[1]
	u.host in data.config.web.metadata_hosts
}

# An internal address spelled to avoid recognition (2130706433, 0x7f.1, 017700000001, ::ffff:127.0.0.1).
findings contains lib.finding(
	"bash.ssrf.obfuscated_address",
	"deny",
	"ssrf",
	"critical",
	sprintf("%s reaches %s, an internal address written as %s", [c.name, u.ip, u.host]),
) if {
	some pair in urls
	c := pair[0]
	u := pair[1]
	u.ip != null
	u.ip_kind != "public"
	not contains(u.raw, u.ip)
}

findings contains lib.finding(
	"bash.ssrf.rebinding_name",
	"ask",
	"ssrf",
	"high",
	sprintf("%s reaches %s, a DNS name that resolves to an internal address", [c.name, u.host]),
) if {
	some pair in urls
	c := pair[0]
	u := pair[1]
	u.special_host in cfg.ask_special_hosts
}

# One call reaching many internal hosts: a sweep of the internal network through web clients
# (a few internal services are everyday work; sixteen distinct ones in one call are not).
findings contains lib.finding(
	"bash.ssrf.internal_sweep",
	"deny",
	"ssrf",
	"high",
	sprintf("the command reaches %d internal hosts (%s among them): a sweep of the internal network", [count(internal_hosts), min(internal_hosts)]),
) if count(internal_hosts) >= cfg.sweep_min_hosts

internal_hosts := {u.host |
	some pair in urls
	u := pair[1]
	u.ip_kind in cfg.sweep_ip_kinds
}

# Local-file and raw-protocol schemes in network tools (curl file:///etc/passwd, gopher://).
findings contains lib.finding(
	"bash.ssrf.scheme",
	"deny",
	"ssrf",
	"high",
	sprintf("%s uses the %s scheme", [c.name, u.scheme]),
) if {
	some pair in urls
	c := pair[0]
	c.name in data.config.bash.network_tools
	u := pair[1]
	u.scheme in cfg.blocked_schemes
}
