# Reading credential stores from the shell.
package toolgate.rules.bash.credential_access

import rego.v1

import data.toolgate.lib

findings contains lib.finding(
	"bash.credential_access.credential_path",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s touches %s, a credential store", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in c.paths
	lib.credential_path(p)
}

findings contains lib.finding(
	"bash.credential_access.credential_redirect",
	"deny",
	"credential_access",
	"critical",
	sprintf("redirection reads %s, a credential store", [r.path.path]),
) if {
	some c in lib.commands
	some r in c.redirects
	r.path != null
	lib.credential_path(r.path)
}
