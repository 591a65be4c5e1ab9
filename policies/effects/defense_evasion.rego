# Anti-forensics over effects: logs and shell history truncated, rewritten or deleted, and the
# logging and audit daemons killed, by any producer (`truncate`, `: >`, `journalctl --vacuum-*`,
# `log erase`, python's `open(f, 'w')` over a glob of /var/log, `pkill rsyslogd`).
package toolgate.rules.effects.defense_evasion

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

cfg := data.config.bash.defense_evasion

# A log store or a history file (config: log_prefixes, history_files).
log_location(p) if {
	some prefix in array.concat(cfg.log_prefixes, cfg.log_stores)
	lib.path_under(p.path, prefix)
}

log_location(p) if lib.path_in_globs(p, cfg.history_files)

findings contains lib.finding(
	"effects.defense_evasion.logs_erased",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s erases the log %s", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("delete")
	log_location(e.path)
}

# Rewritten or emptied (appending is how logs grow, not tampering).
findings contains lib.finding(
	"effects.defense_evasion.logs_rewritten",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s rewrites the log %s (%s)", [e.producer, e.path.path, e.mode]),
) if {
	some e in fx.of_type("write")
	e.mode in {"create", "truncate", "edit"}
	log_location(e.path)
}

# A log replaced by a link (`ln -sf /dev/null ~/.bash_history`).
findings contains lib.finding(
	"effects.defense_evasion.logs_linked",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s replaces the log %s with a link", [e.producer, e.from.path]),
) if {
	some e in fx.of_type("link")
	log_location(e.from)
}

# A logging, audit or security daemon signalled by name (`pkill -9 rsyslogd`, `killall auditd`).
findings contains lib.finding(
	"effects.defense_evasion.daemon_killed",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s kills %s, a logging or security daemon", [e.producer, name]),
) if {
	some e in fx.of_type("kill")
	startswith(e.target, "name:")
	name := substring(e.target, 5, -1)
	security_daemon(name)
}

security_daemon(name) if name in cfg.security_services

# A daemon's process name is its service's name with a trailing "d" (rsyslog → rsyslogd).
security_daemon(name) if {
	endswith(name, "d")
	substring(name, 0, count(name) - 1) in cfg.security_services
}

# The shell's history turned off or emptied through its settings, however the builtin is spelled
# (`\export HISTCONTROL=ignorespace`, `FOO=1 export HISTFILE=/dev/null`, `eval 'unset HISTFILE'`):
# the value is judged per variable (config: history_settings, a pattern of disabling values).
findings contains lib.finding(
	"effects.defense_evasion.history_disabled",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s sets %s=%s, which stops the shell's history", [e.producer, e.key, value]),
) if {
	some e in fx.of_type("config")
	e.tool == "shell"
	pattern := cfg.history_settings[e.key]
	value := object.get(e, "value", "")
	is_string(value)
	lib.regex_match(pattern, value)
}

# A security control switched off through its settings, whatever states them (Defender's
# real-time monitoring or an exclusion, the firewall's profiles): the value is judged per
# tool and setting (config: control_settings, a pattern of disabling values).
findings contains lib.finding(
	"effects.defense_evasion.control_disabled",
	"deny",
	"defense_evasion",
	"critical",
	sprintf("%s sets %s %s=%s, which switches off a security control", [e.producer, e.tool, e.key, value]),
) if {
	some e in fx.of_type("config")
	pattern := cfg.control_settings[e.tool][e.key]
	value := object.get(e, "value", "")
	is_string(value)
	lib.regex_match(pattern, value)
}
