# Shells handed to the network.
package toolgate.rules.bash.reverse_shell

import rego.v1

import data.toolgate.lib

findings contains lib.finding(
	"bash.reverse_shell.dev_tcp",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("redirection to %s opens a network socket from the shell", [r.target]),
) if {
	some c in lib.commands
	some r in c.redirects
	regex.match(`^/dev/(tcp|udp)/`, r.target)
}

findings contains lib.finding(
	"bash.reverse_shell.netcat_exec",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s with -e/-c runs a program on a network connection", [c.name]),
) if {
	some c in lib.commands
	lib.named(c, {"nc", "ncat", "netcat", "nc.traditional", "nc.openbsd"})
	some f in {"e", "c", "--exec", "--sh-exec", "--lua-exec"}
	lib.has_flag(c, f)
}

findings contains lib.finding(
	"bash.reverse_shell.socat_exec",
	"deny",
	"reverse_shell",
	"critical",
	"socat connects a program to a socket",
) if {
	some c in lib.commands
	lib.named(c, {"socat"})
	some a in c.args
	regex.match(`(?i)^(exec|system):`, a)
}
