# Budgets: tool calls, tokens, cost and wall time per session (its own use and, for a
# tree of sub-agents, the root's total), and optionally per agent per UTC day. Near the
# limit (near_ratio, default 90%) the call is asked with obligation warn; over it the call
# is denied with obligation stop. Limits are data.config.governance.budgets; null = none.
package toolgate.rules.session.budget

import rego.v1

import data.toolgate.lib
import data.toolgate.session

cfg := session.gov.budgets

# What the call would bring each measure to. The call itself counts one call; tokens,
# cost and time are spent by reports after the fact, so they count as already used.
measures(u) := {
	"calls": u.calls + 1,
	"tokens": u.tokens,
	"cost_usd": u.cost_usd,
	"wall_time_ms": object.get(u, "wall_ms", 0),
}

# The usages that a budget applies to: {scope: [usage, limits]}.
scopes contains ["session", input.session.usage, cfg.session] if is_object(input.session.usage)

# The root of a tree of sub-agents: its session limits apply to the whole tree.
scopes contains ["tree", input.session.tree, cfg.session] if {
	t := input.session.tree
	is_object(t)
	u := input.session.usage
	tree_differs(t, u)
}

scopes contains ["agent_day", object.union(d, {"wall_ms": 0}), cfg.per_agent_day] if {
	d := input.session.agent_day
	is_object(d)
}

tree_differs(_, _) if count(object.get(input.session, "ancestors", [])) > 0

tree_differs(t, u) if t.calls != u.calls

tree_differs(t, u) if t.tokens != u.tokens

tree_differs(t, u) if t.cost_usd != u.cost_usd

over contains [scope, m, used, limit] if {
	some [scope, usage, limits] in scopes
	some m, used in measures(usage)
	limit := limits[m]
	is_number(limit)
	exceeds(m, used, limit)
}

# One more call than allowed is over; for spent measures, reaching the limit is over.
exceeds("calls", used, limit) if used > limit

exceeds(m, used, limit) if {
	m != "calls"
	used >= limit
}

near contains [scope, m, used, limit] if {
	some [scope, usage, limits] in scopes
	some m, used in measures(usage)
	limit := limits[m]
	is_number(limit)
	not exceeds(m, used, limit)
	used >= cfg.near_ratio * limit
}

label := {"session": "session", "tree": "agent tree", "agent_day": "agent's daily"}

findings contains object.union(
	lib.finding(
		"session.budget.exceeded",
		"deny",
		"budget",
		"high",
		sprintf("the %s budget for %s is used up (%v of %v); the session must stop", [label[scope], m, used, limit]),
	),
	{"obligations": ["stop"]},
) if {
	session.is_call
	some [scope, m, used, limit] in over
}

findings contains object.union(
	lib.finding(
		"session.budget.near",
		"ask",
		"budget",
		"medium",
		sprintf("the %s budget for %s is nearly used up (%v of %v)", [label[scope], m, used, limit]),
	),
	{"obligations": ["warn"]},
) if {
	session.is_call
	some [scope, m, used, limit] in near
}
