# Surviving the session: shell rc files, cron, systemd, launchd, authorized_keys, git hooks.
package toolgate.rules.bash.persistence

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.persistence

findings contains lib.finding(
	"bash.persistence.write_startup_file",
	"deny",
	"persistence",
	"critical",
	sprintf("%s writes %s, which runs automatically later", [c.name, p.path]),
) if {
	some pair in lib.bash_writes_in("persistence")
	c := pair[0]
	p := pair[1]
}

# Commands that install scheduled or boot-time jobs (crontab file, crontab -, at, systemctl enable, launchctl load).
specs := lib.index_specs(cfg.commands)

findings contains lib.finding(
	"bash.persistence.install_job",
	s.action,
	"persistence",
	"high",
	sprintf("%s installs something that runs later or at boot", [c.name]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
	s := pair[1]
}

# crontab with a file or stdin installs a whole crontab (crontab -l, -e listing/editing aside).
findings contains lib.finding(
	"bash.persistence.crontab_install",
	"deny",
	"persistence",
	"critical",
	"crontab replaces the scheduled jobs",
) if {
	some c in lib.commands
	c.name == "crontab"
	not crontab_harmless(c)
}

crontab_harmless(c) if {
	some f in c.flags
	f in cfg.crontab_harmless_flags
}

# git hooks and hooks paths: code that runs on the next git operation.
findings contains lib.finding(
	"bash.persistence.git_hook",
	"deny",
	"persistence",
	"high",
	sprintf("%s writes the git hook %s", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	contains(p.path, "/.git/hooks/")
}

# Aliases and functions that shadow common commands, written to a startup file, are covered above;
# an alias defined for sudo/ls/cd in the current script is a trap for the next command.
findings contains lib.finding(
	"bash.persistence.shadowing_alias",
	"ask",
	"persistence",
	"medium",
	sprintf("alias %s shadows a common command", [a]),
) if {
	some c in lib.commands
	c.name == "alias"
	some a in c.args
	some n in cfg.shadowed_commands
	startswith(a, concat("", [n, "="]))
}

# Tools installed into a directory on PATH (~/.local/bin, /usr/local/bin): routine, but also how a
# fake `ls` or `sudo` gets planted; a person should confirm.
findings contains lib.finding(
	"bash.persistence.path_directory",
	"ask",
	"persistence",
	"medium",
	sprintf("%s writes %s, a directory on PATH", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	lib.path_in_globs(p, data.config.paths.path_directories)
}

# Package manager configuration written from the shell (echo registry=… >> .npmrc).
findings contains lib.finding(
	"bash.persistence.package_config_write",
	"ask",
	"package_tampering",
	"medium",
	sprintf("%s writes %s, package manager configuration", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	p.basename in data.config.files.package_config_names
}
