# POST /v1/sessions/:id/continue: should the agent keep working? A deny finding means
# "stop" (its message is the reason). Stops at the completion threshold of a budget, on
# diminishing returns, after a loop signal, and on an explicit termination condition.
package toolgate.rules.session.continuation

import rego.v1

import data.toolgate.lib
import data.toolgate.session

cfg := session.gov.continuation

is_continue if input.event.type == "continue"

stop(rule, message) := lib.finding(rule, "deny", "budget", "medium", message)

budget_used contains [m, used, limit] if {
	u := input.session.usage
	some m, used in {"calls": u.calls, "tokens": u.tokens, "cost_usd": u.cost_usd, "wall_time_ms": u.wall_ms}
	limit := session.gov.budgets.session[m]
	is_number(limit)
	used >= cfg.completion_ratio * limit
}

findings contains stop(
	"session.continuation.budget",
	sprintf("%v of the %s budget (%v) is used: wrap up instead of continuing", [used, m, limit]),
) if {
	is_continue
	some [m, used, limit] in budget_used
}

# Diminishing returns: the last min_continuations continuations each added fewer than
# min_output_tokens AND the calls before each of them made no measured progress ("n": no new
# file, error, count, status or change; "u", unknown, is not evidence). A poll whose status
# moves between short continuations is progress, however short they are.
recent := input.session.continuations.recent

recent_progress := object.get(input.session.continuations, "progress", [])

findings contains stop(
	"session.continuation.diminishing_returns",
	sprintf("the last %d continuations each produced fewer than %d output tokens and the calls between them made no progress (no new file, error, passing test or moving status): the work is not advancing", [cfg.min_continuations, cfg.min_output_tokens]),
) if {
	is_continue
	input.session.continuations.count >= cfg.min_continuations
	count(recent) >= cfg.min_continuations
	count(recent_progress) == count(recent)
	tail := array.slice(recent, count(recent) - cfg.min_continuations, count(recent))
	every t in tail {
		t < cfg.min_output_tokens
	}
	progress_tail := array.slice(recent_progress, count(recent_progress) - cfg.min_continuations, count(recent_progress))
	every p in progress_tail {
		p == "n"
	}
}

# The same plan restated: max_restated continuations in a row whose text repeats the previous
# one's with no tool call in between (progress/continuation.ts compares the words).
findings contains stop(
	"session.continuation.restated_plan",
	sprintf("the last %d continuations restated the same plan with no tool call in between: act on it or stop", [object.get(input.session.continuations, "restated", 0)]),
) if {
	is_continue
	object.get(input.session.continuations, "restated", 0) >= cfg.max_restated
}

findings contains lib.finding(
	"session.continuation.loop",
	"deny",
	"loop",
	"medium",
	sprintf("a loop signal fired since the last continuation (%s)", [object.get(input.session.loop_state, "last_rule", "loop")]),
) if {
	is_continue
	cfg.stop_on_loop
	input.event.loop_since_last
}

findings contains stop("session.continuation.done", "the agent reported the task as done") if {
	is_continue
	input.event.done == true
}

findings contains stop("session.continuation.done", sprintf("the stated reason \"%s\" is a termination condition", [input.event.reason])) if {
	is_continue
	lower(input.event.reason) in cfg.stop_reasons
}

findings contains stop("session.continuation.inactive", sprintf("the session is %s", [input.session.status])) if {
	is_continue
	input.session.status != "active"
}
