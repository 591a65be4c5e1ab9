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
