# Writes and edits of files that run later, grant privileges, or configure the system.
package toolgate.rules.files.protected_writes

import rego.v1

import data.toolgate.lib

writing if input.facts.kind in {"write", "edit"}

# What the message names: the kind of a file tool's call ("write of …"), another tool by its name.
doing := input.facts.name if input.facts.kind == "other"

else := input.facts.kind

targets contains input.facts.path if writing

targets contains p if {
	writing
	some p in object.get(input.facts, "paths", [])
}

# The files any other tool writes (an MCP write_file, create_directory, move_file, git_add, a
# file pushed to a repository): the same rules as the Write tool's. A table is no file.
targets contains e.path if {
	input.facts.kind == "other"
	some e in input.facts.effects
	e.type == "write"
	not object.get(e, "stored", false)
	not startswith(e.path.path, "db:")
}

# Protected write locations by category, from config.paths.sensitive_writes.<category>.
findings contains lib.finding(
	"files.protected_writes.persistence",
	"deny",
	"persistence",
	"critical",
	sprintf("%s of %s, which runs automatically later (shell rc files, cron, systemd, launchd, autostart, authorized_keys)", [doing, p.path]),
) if {
	some p in targets
	lib.sensitive_write_in(p, "persistence")
}

findings contains lib.finding(
	"files.protected_writes.privilege_escalation",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s of %s, which controls privileges (sudoers, passwd/shadow, PAM, ld.so.preload)", [doing, p.path]),
) if {
	some p in targets
	lib.sensitive_write_in(p, "privilege_escalation")
}

findings contains lib.finding(
	"files.protected_writes.defense_evasion",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s of %s, which configures security controls or logging (SELinux, AppArmor, audit, firewall, syslog)", [doing, p.path]),
) if {
	some p in targets
	lib.sensitive_write_in(p, "defense_evasion")
}

findings contains lib.finding(
	"files.protected_writes.package_tampering",
	"deny",
	"package_tampering",
	"critical",
	sprintf("%s of %s, which is a system package source or signing key", [doing, p.path]),
) if {
	some p in targets
	lib.sensitive_write_in(p, "package_tampering")
}

findings contains lib.finding(
	"files.protected_writes.system_config",
	"deny",
	"system_config",
	"critical",
	sprintf("%s of %s, which is critical system configuration or a system binary", [doing, p.path]),
) if {
	some p in targets
	lib.sensitive_write_in(p, "system_config")
}

findings contains lib.finding(
	"files.protected_writes.git_hook",
	"deny",
	"persistence",
	"high",
	sprintf("%s of %s, a git hook that runs on the next git operation", [doing, p.path]),
) if {
	some p in targets
	contains(p.path, "/.git/hooks/")
}

# CI workflows and task files run with the repository's secrets. One whose content toolgate
# reads (a GitHub workflow's run steps, GitLab scripts, pre-commit entries, VS Code tasks:
# the write effect is marked run_file) is judged by what its steps run (core.stored_code: a
# step that would be denied or asked if it ran now is denied or asked at the write); an
# everyday edit (a node-version bump, a test step) is then everyday. One whose content is not
# read (a Jenkinsfile, a husky hook, .git/config, an unknown format) asks for its path.
findings contains lib.finding(
	"files.protected_writes.ci_workflow",
	"ask",
	"persistence",
	"medium",
	sprintf("%s of %s, a CI workflow that runs with the repository's secrets", [doing, p.path]),
) if {
	some p in targets
	lib.path_in_globs(p, data.config.files.ci_globs)
	not content_read(p)
}

content_read(p) if {
	some e in input.facts.effects
	e.type == "write"
	not object.get(e, "stored", false)
	e.path.path == p.path
	object.get(e, "run_file", false) == true
}

# Package manager configuration in the workspace (registry, tokens, install scripts).
findings contains lib.finding(
	"files.protected_writes.package_config",
	"ask",
	"package_tampering",
	"medium",
	sprintf("%s of %s, package manager configuration", [doing, p.path]),
) if {
	some p in targets
	p.basename in data.config.files.package_config_names
}

# Any other system location.
findings contains lib.finding(
	"files.protected_writes.system_path",
	"ask",
	"system_config",
	"high",
	sprintf("%s of %s, a system location", [doing, p.path]),
) if {
	some p in targets
	p.system
	not lib.scratch(p)
	count(lib.sensitive_write_categories(p)) == 0
}

# Outside the workspace (and not scratch space).
findings contains lib.finding(
	"files.protected_writes.outside_workspace",
	"ask",
	"destructive_fs",
	"medium",
	sprintf("%s of %s, outside the workspace", [doing, p.path]),
) if {
	some p in targets
	not p.in_workspace
	not p.system
	not lib.scratch(p)
	count(lib.sensitive_write_categories(p)) == 0
	not lib.path_in_globs(p, data.config.paths.path_directories)
}

# A path the normalizer could not resolve.
findings contains lib.finding(
	"files.protected_writes.dynamic_path",
	"ask",
	"obfuscation",
	"medium",
	sprintf("%s of %s, a path only known at run time", [doing, p.raw]),
) if {
	some p in targets
	p.dynamic
}

findings contains lib.finding(
	"files.protected_writes.path_directory",
	"ask",
	"persistence",
	"medium",
	sprintf("%s of %s, a directory on PATH", [doing, p.path]),
) if {
	some p in targets
	lib.path_in_globs(p, data.config.paths.path_directories)
}
