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
