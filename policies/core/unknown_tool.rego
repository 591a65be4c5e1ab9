# A tool with no normalizer of its own and no operator rule: ask, unless data lists it as trusted.
package toolgate.rules.core.unknown_tool

import rego.v1

import data.toolgate.lib

# Exact names first: the WASM runtime compiles a glob on every evaluation, so only the
# patterns whose literal text fits the name pay for glob.match.
trusted(name) if name in data.config.tools.trusted

# Entries are patterns when they contain *, ? or [ (lib.glob_candidates: only those whose literal text fits).
trusted(name) if {
	some g in lib.glob_candidates(data.config.tools.trusted, [name])
	pattern_entry(g)
	glob.match(g, [], name)
}

pattern_entry(g) if contains(g, "*")

pattern_entry(g) if contains(g, "?")

pattern_entry(g) if contains(g, "[")

# A tool whose name says it only reads (get_, list_, read_, search_…: facts.verb), posts
# (comment, send, post…) or adds a new record elsewhere (create_issue, add_label: "create";
# a path it names is still a write, which it must be vouched for), or one that runs a statement a producer read (SQL: facts.effects),
# whose every effect is understood and is a read, a connection or a send that carries no
# secret, with nothing indeterminate and no secret in its input, needs no vouching: what it
# reads and where it connects are judged by the rules for reads and URLs (a credential path is
# denied, an internal address too). A tool that runs a command line states an exec effect for
# every program, so it still needs vouching. Off with config.tools.allow_read_only = false.
read_only_understood if {
	data.config.tools.allow_read_only == true
	input.facts.verb in {"read", "send", "create", "exec"}
	count(input.facts.indeterminate) == 0
	count(input.facts.secrets) == 0
	every effect in input.facts.effects {
		understood_effect(effect)
	}
	not reads_env_file
}

understood_effect(e) if e.type in {"read", "connect"}

understood_effect(e) if {
	e.type == "send"
	count(e.sources) == 0
}

# A .env read asks through the Read tool (files.credentials.env_file): the same through any other.
reads_env_file if {
	some effect in input.facts.effects
	effect.type == "read"
	lib.env_file(effect.path)
}

findings contains lib.finding(
	"core.unknown_tool",
	"ask",
	"defense_evasion",
	"low",
	sprintf("tool \"%s\" has no rule that vouches for it; list it in config.tools.trusted to allow it", [input.facts.name]),
) if {
	input.facts.kind == "other"
	not trusted(input.facts.name)
	not read_only_understood
}
