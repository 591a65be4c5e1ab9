# Fail closed: whatever the normalizer could not see through is never allowed silently;
# when it also touches a risky category it is denied.
package toolgate.rules.core.indeterminate

import rego.v1

import data.toolgate.lib

reasons := object.get(input.facts, "indeterminate", [])

findings contains lib.finding(
	"core.indeterminate",
	"ask",
	"obfuscation",
	"medium",
	sprintf("the command could not be fully analysed (%s); a person should look at it", [concat(", ", reasons)]),
) if count(reasons) > 0

# Hidden parts plus a risky category elsewhere in the same call: deny (sets are sorted for the
# message: opa-wasm iterates a set in its own order, the opa server sorts). The bash and effect rule
# packages do not read core, so there is no cycle.
findings contains lib.finding(
	"core.indeterminate_risky",
	"deny",
	"obfuscation",
	"critical",
	sprintf("part of the command is hidden (%s) and it also touches %s", [concat(", ", sort(hidden)), concat(", ", sort(risky))]),
) if {
	hidden := {r | some r in reasons} | {s | some s in object.get(input.facts, "signals", []); s in data.config.bash.obfuscation.ask_signals}
	count(hidden) > 0
	risky := {f.category |
		some f in risky_area_findings
		f.action in {"ask", "deny"}
		f.category in data.config.bash.obfuscation.risky_categories
	}
	count(risky) > 0
}

# The findings of the areas that judge what the call does: the bash rules and the effect rules
# (a recursive delete in the workspace is judged by effects.destructive_fs).
risky_area_findings contains f if some f in data.toolgate.rules.bash[_].findings

risky_area_findings contains f if some f in data.toolgate.rules.effects[_].findings

# A command name only known at run time, with arguments that would be destructive for the usual suspects.
findings contains lib.finding(
	"core.dynamic_command_risky_arguments",
	"deny",
	"obfuscation",
	"critical",
	sprintf("a command whose name is hidden acts on %s", [p.path]),
) if {
	some c in lib.commands
	c.dynamic_name
	some p in c.paths
	risky_target(p)
}

risky_target(p) if lib.protected_path(p)

risky_target(p) if lib.credential_path(p)

risky_target(p) if lib.credential_dir(p)

risky_target(p) if {
	not p.in_workspace
	not lib.scratch(p)
}

# Secret scanning that could not finish (content too large, scanner failure) on content that leaves.
findings contains lib.finding(
	"core.secret_scan_incomplete",
	"ask",
	"secret_leak",
	"medium",
	"the content could not be fully scanned for secrets",
) if {
	input.facts.kind in {"write", "edit", "message", "web_fetch"}
	count(lib.indeterminate_secrets(object.get(input.facts, "secrets", []))) > 0
}
