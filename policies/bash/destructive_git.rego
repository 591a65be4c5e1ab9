# History-rewriting and work-discarding git operations.
package toolgate.rules.bash.destructive_git

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.destructive_git

findings contains lib.finding(
	"bash.destructive_git.history_or_work_loss",
	"ask",
	"destructive_git",
	"high",
	sprintf("git %s: %s", [c.operands[0], s.message]),
) if {
	some c in lib.commands
	c.name == "git"
	count(c.operands) > 0
	# Specs: {"subcommand", "args_all"?, "args_any"?, "flags_any"?, "message"}; a linear scan of
	# one small list per git command is cheaper than an index rebuilt on every evaluation.
	some s in cfg.specs
	s.subcommand == c.operands[0]
	lib.spec_matches(c, s)
}

# Force push through a +refspec (git push origin +main).
findings contains lib.finding(
	"bash.destructive_git.force_refspec",
	"ask",
	"destructive_git",
	"high",
	sprintf("git push %s overwrites the remote branch", [o]),
) if {
	some c in lib.commands
	c.name == "git"
	count(c.operands) > 1
	c.operands[0] == "push"
	some o in array.slice(c.operands, 1, count(c.operands))
	lib.regex_match(`^\+|^:[^/]`, o)
}

# Deleting the repository's own database.
findings contains lib.finding(
	"bash.destructive_git.delete_git_dir",
	"ask",
	"destructive_git",
	"high",
	sprintf("%s deletes %s, the repository history", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in data.config.bash.destructive_fs.deleters
	some p in c.paths
	p.basename == ".git"
}
