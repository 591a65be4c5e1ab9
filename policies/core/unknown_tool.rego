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

findings contains lib.finding(
	"core.unknown_tool",
	"ask",
	"defense_evasion",
	"low",
	sprintf("tool \"%s\" has no rule that vouches for it; list it in config.tools.trusted to allow it", [input.facts.name]),
) if {
	input.facts.kind == "other"
	not trusted(input.facts.name)
}
