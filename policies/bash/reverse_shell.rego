# Shells handed to the network: reverse shells, bind shells, scripted sockets.
package toolgate.rules.bash.reverse_shell

import rego.v1

import data.toolgate.lib

cfg := data.config.bash.reverse_shell

shells := data.config.bash.shells

findings contains lib.finding(
	"bash.reverse_shell.dev_tcp",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("redirection to %s opens a network socket from the shell", [r.target]),
) if {
	some c in lib.commands
	some r in c.redirects
	startswith(r.target, "/dev/")
	lib.regex_match(cfg.socket_path_pattern, r.target)
}

# /dev/tcp named as an argument (exec 3<>/dev/tcp/…, cat < /dev/tcp/… spelled through a variable).
findings contains lib.finding(
	"bash.reverse_shell.dev_tcp_argument",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s names the network socket %s", [c.name, a]),
) if {
	some c in lib.commands
	some a in c.args
	contains(a, "/dev/")
	lib.regex_match(cfg.socket_path_pattern, a)
}

socket_tools := [c | some c in lib.commands; c.name in cfg.socket_tools]

# nc -e /bin/sh, ncat --sh-exec, …: a program bound to a connection.
findings contains lib.finding(
	"bash.reverse_shell.netcat_exec",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s runs a program on a network connection", [c.name]),
) if {
	some c in socket_tools
	c.name in cfg.listen_flag_tools
	some f in cfg.exec_flags
	lib.has_flag(c, f)
}

# socat … exec:/system: connects a program to a socket.
findings contains lib.finding(
	"bash.reverse_shell.socat_exec",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s connects a program to a socket", [c.name]),
) if {
	some c in socket_tools
	some a in c.args
	lib.regex_match(cfg.socat_exec_pattern, a)
}

# websocat's program addresses (`sh-c:'bash -i'`, `cmd:`, `exec:`): the program's stdin and
# stdout become the socket's, the same as socat's exec:.
findings contains lib.finding(
	"bash.reverse_shell.program_address",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s connects the program of %s to a socket", [c.name, a]),
) if {
	some c in socket_tools
	some a in c.args
	some prefix in cfg.program_address_prefixes
	startswith(lower(a), prefix)
}

# A shell and a socket tool in one pipeline or fed by a fifo (nc host p | sh | nc host p, mkfifo…).
findings contains lib.finding(
	"bash.reverse_shell.shell_socket_pipeline",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s and %s are connected: a shell on a network connection", [n.name, s.name]),
) if {
	some n in socket_tools
	some s in lib.commands
	s.name in shells
	connected(n, s)
}

connected(a, b) if lib.feeds(a, b)

connected(a, b) if lib.feeds(b, a)

# Through a named pipe: mkfifo in the same script, the shell reads or writes the fifo.
connected(a, b) if {
	lib.any_named({"mkfifo", "mknod"})
	a.id != b.id
}

# An interactive shell whose input or output is redirected to a socket-like target.
findings contains lib.finding(
	"bash.reverse_shell.interactive_shell_redirected",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("interactive %s with its streams redirected to %s", [c.name, r.target]),
) if {
	some c in lib.commands
	c.name in shells
	lib.has_flag(c, "i")
	some r in c.redirects
	not r.target in {"&1", "&2", "1", "2", "/dev/null"}
	not r.path.in_workspace
}

# Inline interpreter code that opens a socket and hands it a shell or process.
findings contains lib.finding(
	"bash.reverse_shell.scripted_socket",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("inline %s code connects a socket to a process", [c.inline_code.language]),
) if {
	some c in lib.commands
	c.inline_code != null
	socket_code(c.inline_code)
	process_code(c.inline_code)
}

socket_code(code) if {
	some i in code.imports
	i in cfg.socket_modules
}

socket_code(code) if lib.regex_match(cfg.socket_code_pattern, code.code)

process_code(code) if lib.regex_match(cfg.process_code_pattern, code.code)

process_code(code) if {
	some call in code.calls
	lib.regex_match(cfg.process_code_pattern, call)
}

# Interpreters told to load a socket library on the command line (ruby -rsocket, perl -MIO::Socket).
findings contains lib.finding(
	"bash.reverse_shell.socket_library_flag",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s loads a socket library and runs inline code", [c.name]),
) if {
	some c in lib.commands
	c.name in data.config.bash.interpreters
	some a in c.args
	lib.regex_match(cfg.socket_library_arg_pattern, a)
	some b in c.args
	lib.regex_match(cfg.process_code_pattern, b)
}

# awk/gawk network special files (/inet/tcp/…).
findings contains lib.finding(
	"bash.reverse_shell.awk_inet",
	"deny",
	"reverse_shell",
	"critical",
	sprintf("%s opens a network connection through /inet", [c.name]),
) if {
	some c in lib.commands
	some a in c.args
	contains(a, "/inet/")
	c.name in cfg.awk_names
}

# A listener (nc -l, ncat -l, socat TCP-LISTEN) on its own: a bind shell in waiting, or a file server.
findings contains lib.finding(
	"bash.reverse_shell.listener",
	"ask",
	"reverse_shell",
	"medium",
	sprintf("%s listens for incoming network connections", [c.name]),
) if {
	some c in socket_tools
	listener(c)
}

listener(c) if {
	c.name in cfg.listen_flag_tools
	lib.has_flag(c, "l")
}

listener(c) if {
	some a in c.args
	lib.regex_match(`(?i)^(tcp|udp|tcp4|tcp6|udp4|udp6)-listen`, a)
}

# pty.spawn / script on its own: upgrading a shell, usually after a reverse shell landed.
findings contains lib.finding(
	"bash.reverse_shell.pty_spawn",
	"ask",
	"reverse_shell",
	"medium",
	"inline code spawns a pseudo-terminal shell",
) if {
	some c in lib.commands
	c.inline_code != null
	lib.regex_match(cfg.pty_pattern, c.inline_code.code)
}

# Outbound tunnels that expose local ports or a shell (ssh -R, ngrok, …).
findings contains lib.finding(
	"bash.reverse_shell.tunnel",
	"ask",
	"reverse_shell",
	"medium",
	sprintf("%s opens a tunnel to or from the internet", [c.name]),
) if {
	some c in lib.commands
	c.name in cfg.tunnel_tools
}

findings contains lib.finding(
	"bash.reverse_shell.ssh_reverse_tunnel",
	"ask",
	"reverse_shell",
	"medium",
	"ssh -R exposes a local port on a remote host",
) if {
	some c in lib.commands
	c.name == "ssh"
	lib.has_flag(c, "R")
}

# zsh's TCP module with a shell in the same command (zmodload zsh/net/tcp; ztcp host port; zsh >&$REPLY).
findings contains lib.finding(
	"bash.reverse_shell.zsh_tcp",
	"deny",
	"reverse_shell",
	"critical",
	"zsh's TCP module connects a shell to the network",
) if {
	some c in lib.commands
	zsh_tcp(c)
	some s in lib.commands
	s.name in shells
	s.id != c.id
}

zsh_tcp(c) if c.name == "ztcp"

zsh_tcp(c) if {
	c.name == "zmodload"
	"zsh/net/tcp" in c.args
}
