# Permissions, signals, processes, packages and what could not be resolved.
package toolgate.rules.effects.privilege

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

findings contains lib.finding(
	"effects.privilege_escalation.setuid",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s sets the setuid/setgid bit on %s", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("chmod")
	e.setuid
}

findings contains lib.finding(
	"effects.privilege_escalation.world_writable_outside",
	"ask",
	"privilege_escalation",
	"medium",
	sprintf("%s makes %s world-writable", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("chmod")
	e.world_writable
	not e.path.in_workspace
	not lib.scratch(e.path)
}

# Everything under / or home opened to every user.
findings contains lib.finding(
	"effects.privilege_escalation.world_writable_tree",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s makes all of %s world-writable", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("chmod")
	e.world_writable
	e.recursive
	root_or_home(e.path)
}

# A whole tree opened to every user, inside the workspace too (`chmod -R 777 .`, `find . -exec
# chmod 777 {} +`): risky but sometimes meant (stance: ask).
findings contains lib.finding(
	"effects.privilege_escalation.world_writable_recursive",
	"ask",
	"privilege_escalation",
	"medium",
	sprintf("%s makes everything under %s world-writable", [e.producer, e.path.path]),
) if {
	some e in fx.of_type("chmod")
	e.world_writable
	e.recursive
	not root_or_home(e.path)
	not lib.scratch(e.path)
}

root_or_home(p) if p.is_root

root_or_home(p) if p.is_home

findings contains lib.finding(
	"effects.process_control.kill_all",
	"deny",
	"process_control",
	"critical",
	sprintf("%s signals every process (%s)", [e.producer, e.signal]),
) if {
	some e in fx.of_type("kill")
	e.target == "all"
}

findings contains lib.finding(
	"effects.resource_exhaustion.unbounded_spawn",
	"deny",
	"resource_exhaustion",
	"critical",
	"processes are started without a bound",
) if {
	some e in fx.of_type("spawn")
	e.unbounded
}

findings contains lib.finding(
	"effects.package_tampering.foreign_registry",
	"ask",
	"package_tampering",
	"high",
	sprintf("%s installs from %s, not the default registry", [e.manager, e.source]),
) if {
	some e in fx.of_type("install")
	e.source != null
	not allowed_registry(e.source)
}

# The registries the package rules trust (config.bash.package_tampering.allowed_url_prefixes).
allowed_registry(source) if {
	some prefix in data.config.bash.package_tampering.allowed_url_prefixes
	startswith(source, prefix)
}

findings contains lib.finding(
	"effects.unknown",
	"ask",
	"obfuscation",
	"medium",
	sprintf("what part of the call does could not be resolved (%s)", [concat(", ", sort(reasons))]),
) if {
	reasons := {e.reason | some e in fx.of_type("unknown"); e.reason != "dynamic_program"; not startswith(e.reason, "unknown_program_destroys:")}
	count(reasons) > 0
}

# A process killed without cleanup by any producer (`os.kill(pid, signal.SIGKILL)`,
# `process.kill(pid, 'SIGKILL')`, `fuser -k -9`): the stance's ask for `kill -9`.
findings contains lib.finding(
	"effects.process_control.force_kill",
	"ask",
	"process_control",
	"medium",
	sprintf("%s sends %s to %s", [e.producer, e.signal, e.target]),
) if {
	some e in fx.of_type("kill")
	e.target != "none"
	forced(e.signal)
}

forced(signal) if lower(signal) in data.config.bash.process_control.force_signals

forced(signal) if lower(concat("", ["-", signal])) in data.config.bash.process_control.force_signals
