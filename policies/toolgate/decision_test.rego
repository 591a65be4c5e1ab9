package toolgate_test

import rego.v1

import data.toolgate

cfg := {"disabled_rules": [], "rules": {}}

fake_rules := {
	"a": {"g": {"findings": {
		{"rule": "a.deny", "action": "deny", "category": "destructive_fs", "message": "m1", "severity": "critical"},
		{"rule": "a.ask", "action": "ask", "category": "network_recon", "message": "m2", "severity": "medium"},
	}}},
}

test_deny_wins_over_ask if {
	d := toolgate.decision with data.toolgate.rules as fake_rules with data.config as cfg
	d.decision == "deny"
	d.risk == 95
	d.reasons[0].rule == "a.deny"
	d.categories == ["destructive_fs", "network_recon"]
}

test_disabled_rule_does_not_decide if {
	d := toolgate.decision with data.toolgate.rules as fake_rules
		with data.config as object.union(cfg, {"disabled_rules": ["a.deny"]})
	d.decision == "ask"
}

test_warn_mode_allows_and_warns if {
	c := object.union(cfg, {"rules": {"a.deny": {"mode": "warn"}, "a.ask": {"mode": "dryrun"}}})
	d := toolgate.decision with data.toolgate.rules as fake_rules with data.config as c
	d.decision == "allow"
	d.warnings[0].rule == "a.deny"
	d.dryrun[0].rule == "a.ask"
	d.risk == 0
}

test_nothing_matched_is_allow if {
	d := toolgate.decision with data.toolgate.rules as {} with data.config as cfg
	d.decision == "allow"
	d.reasons == []
}

# A misspelled action or severity is a mistake in a rule: it denies with a policy error that
# names the rule, and the call's other reasons stay.
misspelled_rules := {"a": {"g": {"findings": {
	{"rule": "a.typo", "action": "Deny", "category": "destructive_fs", "message": "m1", "severity": "critical"},
	{"rule": "a.ask", "action": "ask", "category": "network_recon", "message": "m2", "severity": "medium"},
}}}}

test_misspelled_action_denies_with_policy_error if {
	d := toolgate.decision with data.toolgate.rules as misspelled_rules with data.config as cfg
	d.decision == "deny"
	d.risk == 100
	d.reasons[0].rule == "toolgate.policy_error"
	d.reasons[0].source_rule == "a.typo"
	contains(d.reasons[0].message, `"Deny"`)
	d.reasons[1].rule == "a.ask"
	"policy_error" in d.categories
}

test_misspelled_severity_denies if {
	rules := {"a": {"g": {"findings": {{"rule": "a.sev", "action": "ask", "category": "network_recon", "message": "m", "severity": "hgih"}}}}}
	d := toolgate.decision with data.toolgate.rules as rules with data.config as cfg
	d.decision == "deny"
	d.reasons[0].source_rule == "a.sev"
}

test_missing_action_denies if {
	rules := {"a": {"g": {"findings": {{"rule": "a.none", "category": "network_recon", "message": "m", "severity": "low"}}}}}
	d := toolgate.decision with data.toolgate.rules as rules with data.config as cfg
	d.decision == "deny"
}

test_misspelled_action_of_a_rule_switched_off_does_not_decide if {
	c := object.union(cfg, {"disabled_rules": ["a.typo"]})
	d := toolgate.decision with data.toolgate.rules as misspelled_rules with data.config as c
	d.decision == "ask"
}

# A tool that runs the command line it is given: each reason names the tool, once.
test_reason_names_the_command_running_tool if {
	d := toolgate.decision with data.toolgate.rules as fake_rules with data.config as cfg
		with input.facts as {"kind": "other", "name": "mcp__ssh__exec", "runs_command_line": true}
	d.reasons[0].message == "mcp__ssh__exec runs it: m1"
	d.reasons[1].message == "mcp__ssh__exec runs it: m2"
}

test_reason_of_other_tools_unchanged if {
	d := toolgate.decision with data.toolgate.rules as fake_rules with data.config as cfg
		with input.facts as {"kind": "other", "name": "mcp__fs__read_file"}
	d.reasons[0].message == "m1"
}

test_reason_names_the_delegating_tool if {
	d := toolgate.decision with data.toolgate.rules as fake_rules with data.config as cfg
		with input.facts as {"kind": "other", "name": "Task", "delegates_command_lines": true}
	d.reasons[0].message == "Task tells an agent to run it: m1"
}
