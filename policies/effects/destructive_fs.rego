# Deletion, whatever deletes: rm, find -delete, mv away, rsync --delete, git clean, an MCP
# delete_file, shutil.rmtree in inline code. Protected locations deny, the rest of the
# outside world asks, the workspace asks for recursive deletes of what is not regenerable.
package toolgate.rules.effects.destructive_fs

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

# Files and folders; a table or database the SQL producer names (db:<database>/<table>) is
# no file: DROP and TRUNCATE ask (DESIGN.md), whatever client or tool runs them.
deletes := [e | some e in fx.of_type("delete"); not startswith(e.path.path, "db:")]

db_deletes := [e | some e in fx.of_type("delete"); startswith(e.path.path, "db:")]

findings contains lib.finding(
	"effects.destructive_db.drop",
	"ask",
	"destructive_db",
	"high",
	sprintf("%s removes %s", [e.producer, substring(e.path.path, 3, -1)]),
) if some e in db_deletes

# An UPDATE without WHERE, read by the SQL producer in any client or tool (`psql -c "update
# users set …"`, a heredoc into sqlite3, an MCP query tool, a driver in inline code): it
# rewrites every row of the table, as DELETE without WHERE empties it.
findings contains lib.finding(
	"effects.destructive_db.rewrite_all",
	"ask",
	"destructive_db",
	"high",
	sprintf("%s rewrites every row of %s (UPDATE without WHERE)", [e.producer, substring(e.path.path, 3, -1)]),
) if {
	some e in fx.of_type("write")
	startswith(e.path.path, "db:")
	e.mode == "edit"
}

findings contains lib.finding(
	"effects.destructive_fs.delete_protected",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s deletes %s, a protected location", [e.producer, e.path.path]),
) if {
	some e in deletes
	lib.protected_path(e.path)
	not e.path.dynamic
	severe(e)
	not lib.scratch(e.path)
	not lib.cache_path(e.path)
	not lib.harmless_device(e.path)
}

severe(e) if e.recursive

# A move takes its source away with everything under it (mv ~/Documents /tmp, an MCP move_file of
# /etc/hosts): a protected location moved is denied as bash.destructive_fs.move_protected denies `mv`.
severe(e) if object.get(e, "move", false) == true

severe(e) if e.path.is_root

severe(e) if e.path.is_home

severe(e) if e.path.system

findings contains lib.finding(
	"effects.destructive_fs.delete_outside_workspace",
	"deny",
	"destructive_fs",
	"high",
	sprintf("%s deletes %s recursively, outside the workspace", [e.producer, e.path.path]),
) if {
	some e in deletes
	e.recursive
	not e.path.in_workspace
	not e.path.dynamic
	not lib.protected_path(e.path)
	not lib.scratch(e.path)
	not lib.cache_path(e.path)
}

findings contains lib.finding(
	"effects.destructive_fs.delete_file_outside_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("%s deletes %s, outside the workspace", [e.producer, e.path.path]),
) if {
	some e in deletes
	not e.recursive
	not e.path.in_workspace
	not e.path.dynamic
	not lib.scratch(e.path)
	not lib.cache_path(e.path)
	not lib.harmless_device(e.path)
	not denied_protected(e)
}

# What delete_protected denies (a protected location deleted severely); a single file in a
# protected place (a note in home) asks here like any other file outside the workspace.
denied_protected(e) if {
	lib.protected_path(e.path)
	severe(e)
}

# A delete whose target is only known at run time, with nothing to bound it.
findings contains lib.finding(
	"effects.destructive_fs.delete_dynamic",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("%s deletes %s, a target known only at run time", [e.producer, e.path.raw]),
) if {
	some e in deletes
	e.recursive
	e.path.dynamic
	not e.path.in_workspace
}

# Recursive deletion inside the workspace of anything but regenerable outputs asks (DESIGN.md),
# whoever deletes: rm -r, find -delete over a selection (`-name '*.py'`), shutil.rmtree,
# fs.rmSync, an MCP delete_directory. A regenerable output (node_modules, dist, coverage,
# *.pyc) or something inside one is everyday, so is one named file (rm -r notes.md).
findings contains lib.finding(
	"effects.destructive_fs.delete_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("%s deletes %s recursively inside the workspace", [e.producer, e.path.path]),
) if {
	some e in deletes
	e.recursive
	e.path.in_workspace
	not e.path.dynamic
	not lib.regenerable(e.path)
	not lib.inside_regenerable(e.path)
	not plain_file(e.path)
	not filtered_find_child(e)
}

# A name with a file extension (src/app.ts, notes.md): -r changes nothing, it is one file.
plain_file(p) if {
	not p.glob
	not p.dynamic
	lib.regex_match(`^[^.].*\.[A-Za-z0-9]{1,8}$`, p.basename)
}

# A deleter run by find -exec over a selection find filters by name, type or age
# (find . -name __pycache__ -exec rm -rf {} +): `{}` stands for what was selected, not all.
filtered_find_child(e) if {
	c := lib.command_by_id[e.command]
	c.via in {"find -exec", "find -execdir", "find -ok", "find -okdir"}
	parent := lib.command_by_id[c.parent]
	some a in data.config.bash.destructive_fs.find_filter_args
	a in parent.args
}
