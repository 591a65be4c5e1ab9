# Irreversible deletion and overwriting of filesystems.
package toolgate.rules.bash.destructive_fs

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.destructive_fs

recursive(c) if {
	some f in cfg.recursive_flags
	lib.has_flag(c, f)
}

deleters := [c | some c in lib.commands; c.name in cfg.deleters]

# rm -r of /, ~, a system location or a parent of the workspace.
findings contains lib.finding(
	"bash.destructive_fs.rm_protected",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s deletes %s, a protected location", [c.name, p.path]),
) if {
	some c in deleters
	some p in c.paths
	lib.protected_path(p)
	not dynamic_only(p)
	severe(c, p)
	not lib.scratch(p)
	not lib.cache_path(p)
	not lib.harmless_device(p)
}

# A dynamic path whose static part is not itself protected ($DIR, "$X"/sub): ask below, not deny.
dynamic_only(p) if {
	p.dynamic
	not p.is_root
	not p.is_home
}

severe(c, _) if recursive(c)

severe(_, p) if p.is_root

severe(_, p) if p.is_home

severe(_, p) if p.system

# Recursive deletion outside the workspace (other projects, home folders).
findings contains lib.finding(
	"bash.destructive_fs.rm_outside_workspace",
	"deny",
	"destructive_fs",
	"high",
	sprintf("recursive delete of %s, outside the workspace", [p.path]),
) if {
	some c in deleters
	recursive(c)
	some p in c.paths
	not p.in_workspace
	not p.dynamic
	not lib.protected_path(p)
	not lib.scratch(p)
	not lib.cache_path(p)
}

# Deleting a single file outside the workspace (not scratch): a person should confirm.
findings contains lib.finding(
	"bash.destructive_fs.delete_outside_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("%s deletes %s, outside the workspace", [c.name, p.path]),
) if {
	some c in deleters
	some p in c.paths
	not p.in_workspace
	not p.dynamic
	not severe(c, p)
	not lib.scratch(p)
	not lib.cache_path(p)
	not lib.harmless_device(p)
}

# A dynamic or globbed target of a recursive delete that reaches outside what can be seen.
findings contains lib.finding(
	"bash.destructive_fs.rm_dynamic_target",
	"ask",
	"destructive_fs",
	"high",
	sprintf("recursive delete of %s, whose value is only known at run time", [p.raw]),
) if {
	some c in deleters
	recursive(c)
	some p in c.paths
	p.dynamic
}

# rm -r with a dynamic operand the normalizer could not turn into a path (`rm -rf $DIR`).
findings contains lib.finding(
	"bash.destructive_fs.rm_unresolved_operand",
	"ask",
	"destructive_fs",
	"high",
	sprintf("recursive delete of %s, whose value is only known at run time", [o]),
) if {
	some c in deleters
	recursive(c)
	some o in c.operands
	contains(o, "$")
}

# A recursive delete whose last segment is a bare variable right after a protected folder
# (`rm -rf "$HOME/$SUBDIR"`, `rm -rf /etc/$CONF`, `rm -rf "$ROOT/"*`): when the variable is
# unset or empty, the folder itself goes. `${VAR:?}` fails instead, and is not matched.
findings contains lib.finding(
	"bash.destructive_fs.empty_variable_delete",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("recursive delete of %s: if %s is empty or unset, that deletes %s", [p.raw, variable, exposed]),
) if {
	some c in deleters
	recursive(c)
	some p in c.paths
	p.dynamic
	[exposed, variable] := empty_variable_exposes(p.path)
}

empty_variable_exposes(path) := [exposed, last] if {
	stripped := trim_suffix(trim_suffix(path, "*"), "/")
	trailing := endswith(path, "*")
	segments := split(stripped, "/")
	n := count(segments)
	last := segments[n - 1]
	startswith(last, "$")
	regex.match(`^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$`, last)
	exposed := exposed_folder(array.slice(segments, 0, n - 1), trailing)
}

# rm itself refuses `/` (--preserve-root), not what a glob under it expands to.
exposed_folder(before, true) := "/" if before == [""]

exposed_folder(before, true) := "/" if before == []

exposed_folder(before, _) := folder if {
	count(before) > 1
	folder := concat("/", before)
	protected_folder(folder)
}

protected_folder(folder) if folder == input.context.home

protected_folder(folder) if folder in data.config.paths.protected_prefixes

# find … -delete / -exec rm over a protected or outside location.
findings contains lib.finding(
	"bash.destructive_fs.find_delete",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("find deletes under %s", [p.path]),
) if {
	some c in lib.commands
	c.name == "find"
	some a in cfg.find_delete_args
	lib.has_arg(c, a)
	some p in c.paths
	p.raw in c.operands
	not p.in_workspace
	not lib.scratch(p)
	not lib.cache_path(p)
	not filtered_scratch_root(c, p)
}

# find /tmp -name 'x*' -mtime +1 -delete: a filtered clean-up of scratch space.
filtered_scratch_root(c, p) if {
	p.path in data.config.paths.scratch_prefixes
	filtered(c)
}

findings contains lib.finding(
	"bash.destructive_fs.find_delete_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("find deletes files under %s", [p.path]),
) if {
	some c in lib.commands
	c.name == "find"
	some a in cfg.find_delete_args
	lib.has_arg(c, a)
	some p in c.paths
	p.raw in c.operands
	p.in_workspace
	not lib.regenerable(p)
	not lib.inside_regenerable(p)
	not filtered(c)
}

# find with a name/type/time filter deletes a selection, not the whole tree.
filtered(c) if {
	some a in cfg.find_filter_args
	lib.has_arg(c, a)
}

# Formatting, wiping and repartitioning disks.
findings contains lib.finding(
	"bash.destructive_fs.format_disk",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s formats or wipes a filesystem", [c.name]),
) if {
	some c in lib.commands
	formatter(c.name)
}

formatter(name) if name in cfg.formatters

formatter(name) if startswith(name, "mkfs")

findings contains lib.finding(
	"bash.destructive_fs.partition",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s rewrites the partition table of %s", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.partitioners
	not listing(c)
	some p in c.paths
	block_device(p)
}

listing(c) if {
	some f in cfg.partition_list_flags
	lib.has_flag(c, f)
}

block_device(p) if lib.regex_match(cfg.block_device_pattern, p.path)

# Writing onto a block device (dd of=, redirection, cp/cat/tee onto it).
findings contains lib.finding(
	"bash.destructive_fs.write_device",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("writes onto the block device %s", [p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	block_device(p)
}

# Shredding files: unrecoverable by design.
findings contains lib.finding(
	"bash.destructive_fs.shred",
	"ask",
	"destructive_fs",
	"high",
	sprintf("%s destroys %s beyond recovery", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.shredders
	some p in c.paths
	p.in_workspace
}

findings contains lib.finding(
	"bash.destructive_fs.shred_outside",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s destroys %s beyond recovery", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.shredders
	some p in c.paths
	not p.in_workspace
	not lib.scratch(p)
}

# Moving or overwriting protected locations (mv ~ /dev/null, mv /etc …, cp /dev/null ~/.ssh).
findings contains lib.finding(
	"bash.destructive_fs.move_protected",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s moves %s, a protected location", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.movers
	count(c.operands) >= 2
	some p in c.paths
	p.raw != c.operands[count(c.operands) - 1]
	lib.protected_path(p)
	not lib.harmless_device(p)
}

# Recursive ownership / permission changes of protected locations (chmod -R 000 /, chown -R … ~).
findings contains lib.finding(
	"bash.destructive_fs.recursive_perm_protected",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("%s -R on %s, a protected location", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.permission_changers
	recursive(c)
	some p in c.paths
	top_level_protected(p)
}

top_level_protected(p) if p.is_root

top_level_protected(p) if p.is_home

top_level_protected(p) if p.path in data.config.paths.protected_prefixes

# Truncating or emptying files outside the workspace (> file, truncate -s 0, cp /dev/null).
findings contains lib.finding(
	"bash.destructive_fs.truncate_outside",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("%s empties %s, outside the workspace", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.truncaters
	some p in c.paths
	not p.in_workspace
	not lib.scratch(p)
	not lib.harmless_device(p)
}

# rsync --delete onto a protected location or outside the workspace.
findings contains lib.finding(
	"bash.destructive_fs.sync_delete",
	"deny",
	"destructive_fs",
	"high",
	sprintf("%s with --delete onto %s", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.syncers
	some f in c.flags
	startswith(f, "--delete")
	some p in lib.write_targets(c)
	not p.in_workspace
	not lib.scratch(p)
}

# Inline interpreter code that deletes trees (shutil.rmtree, fs.rmSync, FileUtils.rm_rf) outside the
# workspace or at a protected location.
findings contains lib.finding(
	"bash.destructive_fs.inline_code_delete",
	"deny",
	"destructive_fs",
	"critical",
	sprintf("inline %s code deletes %s", [c.inline_code.language, p.path]),
) if {
	some c in lib.commands
	c.inline_code != null
	inline_deletes(c.inline_code)
	some p in c.inline_code.paths
	not p.in_workspace
	not lib.scratch(p)
	not lib.cache_path(p)
}

findings contains lib.finding(
	"bash.destructive_fs.inline_code_delete_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("inline %s code deletes %s inside the workspace", [c.inline_code.language, p.path]),
) if {
	some c in lib.commands
	c.inline_code != null
	inline_deletes(c.inline_code)
	some p in c.inline_code.paths
	p.in_workspace
	not lib.regenerable(p)
	not lib.inside_regenerable(p)
}

inline_deletes(code) if lib.regex_match(cfg.inline_delete_pattern, code.code)
