# Logs and shell history wiped or rewritten, whatever writes them: `> /var/log/auth.log`, the
# Write tool writing an empty file over it, an MCP write_file over ~/.bash_history, python's
# open(…, 'w') of a log, an Edit removing lines, a delete (DESIGN.md: clearing history or logs
# is defense evasion). Appending (a new line at the end) is not a wipe. The same tables as
# the bash rules (config.bash.defense_evasion: history_files, log_prefixes).
package toolgate.rules.effects.defense_evasion

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

cfg := data.config.bash.defense_evasion

# A file's content replaced, emptied or edited in place, or the file removed.
wipes contains e.path if {
	some e in fx.of_type("write")
	e.mode != "append"
}

wipes contains e.path if some e in fx.of_type("delete")

findings contains lib.finding(
	"effects.defense_evasion.log_wiped",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s, a log or shell history, is emptied, rewritten or removed", [p.path]),
) if {
	some p in wipes
	not p.in_workspace
	wiped_record(p)
}

wiped_record(p) if {
	some prefix in cfg.log_prefixes
	lib.path_under(p.path, prefix)
}

wiped_record(p) if {
	p.basename in history_names
	lib.path_in_globs(p, cfg.history_files)
}

history_names := {name |
	some g in cfg.history_files
	parts := split(g, "/")
	name := parts[count(parts) - 1]
}
