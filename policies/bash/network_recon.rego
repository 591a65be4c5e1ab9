# Scanning and mapping networks.
package toolgate.rules.bash.network_recon

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.network_recon

findings contains lib.finding(
	"bash.network_recon.scanner",
	"ask",
	"network_recon",
	"medium",
	sprintf("%s is a network scanner or attack tool", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.scanners
}

# netcat in port-scan mode (nc -z host 1-1000).
findings contains lib.finding(
	"bash.network_recon.port_scan",
	"ask",
	"network_recon",
	"medium",
	sprintf("%s -z probes ports", [c.name]),
) if {
	some c in lib.commands
	c.name in data.config.bash.reverse_shell.socket_tools
	lib.has_flag(c, "z")
	some o in c.operands
	lib.digit_range(o)
}

# Packet capture.
findings contains lib.finding(
	"bash.network_recon.sniffer",
	"ask",
	"network_recon",
	"medium",
	sprintf("%s captures network traffic", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.sniffers
}

# Zone transfers and bulk DNS enumeration.
findings contains lib.finding(
	"bash.network_recon.zone_transfer",
	"ask",
	"network_recon",
	"medium",
	"a DNS zone transfer lists every name of a domain",
) if {
	some c in lib.commands
	c.name in {"dig", "host", "drill", "nslookup"}
	some a in c.args
	lower(a) in {"axfr", "ixfr", "-l", "-t axfr"}
}

# Sweeps: a loop running ping/nc/curl against a range of addresses.
findings contains lib.finding(
	"bash.network_recon.sweep",
	"ask",
	"network_recon",
	"medium",
	sprintf("%s runs in a loop over addresses: a network sweep", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.probe_tools
	some a in c.args
	lib.starts_with_one_of(a, "0123456789/")
	lib.regex_match(cfg.sweep_target_pattern, a)
}

# Broadcast pings and ARP scans.
findings contains lib.finding(
	"bash.network_recon.broadcast",
	"ask",
	"network_recon",
	"medium",
	"ping -b probes every host of a subnet",
) if {
	some c in lib.commands
	c.name == "ping"
	lib.has_flag(c, "b")
}

# netcat -z over a port given by a variable (a loop over ports).
findings contains lib.finding(
	"bash.network_recon.port_loop",
	"ask",
	"network_recon",
	"medium",
	sprintf("%s -z probes ports chosen at run time", [c.name]),
) if {
	some c in lib.commands
	c.name in data.config.bash.reverse_shell.socket_tools
	lib.has_flag(c, "z")
	some o in c.operands
	contains(o, "$")
}
