# Irreversible deletion and overwriting of filesystems.
package toolgate.rules.bash.destructive_fs

import rego.v1

import data.toolgate.lib

recursive(c) if lib.has_flag(c, "r")

recursive(c) if lib.has_flag(c, "R")

recursive(c) if lib.has_flag(c, "--recursive")

findings contains lib.finding(
	"bash.destructive_fs.rm_protected",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("recursive delete of %s, a protected location", [p.path]),
) if {
	some c in lib.commands
	lib.named(c, {"rm"})
	recursive(c)
	some p in c.paths
	lib.protected_path(p)
}

findings contains lib.finding(
	"bash.destructive_fs.rm_outside_workspace",
	"deny",
	"destructive_fs",
	"high",
	sprintf("recursive delete of %s, outside the workspace", [p.path]),
) if {
	some c in lib.commands
	lib.named(c, {"rm"})
	recursive(c)
	some p in c.paths
	not p.in_workspace
	not lib.protected_path(p)
	not lib.path_under(p.path, "/tmp")
}

findings contains lib.finding(
	"bash.destructive_fs.rm_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("recursive delete of %s inside the workspace", [p.path]),
) if {
	some c in lib.commands
	lib.named(c, {"rm"})
	recursive(c)
	some p in c.paths
	p.in_workspace
	not lib.regenerable(p)
}

findings contains lib.finding(
	"bash.destructive_fs.mkfs",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s formats a filesystem", [c.name]),
) if {
	some c in lib.commands
	startswith(c.name, "mkfs")
}

findings contains lib.finding(
	"bash.destructive_fs.write_device",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("writes onto the block device %s", [p.path]),
) if {
	some c in lib.commands
	some p in device_targets(c)
	regex.match(`^/dev/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper/|md|loop)`, p.path)
}

device_targets(c) := {p | some r in c.redirects; r.write; p := r.path; p != null} | {p |
	lib.named(c, {"dd"})
	some p in c.paths
	some a in c.args
	startswith(a, "of=")
	endswith(a, p.raw)
}
