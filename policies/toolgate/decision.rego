# The entrypoint: toolgate/decision. It gathers the findings of every rule package
# (data.toolgate.rules.<area>.<group>.findings and data.toolgate.custom.<name>.findings),
# applies the operator's per-rule modes from data, and returns the whole decision.
#
# A finding is {rule, action: allow|ask|deny, category, message, severity, obligations?}.
# Precedence: deny > ask > allow. Rules never answer "allow" to override another rule:
# allow is what remains when nothing asks or denies.
package toolgate

import rego.v1

default_mode := "enforce"

# Only the rule areas that can apply to this kind of call are evaluated. OPA's WASM target
# has no rule indexing, so this dispatch is what keeps a bash decision from paying for the
# file, web and message rules (and the reverse). data.config.dispatch maps a fact kind to
# its areas; a kind it does not name meets every area, never fewer rules than intended.
areas := a if {
	a := data.config.dispatch[dispatch_key]
} else := {area | some area, _ in data.toolgate.rules}

# A tool that runs a command line carries its bash facts (facts.commands): the bash area too. So
# does a write or edit of a container manifest (the `docker run` lines it stands for).
dispatch_key := concat("_", [input.facts.kind, "shell"]) if {
	input.facts.kind in {"other", "write", "edit"}
	is_array(input.facts.commands)
} else := input.facts.kind

# Every finding of the shipped rule packages of those areas and of operators' custom packages.
#
# On a repeated call the gateway passes input.cached: the findings it kept, from an earlier
# evaluation of the same call, of the areas that decide from the call alone and never read
# the session (found from the sources at build time, src/policy/call-only-areas.ts). Those
# areas are not evaluated again; the session area and custom packages always are. Without
# input.cached every area is evaluated.
cached_areas := {a | some a in input.cached.areas}

raw_findings contains f if {
	some area in areas
	not area in cached_areas
	some f in data.toolgate.rules[area][_].findings
}

raw_findings contains f if some f in input.cached.findings

# Custom packages are dispatched like the areas: a package that declares in
# data.config.custom_dispatch.<name> the fact kinds ("kinds") and, for bash, the command names
# ("commands") it applies to is evaluated only on the calls it applies to; a package without
# a declaration on every call. The build lists the custom packages and indexes the declared
# command names (data.toolgate_build), since Rego cannot list packages without evaluating
# them; without that list, every package runs.
raw_findings contains f if {
	some name in custom_packages_to_run
	some f in data.toolgate.custom[name].findings
}

raw_findings contains f if {
	not data.toolgate_build.custom_packages
	some f in data.toolgate.custom[_].findings
}

custom_packages_to_run contains name if {
	some name in data.toolgate_build.custom_packages
	not data.config.custom_dispatch[name]
}

custom_packages_to_run contains name if {
	some name, declared in data.config.custom_dispatch
	dispatch_kind(declared)
	not narrowed_by_commands(declared)
}

# A bash call runs the declared packages that list one of its command names.
custom_packages_to_run contains name if {
	input.facts.kind == "bash"
	some command in array.concat(object.get(input.facts, "names", []), [""])
	some name in object.get(data.toolgate_build.custom_by_command, command, [])
	dispatch_kind(data.config.custom_dispatch[name])
}

# Which custom packages this call evaluates and which the dispatch skipped (entrypoint
# toolgate/custom_dispatch, for explain). Undefined when the build listed no packages.
custom_dispatch := {"run": sort(custom_packages_to_run), "skipped": sort(listed - custom_packages_to_run)} if {
	listed := {name | some name in data.toolgate_build.custom_packages}
}

# Only a list narrows: a declaration written in another shape runs on every call.
dispatch_kind(declared) if not narrowed_by_kinds(declared)

dispatch_kind(declared) if input.facts.kind in declared.kinds

narrowed_by_kinds(declared) if is_array(declared.kinds)

# Only a list of command names narrows, and only bash calls. facts.names leaves out empty
# names, so "" is looked up as well: a declaration that lists it runs on every bash call.
narrowed_by_commands(declared) if {
	input.facts.kind == "bash"
	is_array(declared.commands)
	is_object(data.toolgate_build.custom_by_command)
}

# The mode of a rule comes from data: config.rules.<id>.mode, else a switch-off list,
# else the default. Modes: enforce, warn (answer allow, attach the warning), dryrun (log only), off.
mode(id) := "off" if id in data.config.disabled_rules

else := m if m := data.config.rules[id].mode

else := default_mode

findings contains object.union(f, {"mode": mode(f.rule)}) if some f in raw_findings

enforced contains f if {
	some f in findings
	f.mode == "enforce"
}

warned contains f if {
	some f in findings
	f.mode == "warn"
	f.action != "allow"
}

dryrun contains f if {
	some f in findings
	f.mode == "dryrun"
}

# A finding's action and severity are enums. One that says anything else ("Deny", "dney", a
# number) is a mistake in a rule: it never counts as nothing. It denies, with a policy-error
# reason that names the rule (the build rejects such literals first, src/policy/finding-literals.ts;
# this catches the values computed at run time).
valid_actions := {"allow", "ask", "deny"}

well_formed(f) if {
	f.action in valid_actions
	severity_risk[f.severity]
}

malformed contains f if {
	some f in enforced
	not well_formed(f)
}

# Findings that are well formed: the only ones whose action and severity are read below.
sound contains f if {
	some f in enforced
	well_formed(f)
}

policy_error(f) := {
	"rule": "toolgate.policy_error",
	"message": sprintf(
		"denied because rule %s emitted a malformed finding (action %s, severity %s); the action must be allow, ask or deny and the severity critical, high, medium, low or info",
		[json.marshal(object.get(f, "rule", null)), json.marshal(object.get(f, "action", null)), json.marshal(object.get(f, "severity", null))],
	),
	"category": "policy_error",
	"action": "deny",
	"severity": "critical",
	"source_rule": object.get(f, "rule", null),
}

policy_errors := [policy_error(f) | some f in malformed]

action := "deny" if {
	count(malformed) > 0
} else := "deny" if {
	some f in enforced
	f.action == "deny"
} else := "ask" if {
	some f in enforced
	f.action == "ask"
} else := "allow"

severity_risk := {"critical": 95, "high": 80, "medium": 50, "low": 25, "info": 5}

risk_of(f) := severity_risk[f.severity] if f.action != "allow"

risk_of(f) := 0 if f.action == "allow"

risk := max((({risk_of(f) | some f in sound} | {0}) | {100 | count(malformed) > 0}))

# Reasons: the rules that decided come first (the winning action), then the others.
decisive contains f if {
	some f in sound
	f.action == action
}

reason(f) := {"rule": f.rule, "message": message(f), "category": f.category, "action": f.action, "severity": f.severity}

# A tool that runs the command line it is given (facts.runs_command_line) is judged by what the
# line does, with the bash rules' own messages: the reason names the tool that would run it, so
# a person asked about `mcp__ssh__exec` does not read a judgment of a Bash call.
message(f) := sprintf("%s runs it: %s", [input.facts.name, f.message]) if {
	input.facts.runs_command_line == true
	not contains(f.message, input.facts.name)
} else := sprintf("%s runs the code: %s", [input.facts.name, f.message]) if {
	input.facts.runs_code == true
	not contains(f.message, input.facts.name)
} else := sprintf("%s tells an agent to run it: %s", [input.facts.name, f.message]) if {
	input.facts.delegates_command_lines == true
	not contains(f.message, input.facts.name)
} else := f.message

# (The others are told apart by their action, not by membership in decisive: opa-wasm tests
# membership in a set of objects by comparing with each one, quadratic in the findings.)
reasons := array.concat(
	array.concat(policy_errors, [reason(f) | some f in decisive]),
	[reason(f) | some f in sound; f.action != action; f.action != "allow"],
)

categories := sort({f.category | some f in sound; f.action != "allow"} | {"policy_error" | count(malformed) > 0})

obligations := sort({o | some f in enforced; some o in object.get(f, "obligations", [])})

decision := {
	"decision": action,
	"categories": categories,
	"risk": risk,
	"reasons": reasons,
	"obligations": obligations,
	"warnings": [reason(f) | some f in warned],
	"dryrun": [reason(f) | some f in dryrun],
	"matched": sort({f.rule | some f in findings}),
}

# The findings of each call-only area the call meets (input.call_only_areas names them), with
# neither the session rules nor custom packages: what the gateway computes once per distinct
# call, off the main thread, and passes back as input.cached (entrypoint toolgate/call_only_findings).
call_only_findings := {area: [f | some f in data.toolgate.rules[area][_].findings] |
	some area in areas
	area in {a | some a in input.call_only_areas}
}
