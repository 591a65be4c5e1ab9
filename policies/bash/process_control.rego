# Killing processes and stopping the machine.
package toolgate.rules.bash.process_control

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.process_control

# kill -9 / -KILL: no cleanup; kill of every process (-1) or of init (1) is worse.
findings contains lib.finding(
	"bash.process_control.force_kill",
	"ask",
	"process_control",
	"medium",
	sprintf("%s %s kills without cleanup", [c.name, sig]),
) if {
	some c in lib.commands
	c.name in cfg.killers
	some sig in c.args
	lower(sig) in cfg.force_signals
}

findings contains lib.finding(
	"bash.process_control.kill_all",
	"deny",
	"process_control",
	"critical",
	sprintf("%s targets every process or init", [c.name]),
) if {
	some c in lib.commands
	c.name == "kill"
	some o in kill_targets(c)
	o in {"-1", "1"}
}

# The last argument is a target when something precedes it (kill -9 -1, kill -- -1), or when it is a plain number.
kill_targets(c) := {o | some o in c.operands} | {last |
	n := count(c.args)
	n >= 2
	last := c.args[n - 1]
} | {a |
	some i, x in c.args
	x == "--"
	some a in array.slice(c.args, i + 1, count(c.args))
}

# pkill/killall by pattern: broad, may hit other users' work.
findings contains lib.finding(
	"bash.process_control.kill_by_name",
	"ask",
	"process_control",
	"medium",
	sprintf("%s kills processes by name", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.pattern_killers
	not probe_only(c)
	broad_kill(c)
}

# pkill/killall of a system process, of everything a user owns, or of a bare pattern that
# matches too much; a dev server by name (pkill -f vite) is routine.
broad_kill(c) if {
	some o in c.operands
	o in cfg.critical_processes
}

broad_kill(c) if lib.has_flag(c, "u")

broad_kill(c) if lib.has_flag(c, "--user")

broad_kill(c) if count(c.operands) == 0

# Signal 0 only checks that a process exists.
probe_only(c) if {
	some a in c.args
	a in {"-0", "-s0", "--signal=0"}
}

# shutdown, reboot, halt, poweroff, init 0/6, systemctl poweroff …
findings contains lib.finding(
	"bash.process_control.power",
	"ask",
	"process_control",
	"high",
	sprintf("%s stops or restarts the machine", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.power_commands
}

findings contains lib.finding(
	"bash.process_control.power_verb",
	"ask",
	"process_control",
	"high",
	sprintf("%s %s stops or restarts the machine", [c.name, o]),
) if {
	some c in lib.commands
	c.name in {"systemctl", "init", "telinit", "loginctl"}
	some o in c.operands
	o in cfg.power_verbs
}

# Stopping services (not security ones: defense_evasion covers those).
findings contains lib.finding(
	"bash.process_control.stop_service",
	"ask",
	"process_control",
	"medium",
	sprintf("%s %s stops a system service", [c.name, concat(" ", c.operands)]),
) if {
	some c in lib.commands
	c.name in data.config.bash.defense_evasion.service_managers
	some o in c.operands
	o in cfg.service_stop_verbs
}
