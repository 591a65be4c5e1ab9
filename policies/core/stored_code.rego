# A file that something runs later (a Makefile recipe, package.json scripts, conftest.py, an
# .envrc, CI steps, Dockerfile RUN lines: src/normalize/bash/knowledge/run-files.ts) is judged
# by what it stores. The normalizer states the stored code's effects, marked stored; the effect
# rules judge them as if that code ran now, and a write whose stored code would be denied is
# denied. Only denials carry over: what would merely ask when run (a workspace clean, an
# install) is asked when it runs, so ordinary build and CI files are written as before.
package toolgate.rules.core.stored_code

import rego.v1

import data.toolgate.lib

# Unmarked (stored: false), so that the effect rules read them as the call's own.
stored := [object.union(e, {"stored": false}) | some e in object.get(input.facts, "effects", []); e.stored == true]

# The effect rules' findings over the stored code alone, as if it were the call's own effects.
stored_findings contains f if {
	count(stored) > 0
	some f in data.toolgate.rules.effects[_].findings with input.facts.effects as stored
}

findings contains lib.finding(
	"core.stored_code",
	"deny",
	f.category,
	"critical",
	sprintf("the file written stores code that would be denied if it ran now: %s", [f.message]),
) if {
	some f in stored_findings
	f.action == "deny"

	# An effect rule the operator set to warn, dry run or off does not deny through a stored file
	# either. Read from data here, as toolgate.mode does: this area stays one that decides from the
	# call alone (src/policy/call-only-areas.ts), which a reference to the decision package would end.
	enforced(f.rule)
}

# A CI file's steps run on a CI runner, where no local rule will ever ask about them: what they
# would ask about if they ran now (code nobody can see in advance, an outsider's text spliced
# into a step, a setting that runs a command line) is asked at the write.
findings contains lib.finding(
	"core.stored_code.ci_ask",
	"ask",
	f.category,
	"high",
	sprintf("the CI file written runs steps that would be asked about if they ran now: %s", [f.message]),
) if {
	ci_write
	some f in stored_findings
	f.action == "ask"
	enforced(f.rule)
}

ci_write if {
	some e in input.facts.effects
	e.type == "write"
	not object.get(e, "stored", false)
	lib.path_in_globs(e.path, data.config.files.ci_globs)
}

enforced(id) if {
	not id in data.config.disabled_rules
	not mode_set_otherwise(id)
}

mode_set_otherwise(id) if data.config.rules[id].mode != "enforce"
