# The gateway's token in the agent's environment. The adapters read their token from an
# environment variable (data.config.guard.secret_env: TOOLGATE_TOKEN for the Claude Code hook
# and the OpenClaw plugin); when the agent's tools inherit that environment, a bare dump of it
# (`env`, `printenv`, `set`, `export -p`, `declare -x`, `/proc/self/environ`, python's
# os.environ, node's process.env) shows the token to the model, which can then call the
# gateway as its own client. Naming the variable is denied elsewhere (self_defence.token_read).
#
# The gateway cannot see the agent's environment, so by default it assumes the token may be
# there: a bare dump asks (data.config.guard.environment_dump.decision). An adapter that knows
# its environment holds none of the token variables says so with context.token_env: [] (the
# names of those variables it has set), and the dump is then not the guard's concern. A dump
# that reaches the network or a file another command of the call sends is denied whatever the
# setting (sending secrets: effects.data_exfiltration covers pipes and substitutions).
package toolgate.rules.guard.environment

import rego.v1

import data.toolgate.lib

cfg := data.config.guard.environment_dump

# The token may be in the environment unless the adapter said none of its variables are set.
token_may_be_present if not token_env_stated

token_env_stated if is_array(input.context.token_env)

token_may_be_present if {
	some v in input.context.token_env
	v in data.config.guard.secret_env
}

findings contains lib.finding(
	"guard.environment.dump",
	cfg.decision,
	"credential_access",
	"high",
	sprintf("%s prints the whole environment, which may hold the guard's token (%s)", [what, concat(", ", data.config.guard.secret_env)]),
) if {
	cfg.decision in {"ask", "deny"}
	token_may_be_present
	some what in dumps
}

# A file the call fills with the environment, sent by another command of the same call
# (`env > /tmp/e; curl -F f=@/tmp/e …`): the token leaves with it.
findings contains lib.finding(
	"guard.environment.dump_sent",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("%s writes the environment to %s, which %s sends", [c.name, r.path.path, e.sink]),
) if {
	some c in lib.commands
	dump_command(c)
	not elsewhere(c)
	some r in c.redirects
	r.write
	r.path != null
	some e in input.facts.effects
	e.type == "send"
	concat("", ["file:", r.path.path]) in e.sources
}

dumps contains c.name if {
	some c in lib.commands
	dump_command(c)
	not elsewhere(c)
	not filtered(c)
}

# Runs in a container or on another host: another environment (`docker exec api env`).
elsewhere(c) if c.via in cfg.elsewhere_vias

# Up to three levels of nesting inside it (`docker exec api sh -c 'env'`).
elsewhere(c) if {
	some a in lib.ancestors(c)
	a.via in cfg.elsewhere_vias
}

elsewhere(c) if {
	some a in lib.ancestors(c)
	some b in lib.ancestors(a)
	b.via in cfg.elsewhere_vias
}

# Only the lines a fixed-text filter keeps are shown (`env | grep NODE`, `printenv | grep -i
# proxy`): none of them is a token variable's line unless the text is part of its name.
filtered(c) if {
	some g in lib.commands
	c in lib.sources(g)
	g.name in cfg.filters
	count({f | some f in g.flags; f in cfg.filter_unsafe_flags}) == 0
	count(g.operands) > 0
	pattern := g.operands[0]
	not regex.match(cfg.filter_pattern_metacharacters, pattern)
	every name in data.config.guard.secret_env {
		not contains(upper(name), upper(pattern))
	}
}

# Or lines that start with one of a few fixed prefixes (`printenv | grep -E '^(NODE|NPM)_'`),
# none of which a token variable's line starts with.
filtered(c) if {
	some g in lib.commands
	c in lib.sources(g)
	g.name in cfg.filters
	count({f | some f in g.flags; f in cfg.filter_unsafe_flags}) == 0
	count(g.operands) > 0
	pattern := g.operands[0]
	regex.match(cfg.anchored_prefixes, pattern)
	every name in data.config.guard.secret_env {
		not regex.match(concat("", ["(?i)", pattern]), concat("", [name, "="]))
	}
}

dumps contains sprintf("%s reading %s", [c.name, p.path]) if {
	some c in lib.commands
	some p in array.concat(c.paths, [r.path | some r in c.redirects; not r.write; r.path != null])
	lib.regex_match(cfg.environ_files, p.path)
}

dumps contains sprintf("%s code", [c.inline_code.language]) if {
	some c in lib.commands
	c.inline_code != null
	some pattern in cfg.code_patterns
	lib.regex_match(pattern, c.inline_code.code)
}

# The commands of the table, given no names: `env`, `printenv`, `export -p`; with
# "flags_only", only those flags (`set` alone, not `set -e`; `declare -x`, not `declare -f`).
dump_command(c) if {
	some spec in cfg.commands
	c.name == spec.command
	count(c.operands) == 0
	dump_flags(c, spec)
}

dump_flags(_, spec) if not flags_listed(spec)

flags_listed(spec) if is_array(spec.flags_only)

dump_flags(c, spec) if {
	is_array(spec.flags_only)
	every f in c.flags {
		f in spec.flags_only
	}
}
