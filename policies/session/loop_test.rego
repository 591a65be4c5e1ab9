package toolgate.rules.session.loop_test

import rego.v1

import data.toolgate.rules.session.loop

facts(over) := object.union(
	{
		"fp": "f", "poll": false, "mutation": null, "repeats": 0, "stale_repeats": 0, "failure_streak": 0,
		"ping_pong": 0, "stale_in_window": 0, "distinct_in_window": 1, "no_progress_calls": 0, "since_progress": 0, "history_size": 0,
	},
	over,
)

rules(f) := {x.rule: [x.action, object.get(x, "obligations", [])] | some x in f}

test_fresh_call_has_no_loop_finding if {
	count(loop.findings) == 0 with input as {"session": {"loop": facts({})}, "call": {}}
}

test_repeat_ladder if {
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 2})}}
	r2["session.loop.repeat"] == ["allow", ["warn"]]
	r3 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 3})}}
	r3["session.loop.repeat"] == ["ask", ["warn"]]
	r5 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 5})}}
	r5["session.loop.repeat"][0] == "deny"
	r7 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 7})}}
	r7["session.loop.repeat"] == ["deny", ["stop"]]
}

test_polls_use_their_own_ladder if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 5, "poll": true})}}
	not r["session.loop.repeat"]
	r["session.loop.poll_no_progress"] == ["allow", ["warn"]]
	r7 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 8, "poll": true})}}
	r7["session.loop.poll_no_progress"][0] == "ask"
}

test_failure_streak_asks_early if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 2, "failure_streak": 2})}}
	r["session.loop.failure_streak"][0] == "ask"
}

test_thresholds_are_data if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 3})}}
		with data.config.governance.loop.repeat as {"warn": 50}
	not r["session.loop.repeat"]
}

test_events_are_not_calls if {
	count(loop.findings) == 0 with input as {"session": {"loop": facts({"stale_repeats": 9})}, "event": {"type": "continue"}}
}

test_density_needs_a_small_cycle if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"stale_in_window": 5, "distinct_in_window": 3})}}
	r["session.loop.no_progress"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_in_window": 5, "distinct_in_window": 6})}}
	not r2["session.loop.no_progress"]
}

test_same_error_across_spellings_and_edits if {
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"same_error": 2, "same_error_since": 4, "same_error_line": "E404"})}}
	r2["session.loop.same_error"] == ["allow", ["warn"]]
	r3 := rules(loop.findings) with input as {"session": {"loop": facts({"same_error": 3, "same_error_since": 6, "same_error_line": "E404"})}}
	r3["session.loop.same_error"][0] == "ask"
	some x in loop.findings with input as {"session": {"loop": facts({"same_error": 3, "same_error_since": 6, "same_error_line": "npm ERR! code E404"})}}
	x.rule == "session.loop.same_error"
	contains(x.message, "npm ERR! code E404")
	contains(x.message, "last 6 calls")
}

test_group_failure_streak_counts_respellings if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"group_failure_streak": 2, "group": "pip install torch"})}}
	r["session.loop.failure_streak"][0] == "ask"
}

test_polls_judged_by_what_they_observe if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"poll": true, "poll_stale": 8, "stale_repeats": 0})}}
	r["session.loop.poll_no_progress"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"poll": true, "poll_stale": 1, "stale_repeats": 9})}}
	not r2["session.loop.poll_no_progress"]
}

test_search_family_and_unverified_writes if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"search_run": 7, "search_empty": 4})}}
	r["session.loop.search_family"][0] == "ask"
	r["session.loop.search_empty"][0] == "ask"
	w := rules(loop.findings) with input as {"session": {"loop": facts({"unverified_writes": 8})}}
	w["session.loop.unverified_writes"][0] == "ask"
	ok := rules(loop.findings) with input as {"session": {"loop": facts({"unverified_writes": 4, "search_run": 3})}}
	not ok["session.loop.unverified_writes"]
	not ok["session.loop.search_family"]
}

test_cycles_counted_over_families if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"stale_groups_in_window": 4, "distinct_groups_in_window": 3})}}
	r["session.loop.no_progress"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"stale_groups_in_window": 6, "distinct_groups_in_window": 5})}}
	not r2["session.loop.no_progress"]
}

test_observed_state_that_never_moves_in_many_spellings_is_asked if {
	stuck := {"observing": true, "observed_stale": 3, "observed_groups": 3, "observed_waits": 3}
	ladder := {"warn": 2, "ask": 3, "deny": 6, "stop": 9, "min_spellings": 2, "min_waits": 1}
	r := rules(loop.findings) with input as {"session": {"loop": facts(stuck)}}
		with data.config.governance.loop.observed_stale as ladder
	r["session.loop.observed_stale"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts(object.union(stuck, {"observed_stale": 2}))}}
		with data.config.governance.loop.observed_stale as ladder
	r2["session.loop.observed_stale"] == ["allow", ["warn"]]
}

test_observed_state_needs_spellings_waits_and_an_observing_call if {
	stuck := {"observing": true, "observed_stale": 5, "observed_groups": 3, "observed_waits": 3}
	# One spelling alone is poll_no_progress's (a single command polled longer is legitimate).
	r1 := rules(loop.findings) with input as {"session": {"loop": facts(object.union(stuck, {"observed_groups": 1}))}}
	not r1["session.loop.observed_stale"]
	r2 := rules(loop.findings) with input as {"session": {"loop": facts(object.union(stuck, {"observed_waits": 0}))}}
	not r2["session.loop.observed_stale"]
	# Acting on the cause (a call that observes nothing) is not asked.
	r3 := rules(loop.findings) with input as {"session": {"loop": facts(object.union(stuck, {"observing": false}))}}
	not r3["session.loop.observed_stale"]
	r4 := rules(loop.findings) with input as {"session": {"loop": facts(stuck)}}
		with data.config.governance.loop.observed_stale as {"warn": 50, "min_spellings": 2, "min_waits": 1}
	not r4["session.loop.observed_stale"]
}

# Evidence is weighed (data: stale_density.weights): one stale failure with the same error
# after a changed attempt, and the call that continues the cycle, are asked; the same count of
# calls known by their exit status alone only warns.
test_cycle_evidence_is_weighed if {
	ladder := {"warn": 2, "ask": 3, "deny": 6, "max_distinct": 4, "weights": {"strong": 2, "weak": 0.5, "next": 1}}
	strong := {"stale_groups_in_window": 1, "strong_stale_in_window": 1, "weak_stale_in_window": 0, "cycle_next": 1, "distinct_groups_in_window": 3}
	r := rules(loop.findings) with input as {"session": {"loop": facts(strong)}}
		with data.config.governance.loop.stale_density as ladder
	r["session.loop.no_progress"][0] == "ask"
	weak := {"stale_groups_in_window": 3, "strong_stale_in_window": 0, "weak_stale_in_window": 3, "cycle_next": 1, "distinct_groups_in_window": 3}
	r2 := rules(loop.findings) with input as {"session": {"loop": facts(weak)}}
		with data.config.governance.loop.stale_density as ladder
	r2["session.loop.no_progress"] == ["allow", ["warn"]]
	# Without weights in data every stale call counts one and the next call nothing (as before).
	plain := {"warn": 2, "ask": 3, "deny": 6, "max_distinct": 4}
	r3 := rules(loop.findings) with input as {"session": {"loop": facts(strong)}}
		with data.config.governance.loop.stale_density as plain
	not r3["session.loop.no_progress"]
}

test_same_error_retried_unchanged_is_a_failure_streak if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"same_error_retries": 2})}}
	r["session.loop.failure_streak"][0] == "ask"
}

test_poll_with_no_output_seen_waits_longer if {
	seen := rules(loop.findings) with input as {"session": {"loop": facts({"poll": true, "poll_stale": 8})}}
	seen["session.loop.poll_no_progress"][0] == "ask"
	unseen := rules(loop.findings) with input as {"session": {"loop": facts({"poll": true, "poll_stale": 8, "poll_unseen": true})}}
	unseen["session.loop.poll_no_progress"] == ["allow", ["warn"]]
}

test_repeat_with_no_output_seen_waits_longer if {
	seen := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 3})}}
	seen["session.loop.repeat"][0] == "ask"
	unseen := rules(loop.findings) with input as {"session": {"loop": facts({"stale_repeats": 3, "repeat_unseen": true})}}
	not unseen["session.loop.repeat"]
}

# A blind retry (the call re-runs a command whose last run failed with an error signature, and
# nothing changed since) weighs `retry` before its outcome is known: with one stale call and the
# call continuing the cycle, it is asked; without the weight in data it only warns.
test_blind_retry_adds_evidence if {
	ladder := {"warn": 2, "ask": 3, "deny": 6, "max_distinct": 4, "weights": {"strong": 2, "weak": 0.5, "next": 1, "retry": 1}}
	retry := {"stale_groups_in_window": 1, "strong_stale_in_window": 0, "weak_stale_in_window": 0, "cycle_next": 1, "retry_next": 1, "distinct_groups_in_window": 2}
	r := rules(loop.findings) with input as {"session": {"loop": facts(retry)}}
		with data.config.governance.loop.stale_density as ladder
	r["session.loop.no_progress"][0] == "ask"
	unweighted := {"warn": 2, "ask": 3, "deny": 6, "max_distinct": 4, "weights": {"strong": 2, "weak": 0.5, "next": 1}}
	r2 := rules(loop.findings) with input as {"session": {"loop": facts(retry)}}
		with data.config.governance.loop.stale_density as unweighted
	r2["session.loop.no_progress"] == ["allow", ["warn"]]
}

# No output seen: the same family failing with the same exit code in other spellings, nothing
# changed between, is asked on its own longer ladder (failure_streak_unseen), not failure_streak's.
test_weak_retries_use_the_unseen_ladder if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"weak_retries": 3})}}
		with data.config.governance.loop.failure_streak_unseen as {"warn": 2, "ask": 3, "deny": 5, "stop": 7}
	r["session.loop.failure_streak"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"weak_retries": 2})}}
		with data.config.governance.loop.failure_streak_unseen as {"warn": 2, "ask": 3, "deny": 5, "stop": 7}
	r2["session.loop.failure_streak"] == ["allow", ["warn"]]
}

# No output seen: rounds of exactly repeated calls ending in the same failing exit code, nothing
# written between, are blind retries on the same ladder.
test_blind_rounds_use_the_unseen_ladder if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"blind_rounds": 3})}}
		with data.config.governance.loop.failure_streak_unseen as {"warn": 2, "ask": 3, "deny": 5, "stop": 7}
	r["session.loop.failure_streak"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"blind_rounds": 1})}}
		with data.config.governance.loop.failure_streak_unseen as {"warn": 2, "ask": 3, "deny": 5, "stop": 7}
	not r2["session.loop.failure_streak"]
}

test_query_empty_ladder if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"query_empty": 4})}}
	r["session.loop.query_empty"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"query_empty": 2})}}
	not r2["session.loop.query_empty"]
}

test_search_same_ladder if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"search_same": 3})}}
	r["session.loop.search_same"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"search_same": 1})}}
	not r2["session.loop.search_same"]
}

test_redo_edits_ladder if {
	r := rules(loop.findings) with input as {"session": {"loop": facts({"redo_edits": 2})}}
	r["session.loop.redo_edits"][0] == "ask"
	r2 := rules(loop.findings) with input as {"session": {"loop": facts({"redo_edits": 0})}}
	not r2["session.loop.redo_edits"]
}
