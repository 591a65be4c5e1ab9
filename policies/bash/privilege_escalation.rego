# Gaining privileges: sudo, setuid bits, sudoers, capabilities, group membership.
package toolgate.rules.bash.privilege_escalation

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.privilege_escalation

# Running as another user (sudo, doas, su, pkexec, runuser): a person should confirm.
findings contains lib.finding(
	"bash.privilege_escalation.sudo",
	"ask",
	"privilege_escalation",
	"medium",
	sprintf("%s runs a command with elevated privileges", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.elevators
	not sudo_info_only(c)
}

# sudo -l / -v / -k: list or refresh privileges, run nothing.
sudo_info_only(c) if {
	count(c.operands) == 0
	count(c.flags) > 0
	every f in c.flags {
		f in cfg.info_flags
	}
	not some_child(c)
}

some_child(c) if {
	some x in lib.commands
	x.parent == c.id
}

# setuid/setgid bits (chmod u+s, chmod 4755, +s).
findings contains lib.finding(
	"bash.privilege_escalation.setuid",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("chmod %s sets a setuid/setgid bit", [m]),
) if {
	some c in lib.commands
	c.name in {"chmod", "install"}
	some m in c.args
	setuid_mode(m)
}

setuid_mode(m) if lib.regex_match(`^[ugoa]*[+=][rwxXt]*s[rwxXst]*$`, m)

setuid_mode(m) if lib.regex_match(`^[0-7]?[2-7][0-7]{3}$`, m)

setuid_mode(m) if lib.regex_match(`^-m[0-7]?[2-7][0-7]{3}$`, m)

# File capabilities that hand out root powers (setcap cap_setuid+ep).
findings contains lib.finding(
	"bash.privilege_escalation.capabilities",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("setcap %s grants privileged capabilities", [a]),
) if {
	some c in lib.commands
	c.name == "setcap"
	some a in c.args
	lib.regex_match(cfg.capability_pattern, a)
}

# Adding users to privileged groups, creating uid 0 accounts, changing root's password.
specs := lib.index_specs(cfg.account_commands)

findings contains lib.finding(
	"bash.privilege_escalation.account_change",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s changes privileged accounts or groups", [c.name]),
) if {
	some pair in lib.matched_specs(specs)
	c := pair[0]
}

findings contains lib.finding(
	"bash.privilege_escalation.privileged_group",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s adds a user to the privileged group %s", [c.name, g]),
) if {
	some c in lib.commands
	c.name in cfg.group_editors
	some a in c.args
	some g in split(a, ",")
	g in cfg.privileged_groups
}

# Editing sudoers by its tools.
findings contains lib.finding(
	"bash.privilege_escalation.sudoers_tool",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s edits sudo rules", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.sudoers_editors
}

# A sudo or doas grant written anywhere: NOPASSWD:, ALL=(ALL), permit nopass. The pattern's
# literal hints (config.regex_hints) keep its cost off calls that hold none of them.
findings contains lib.finding(
	"bash.privilege_escalation.sudo_grant",
	"deny",
	"privilege_escalation",
	"critical",
	"the command writes a sudo grant",
) if {
	lib.is_bash
	some text in lib.command_texts
	lib.regex_match(cfg.sudo_grant_pattern, text)
}

# chmod 777 recursively or on things outside the workspace.
findings contains lib.finding(
	"bash.privilege_escalation.world_writable",
	"ask",
	"privilege_escalation",
	"medium",
	sprintf("chmod %s makes files writable by everyone", [m]),
) if {
	some c in lib.commands
	c.name == "chmod"
	some m in c.args
	world_writable(m)
	wide(c)
}

world_writable(m) if lib.regex_match(`^[0-7]?[0-7]{2}[2367]$`, m)

world_writable(m) if lib.regex_match(`^(a|o|ugo|)[+=][rwxX]*w`, m)

wide(c) if lib.has_flag(c, "R")

wide(c) if lib.has_flag(c, "--recursive")

wide(c) if {
	some p in c.paths
	not p.in_workspace
	not lib.scratch(p)
}

# Changing ownership of system locations to the user, or of files to root.
findings contains lib.finding(
	"bash.privilege_escalation.chown_system",
	"ask",
	"privilege_escalation",
	"high",
	sprintf("%s changes ownership of %s, a system location", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in {"chown", "chgrp"}
	some p in c.paths
	p.system
}

# Setting LD_PRELOAD / LD_LIBRARY_PATH on a privileged command, or loading a library into others.
findings contains lib.finding(
	"bash.privilege_escalation.preload_injection",
	"ask",
	"privilege_escalation",
	"high",
	sprintf("%s runs with %s set", [c.name, v]),
) if {
	some c in lib.commands
	some v, _ in c.assignments
	v in cfg.injection_variables
}

# Writes to sudoers, passwd/shadow/group, PAM, ld.so.preload…
findings contains lib.finding(
	"bash.privilege_escalation.privileged_file",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s writes %s, which controls privileges", [c.name, p.path]),
) if {
	some pair in lib.bash_writes_in("privilege_escalation")
	c := pair[0]
	p := pair[1]
}

# Permission or ownership changes on files that control privileges (chmod 777 /etc/passwd).
findings contains lib.finding(
	"bash.privilege_escalation.privileged_file_mode",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("%s changes the permissions of %s, which controls privileges", [c.name, p.path]),
) if {
	some c in lib.commands
	c.name in {"chmod", "chown", "chgrp", "setfacl", "chattr"}
	some p in c.paths
	lib.sensitive_write_in(p, "privilege_escalation")
}

# Inline code that switches to uid 0 or spawns a privileged shell.
findings contains lib.finding(
	"bash.privilege_escalation.inline_setuid",
	"deny",
	"privilege_escalation",
	"critical",
	sprintf("inline %s code switches to root", [c.inline_code.language]),
) if {
	some c in lib.commands
	c.inline_code != null
	lib.regex_match(cfg.inline_setuid_pattern, c.inline_code.code)
}

# New namespaces as an unprivileged root (unshare -r), the first step of many escapes.
findings contains lib.finding(
	"bash.privilege_escalation.unshare",
	"ask",
	"container_escape",
	"medium",
	sprintf("%s creates new namespaces", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.namespace_tools
}

# Another agent started with its approvals turned off (`codex --dangerously-bypass-approvals-and-sandbox`,
# `gemini --yolo`, `aider --yes-always`): whatever it then does runs without a person or this
# gate looking (config.bash.privilege_escalation.unsupervised_agents, from each CLI's manual).
# Denied: it switches the guard off for everything that agent does, the same judgment as the
# guard's own for a client started without its hooks (guard.self_defence); an operator who
# wants it asked changes the rule's action in data.
findings contains lib.finding(
	"bash.privilege_escalation.unsupervised_agent",
	"deny",
	"privilege_escalation",
	"high",
	sprintf("%s is started with its approvals turned off (%s)", [c.name, a]),
) if {
	some c in lib.commands
	some spec in cfg.unsupervised_agents
	c.name == spec.command
	some a in c.args
	some f in spec.args_any
	lib.arg_matches(f, a)
}
