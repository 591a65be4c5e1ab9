# Links onto sensitive files: `ln -s ~/.bashrc notes.txt` looks harmless, and a later write to
# notes.txt rewrites ~/.bashrc (the session ledger judges that write at the target). Making
# such a link asks at least.
package toolgate.rules.guard.links

import rego.v1

import data.toolgate.lib

findings contains lib.finding(
	"guard.links.sensitive_target",
	"ask",
	"persistence",
	"high",
	sprintf("ln makes a link to %s, a file that runs later, holds credentials or configures the guard", [p.path]),
) if {
	some c in lib.commands
	c.name == "ln"
	n := count(c.operands)
	n >= 2
	some p in c.paths
	p.raw != c.operands[n - 1]
	sensitive(p)
}

sensitive(p) if count(lib.sensitive_write_categories(p)) > 0

sensitive(p) if lib.credential_path(p)

sensitive(p) if lib.path_in_globs(p, data.config.guard.client_settings)

sensitive(p) if p.basename in data.config.guard.file_names
