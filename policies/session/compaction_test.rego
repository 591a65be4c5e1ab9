package toolgate.rules.session.compaction_test

import rego.v1

import data.toolgate.rules.session.compaction
import data.toolgate.rules.session.continuation

event(over) := object.union({"type": "compaction", "ok": true, "tokens_after": 20000, "window": 200000, "lost": [], "summary_given": true}, over)

session(failures) := {"compaction": {"consecutive_failures": failures}}

rule_ids(f) := {x.rule | some x in f}

test_good_compaction_counts if {
	count(compaction.findings) == 0 with input as {"event": event({}), "session": session(0)}
}

test_lost_pinned_fails if {
	f := compaction.findings with input as {"event": event({"lost": [{"type": "goal", "value": "g"}]}), "session": session(0)}
	rule_ids(f) == {"session.compaction.lost_pinned"}
}

test_too_large_after_fails if {
	"session.compaction.still_large" in rule_ids(compaction.findings) with input as {"event": event({"tokens_after": 186000}), "session": session(0)}
}

test_third_failure_opens_breaker if {
	f := compaction.findings with input as {"event": event({"ok": false}), "session": session(2)}
	some x in f
	x.rule == "session.compaction.breaker_open"
	x.obligations == ["handoff"]
}

test_diminishing_returns_stops if {
	i := {"event": {"type": "continue", "done": false, "reason": "", "loop_since_last": false}, "session": {"status": "active", "usage": {"calls": 1, "tokens": 0, "cost_usd": 0, "wall_ms": 0}, "continuations": {"count": 4, "recent": [3000, 100, 200, 50], "progress": ["y", "n", "n", "n"], "restated": 0}}}
	"session.continuation.diminishing_returns" in rule_ids(continuation.findings) with input as i
}

# Short continuations between calls that made progress (a poll whose status moves) go on.
test_short_continuations_with_progress_go_on if {
	i := {"event": {"type": "continue", "done": false, "reason": "", "loop_since_last": false}, "session": {"status": "active", "usage": {"calls": 1, "tokens": 0, "cost_usd": 0, "wall_ms": 0}, "continuations": {"count": 4, "recent": [3000, 100, 200, 50], "progress": ["y", "n", "y", "n"], "restated": 0}}}
	count(continuation.findings) == 0 with input as i
}

# Unknown progress (no output seen) is no evidence of diminishing returns.
test_unknown_progress_is_not_diminishing if {
	i := {"event": {"type": "continue", "done": false, "reason": "", "loop_since_last": false}, "session": {"status": "active", "usage": {"calls": 1, "tokens": 0, "cost_usd": 0, "wall_ms": 0}, "continuations": {"count": 4, "recent": [3000, 100, 200, 50], "progress": ["n", "n", "u", "n"], "restated": 0}}}
	count(continuation.findings) == 0 with input as i
}

test_restated_plan_stops if {
	i := {"event": {"type": "continue", "done": false, "reason": "", "loop_since_last": false}, "session": {"status": "active", "usage": {"calls": 1, "tokens": 0, "cost_usd": 0, "wall_ms": 0}, "continuations": {"count": 3, "recent": [3000, 3000, 3000], "progress": ["y", "n", "n"], "restated": 2}}}
	"session.continuation.restated_plan" in rule_ids(continuation.findings) with input as i
}

test_healthy_continuation_goes_on if {
	i := {"event": {"type": "continue", "done": false, "reason": "", "loop_since_last": false}, "session": {"status": "active", "usage": {"calls": 1, "tokens": 0, "cost_usd": 0, "wall_ms": 0}, "continuations": {"count": 4, "recent": [3000, 100, 2000, 50], "progress": ["n", "n", "n", "n"], "restated": 0}}}
	count(continuation.findings) == 0 with input as i
}

test_missing_summary_fails_only_when_required if {
	count(compaction.findings) == 0 with input as {"event": event({"summary_given": false}), "session": session(0)}
	"session.compaction.no_summary" in rule_ids(compaction.findings) with input as {"event": event({"summary_given": false}), "session": session(0)}
		with data.config.governance.compaction.require_summary as true
}
