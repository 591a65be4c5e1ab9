# Hiding tracks and switching defenses off: history, logs, firewalls, SELinux/AppArmor, audit.
package toolgate.rules.bash.defense_evasion

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.defense_evasion

# History switched off by a setting (HISTFILE=/dev/null, HISTSIZE=0, unset HISTFILE, export,
# declare, printf -v, read …) is judged over config effects (effects.defense_evasion.history_disabled),
# so words inside quotes (`echo "…; unset HISTFILE"`) are not taken for the command.

findings contains lib.finding(
	"bash.defense_evasion.history_command",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s %s clears or disables shell history", [c.name, concat(" ", c.args)]),
) if {
	some c in lib.commands
	some s in history_specs[c.name]
	lib.spec_matches(c, s)
}

history_specs := lib.index_specs(cfg.history_commands)

findings contains lib.finding(
	"bash.defense_evasion.history_variable",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s runs with %s=%s, which disables shell history", [c.name, k, v]),
) if {
	some c in lib.commands
	some k, v in c.assignments
	k in cfg.history_variables
	v in {"", "0", "/dev/null"}
}

# Deleting, emptying or linking away history files.
findings contains lib.finding(
	"bash.defense_evasion.history_file",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s tampers with %s, a history file", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in tampered(c)
	p.basename in history_names
	lib.path_in_globs(p, cfg.history_files)
}

# File names of the history globs: a set lookup before the glob table.
history_names := {name |
	some g in cfg.history_files
	parts := split(g, "/")
	name := parts[count(parts) - 1]
}

tampered(c) := lib.write_targets(c) | {p | c.name in cfg.tamperers; some p in c.paths}

# Deleting, truncating or overwriting logs.
findings contains lib.finding(
	"bash.defense_evasion.logs",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s tampers with %s, a system log", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in tampered(c)
	not p.in_workspace
	some prefix in cfg.log_prefixes
	lib.path_under(p.path, prefix)
	p.path != prefix
}

findings contains lib.finding(
	"bash.defense_evasion.logs_dir",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s deletes the log directory %s", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in cfg.tamperers
	some p in c.paths
	p.path in cfg.log_prefixes
}

# Security controls switched off (ufw disable, setenforce 0, auditctl -e 0, iptables -F, journalctl --vacuum…).
specs := lib.index_specs(cfg.commands)

findings contains lib.finding(
	"bash.defense_evasion.disable_control",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s switches off a security control", [concat(" ", array.concat([c.name], object.get(s, "args_all", [])))]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
	s := pair[1]
}

# Stopping or disabling a security service (systemctl stop auditd, service apparmor stop).
findings contains lib.finding(
	"bash.defense_evasion.stop_security_service",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s stops or disables the security service %s", [c.name, svc]),
) if {
	some c in lib.commands
	c.name in cfg.service_managers
	some verb in c.operands
	verb in cfg.stop_verbs
	some o in c.operands
	svc := trim_suffix(o, ".service")
	svc in cfg.security_services
}

# Killing a security agent.
findings contains lib.finding(
	"bash.defense_evasion.kill_security_agent",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s kills the security agent %s", [c.name, o]),
) if {
	some c in lib.commands
	c.name in {"pkill", "killall"}
	some o in c.operands
	o in cfg.security_services
}

# Writing security configuration (/etc/selinux, /etc/audit, /etc/apparmor.d…).
findings contains lib.finding(
	"bash.defense_evasion.security_config",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s writes %s, a security configuration", [c.name, p.path]),
) if {
	some pair in lib.bash_writes_in("defense_evasion")
	c := pair[0]
	p := pair[1]
}

# Timestamps forged to hide changes (touch -r / -d on files outside the workspace).
findings contains lib.finding(
	"bash.defense_evasion.timestomp",
	"ask",
	"defense_evasion",
	"medium",
	sprintf("touch forges the timestamps of %s", [p.path]),
) if {
	some c in lib.commands
	c.name == "touch"
	some f in {"r", "d", "t", "--reference", "--date"}
	lib.has_flag(c, f)
	some p in c.paths
	p.system
}

# Unsetting or hiding the process from audit (unset of the audit/prompt variables is covered by history).
# Immutable-bit games on system files hide and pin changes.
findings contains lib.finding(
	"bash.defense_evasion.chattr",
	"ask",
	"defense_evasion",
	"medium",
	sprintf("chattr changes attributes of %s", [p.path]),
) if {
	some c in lib.commands
	c.name == "chattr"
	some p in c.paths
	not p.in_workspace
}

# Another agent started with its approvals switched off (`claude --dangerously-skip-permissions`,
# `codex --full-auto`, `aider --yes-always`): every tool call it makes bypasses this guard, so
# starting one turns the guard off for everything it does (config.bash.defense_evasion.unguarded_agents);
# the same judgment as the guard's own for a client started without its hooks (guard.self_defence).
findings contains lib.finding(
	"bash.defense_evasion.unguarded_agent",
	"deny",
	"defense_evasion",
	"high",
	sprintf("%s starts an agent that runs its tools without approval: none of its calls pass this guard", [c.name]),
) if {
	some pair in lib.matched_specs(unguarded_agent_specs)
	c := pair[0]
}

unguarded_agent_specs := lib.index_specs(cfg.unguarded_agents)

