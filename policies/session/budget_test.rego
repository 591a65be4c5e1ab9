package toolgate.rules.session.budget_test

import rego.v1

import data.toolgate.rules.session.budget

usage(calls, tokens, cost) := {"calls": calls, "tokens": tokens, "cost_usd": cost, "wall_ms": 1000}

session(u) := {"usage": u, "tree": object.union(u, {"root_id": "s"}), "ancestors": []}

limits := {"near_ratio": 0.9, "session": {"calls": 10, "tokens": 1000, "cost_usd": 1, "wall_time_ms": null}, "per_agent_day": {}}

actions(f) := {[x.rule, x.action] | some x in f}

test_under_budget_no_finding if {
	count(budget.findings) == 0 with input as {"session": session(usage(3, 100, 0.1))}
		with data.config.governance.budgets as limits
}

test_near_budget_asks_with_warn if {
	f := budget.findings with input as {"session": session(usage(8, 100, 0.1))} with data.config.governance.budgets as limits
	some x in f
	x.rule == "session.budget.near"
	x.action == "ask"
	x.obligations == ["warn"]
}

test_over_budget_denies_with_stop if {
	f := budget.findings with input as {"session": session(usage(10, 100, 0.1))} with data.config.governance.budgets as limits
	some x in f
	x.rule == "session.budget.exceeded"
	x.obligations == ["stop"]
}

test_tree_counts_children if {
	s := object.union(session(usage(2, 0, 0)), {"tree": {"root_id": "p", "calls": 10, "tokens": 0, "cost_usd": 0, "wall_ms": 0}})
	a := actions(budget.findings) with input as {"session": s} with data.config.governance.budgets as limits
	["session.budget.exceeded", "deny"] in a
}

test_null_limit_is_no_limit if {
	count(budget.findings) == 0 with input as {"session": session(usage(1, 10, 0))}
		with data.config.governance.budgets as {"near_ratio": 0.9, "session": {"calls": null, "tokens": null}}
}
