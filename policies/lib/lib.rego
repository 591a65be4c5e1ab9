# Helpers shared by every rule package. Nothing here decides.
package toolgate.lib

import rego.v1

# finding builds the one shape every rule emits.
finding(rule, action, category, severity, message) := {
	"rule": rule,
	"action": action,
	"category": category,
	"severity": severity,
	"message": message,
}

is_bash if input.facts.kind == "bash"

# Every simple command of a bash call, nested ones included.
commands contains c if {
	is_bash
	some c in input.facts.commands
}

# c was invoked as one of the names in the list.
named(c, names) if c.name in names

has_flag(c, f) if f in c.flags

# p is a credential location: matches a glob of config.paths.credential_globs,
# written relative to home ("~/.ssh/id_*") or absolute.
credential_path(p) if {
	some g in data.config.paths.credential_globs
	glob.match(expand_home(g), ["/"], p.path)
}

expand_home(g) := concat("", [input.context.home, substring(g, 1, -1)]) if startswith(g, "~/")

expand_home(g) := g if not startswith(g, "~/")

# A path whose destruction is irreversible damage: /, home, the workspace root's
# parents, or a protected system location.
protected_path(p) if p.is_root

protected_path(p) if p.is_home

protected_path(p) if {
	some prefix in data.config.paths.protected_prefixes
	path_under(p.path, prefix)
}

path_under(path, prefix) if path == prefix

path_under(path, prefix) if startswith(path, concat("", [trim_suffix(prefix, "/"), "/"]))

# The last path segment is a regenerable output (node_modules, dist, caches…).
regenerable(p) if p.basename in data.config.paths.regenerable_dirs
