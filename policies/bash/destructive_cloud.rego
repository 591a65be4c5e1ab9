# Deleting cloud resources and cluster objects.
package toolgate.rules.bash.destructive_cloud

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.destructive_cloud

findings contains lib.finding(
	"bash.destructive_cloud.delete_resource",
	"ask",
	"destructive_cloud",
	"high",
	sprintf("%s %s deletes cloud or cluster resources", [c.name, o]),
) if {
	some c in lib.commands
	c.name in cfg.clis
	some o in c.operands
	lib.regex_match(cfg.destructive_verb_pattern, o)
}

findings contains lib.finding(
	"bash.destructive_cloud.destructive_flag",
	"ask",
	"destructive_cloud",
	"high",
	sprintf("%s %s deletes cloud resources", [c.name, a]),
) if {
	some c in lib.commands
	c.name in cfg.clis
	some a in c.args
	some f in cfg.destructive_flags
	lib.arg_matches(f, a)
}

# An HTTP DELETE sent by a command-line client (`curl -X DELETE`, `wget --method=DELETE`,
# `http DELETE …`) removes a remote resource: the bash twin of the fetch tool's DELETE
# (web.exfiltration.write_method asks for it). A service on loopback is the developer's own.
findings contains lib.finding(
	"bash.destructive_cloud.http_delete",
	"ask",
	"destructive_cloud",
	"high",
	sprintf("%s sends an HTTP DELETE to %s", [c.name, e.host]),
) if {
	some c in lib.commands
	c.name in cfg.http_clients
	http_delete(c)
	some e in object.get(input.facts, "effects", [])
	e.type == "connect"
	e.command == c.id
	object.get(object.get(e, "url", {}), "ip_kind", "") != "loopback"
}

http_delete(c) if {
	some i, a in c.args
	a in {"-X", "--request", "--method"}
	upper(c.args[i + 1]) == "DELETE"
}

http_delete(c) if {
	some a in c.args
	upper(a) in {"--REQUEST=DELETE", "--METHOD=DELETE"}
}

# Short options glued together (`-sXDELETE`, `-sSX DELETE`): X is the last letter before its value.
http_delete(c) if {
	some i, a in c.args
	short_bundle(a)
	endswith(a, "X")
	upper(c.args[i + 1]) == "DELETE"
}

http_delete(c) if {
	some a in c.args
	short_bundle(a)
	endswith(upper(a), "XDELETE")
}

short_bundle(a) if {
	startswith(a, "-")
	not startswith(a, "--")
}

# httpie and its kin take the method as their first operand.
http_delete(c) if {
	c.name in cfg.method_operand_clients
	upper(c.operands[0]) == "DELETE"
}
