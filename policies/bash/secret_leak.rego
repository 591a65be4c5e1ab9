# Secrets written literally into a command (they end up in logs, history and process lists).
package toolgate.rules.bash.secret_leak

import rego.v1

import data.toolgate.lib

secrets := lib.real_secrets(object.get(input.facts, "secrets", []))

findings contains lib.finding(
	"bash.secret_leak.literal_secret",
	"ask",
	"secret_leak",
	"high",
	sprintf("the command contains a literal %s", [concat(", ", sort({s.type | some s in secrets}))]),
) if {
	lib.is_bash
	count(secrets) > 0
	not networked
}

# A literal secret together with a network tool: it is being sent somewhere.
findings contains lib.finding(
	"bash.secret_leak.secret_to_network",
	"ask",
	"secret_leak",
	"high",
	sprintf("the command sends a literal %s over the network", [concat(", ", sort({s.type | some s in secrets}))]),
) if {
	lib.is_bash
	count(secrets) > 0
	networked
}

networked if lib.any_named(data.config.bash.network_tools)

# Private keys echoed or written by the shell.
findings contains lib.finding(
	"bash.secret_leak.private_key",
	"deny",
	"secret_leak",
	"critical",
	"the command contains a private key and sends it over the network",
) if {
	some s in secrets
	s.type in data.config.secrets.deny_types
	networked
}

# Passwords given on the command line (docker login -p, sshpass -p, redis-cli -a, curl -u user:pass, mysql -pX).
findings contains lib.finding(
	"bash.secret_leak.password_argument",
	"ask",
	"secret_leak",
	"high",
	sprintf("%s is given a password on the command line", [c.name]),
) if {
	some c in lib.commands
	some v in password_values(c)
	not contains(v, "$")
	count(v) >= 3
	not password_reference(v)
}

# Where the value names a place holding the password (openssl's `env:VAR`, `file:PATH`, `fd:N`,
# `stdin`), the password itself is not on the command line.
password_reference(v) if {
	some ref in cfg.password_references
	lib.arg_matches(ref, v)
}

cfg := data.config.bash.secret_leak

password_options(c) := cfg.password_options[c.name]

password_options(c) := cfg.password_options[concat(" ", [c.name, c.operands[0]])] if count(c.operands) > 0

password_values(c) := {v |
	some opts in [password_options(c)]
	some v in lib.option_values(c, opts)
	not c.name in cfg.user_pass_tools
} | {pass |
	c.name in cfg.user_pass_tools
	some opts in [password_options(c)]
	some v in lib.option_values(c, opts)
	parts := split(v, ":")
	count(parts) >= 2
	pass := concat(":", array.slice(parts, 1, count(parts)))
} | {substring(a, 2, -1) |
	c.name in cfg.attached_password_tools
	some a in c.args
	startswith(a, "-p")
	not startswith(a, "--")
	count(a) > 2
}

# user:password@ in a URL given to a tool (git clone https://u:token@host/…).
findings contains lib.finding(
	"bash.secret_leak.url_credentials",
	"ask",
	"secret_leak",
	"high",
	sprintf("%s is given a URL with embedded credentials for %s", [c.name, u.host]),
) if {
	some c in lib.commands
	some u in c.urls
	u.has_credentials
}
