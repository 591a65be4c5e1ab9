# Changing how the machine is configured: system files, kernel parameters, networking, boot.
package toolgate.rules.bash.system_config

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.system_config

# Writes to critical system files (hosts, resolv.conf, fstab, sshd_config, /boot, system binaries).
findings contains lib.finding(
	"bash.system_config.critical_file",
	"deny",
	"system_config",
	"critical",
	sprintf("%s writes %s, a critical system file", [c.name, p.path]),
) if {
	some pair in lib.bash_writes_in("system_config")
	c := pair[0]
	p := pair[1]
}

# Any other write to a system location.
findings contains lib.finding(
	"bash.system_config.system_write",
	"ask",
	"system_config",
	"high",
	sprintf("%s writes %s, a system location", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	p.system
	not lib.harmless_device(p)
	not lib.scratch(p)
}

# Writes outside the workspace (home dotfiles, other projects): a person should confirm.
findings contains lib.finding(
	"bash.system_config.outside_workspace_write",
	"ask",
	"system_config",
	"medium",
	sprintf("%s writes %s, outside the workspace", [c.name, p.path]),
) if {
	some c in lib.commands
	some p in lib.write_targets(c)
	not p.system
	not p.in_workspace
	not lib.scratch(p)
	not lib.harmless_device(p)
	not lib.routine_home_write(p)
}

# Commands that change system state (sysctl -w, modprobe, iptables -A, hostnamectl, update-grub…).
specs := lib.index_specs(cfg.commands)

findings contains lib.finding(
	"bash.system_config.system_command",
	s.action,
	"system_config",
	"high",
	sprintf("%s changes system configuration", [concat(" ", array.concat([c.name], object.get(s, "args_all", [])))]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
	s := pair[1]
}

findings contains lib.finding(
	"bash.system_config.kernel_module",
	"deny",
	"system_config",
	"critical",
	sprintf("%s loads or removes kernel code", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.kernel_module_tools
	count(c.operands) > 0
}

# Package removal of many or core packages is covered by sudo; removing with a wildcard is system-wide.
findings contains lib.finding(
	"bash.system_config.system_package_remove",
	"ask",
	"system_config",
	"high",
	sprintf("%s removes system packages", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.system_package_managers
	some o in c.operands
	o in cfg.package_remove_verbs
}

# Enabling services at boot.
findings contains lib.finding(
	"bash.system_config.enable_service",
	"ask",
	"system_config",
	"medium",
	sprintf("%s enables or masks a service", [c.name]),
) if {
	some c in lib.commands
	c.name in data.config.bash.defense_evasion.service_managers
	some o in c.operands
	o in cfg.service_change_verbs
}
