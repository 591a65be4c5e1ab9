# Loop governance: effort without progress. Repetition of the exact call, the same intent
# failing the same way (failure streak), the same error signature despite edits and
# respellings, polls whose status does not move, search families, writes never run,
# A-B-A-B oscillation, cycles through a few groups, and OpenClaw's generic repeat and
# global breaker. Each detector has an escalation ladder
# (warn, ask, deny, stop) in data.config.governance.loop.<detector>. The facts (counts of
# earlier identical calls with nothing changed between, …) come from session/loop.ts.
package toolgate.rules.session.loop

import rego.v1

import data.toolgate.session

cfg := session.gov.loop

not_poll if not session.loop.poll

# The same call again, nothing changed since the last run and the same result.
findings contains session.ladder_finding(
	"session.loop.repeat",
	"loop",
	lvl,
	sprintf("this exact call already ran %d times with nothing changed in between and the same result; change approach instead of repeating it", [v]),
) if {
	session.is_call
	not_poll
	v := session.loop.stale_repeats
	lvl := session.level(repeat_ladder, v)
}

# Repeats whose output nobody saw (a client that sends none) are weak evidence: a `tail` of a
# growing log looks the same as a re-read of a file that never changes (cfg.repeat_unseen).
repeat_ladder := object.get(cfg, "repeat_unseen", cfg.repeat) if object.get(session.loop, "repeat_unseen", false)

else := cfg.repeat

# The same command failing again with nothing changed: the exact call, or the same intent
# in another spelling (other flags, another version of the package, a tee to a log), or the
# same error signature from other commands with nothing changed since its first failure.
findings contains session.ladder_finding(
	"session.loop.failure_streak",
	"loop",
	lvl,
	sprintf("%s failed the last %d times the same way with nothing changed in between; retrying it in another spelling will fail again. Progress would be a change to what it depends on, or a different approach", [quoted_group, v]),
) if {
	session.is_call
	not_poll
	v := max([session.loop.failure_streak, object.get(session.loop, "group_failure_streak", 0), object.get(session.loop, "same_error_retries", 0)])
	lvl := session.level(cfg.failure_streak, v)
}

# With no output seen (a client that sends none), the same family failing with the same exit
# code in other spellings, nothing changed since the first failure: the same action retried,
# known by its exit status alone (weak evidence, its own longer ladder).
findings contains session.ladder_finding(
	"session.loop.failure_streak",
	"loop",
	lvl,
	sprintf("%s and its other spellings failed the last %d times with the same exit code and nothing changed in between (no output was reported); retrying it again will fail again. Progress would be a change to what it depends on, or a different approach", [quoted_group, v]),
) if {
	session.is_call
	not_poll
	v := max([object.get(session.loop, "weak_retries", 0), object.get(session.loop, "blind_rounds", 0)])
	lvl := session.level(object.get(cfg, "failure_streak_unseen", {}), v)
}

quoted_group := sprintf("`%s`", [object.get(session.loop, "group", "this command")])

error_text := sprintf(" (%s)", [session.loop.same_error_line]) if is_string(session.loop.same_error_line)

else := ""

# The same error signature again and again, whatever the spelling of the calls and whatever
# was edited in between: the effort is not reaching the error.
findings contains session.ladder_finding(
	"session.loop.same_error",
	"loop",
	lvl,
	sprintf("the same error%s came back %d times in the last %d calls; the edits and retries in between did not change it. Progress would be a different error, fewer failures or a passing run", [error_text, v, session.loop.same_error_since]),
) if {
	session.is_call
	not_poll
	v := object.get(session.loop, "same_error", 0)
	lvl := session.level(cfg.same_error, v)
}

# Polling without progress: the observing command (not the sleep before it) keeps showing the same status.
findings contains session.ladder_finding(
	"session.loop.poll_no_progress",
	"loop",
	lvl,
	sprintf("%s was polled %d times and what it shows has not moved; what it waits for is not happening. Progress would be a status that changes, or acting on the cause", [quoted_group, v]),
) if {
	session.is_call
	session.loop.poll
	v := object.get(session.loop, "poll_stale", session.loop.stale_repeats)
	lvl := session.level(poll_ladder, v)
}

# A poll whose output nobody saw (the client sends none) shows no status at all: judged by its
# exit status alone, it is weak evidence and waits longer (cfg.poll_unseen).
poll_ladder := object.get(cfg, "poll_unseen", cfg.poll) if object.get(session.loop, "poll_unseen", false)

else := cfg.poll

# A poll that keeps observing the same error (a backoff, an unreachable service, a 5xx): what
# it waits for is failing, so it is asked sooner than a status that has not moved yet.
findings contains session.ladder_finding(
	"session.loop.poll_error",
	"loop",
	lvl,
	sprintf("%s was polled %d times and shows the same error each time (%s); waiting will not fix it. Progress would be acting on the cause", [quoted_group, v, object.get(session.loop, "poll_error_line", "an error")]),
) if {
	session.is_call
	session.loop.poll
	v := object.get(session.loop, "poll_error", 0)
	lvl := session.level(cfg.poll_error, v)
}

# Waiting on something that never changes, in ever-different spellings: observations since the
# last change (get, describe, status, logs, tail… of one target, each spelled differently) whose
# observed state (status words, ratios, counts, new lines) shows nothing new, with waits between.
# One spelling alone is poll_no_progress's; a state that moves starts the count again.
findings contains session.ladder_finding(
	"session.loop.observed_stale",
	"loop",
	lvl,
	sprintf("the last %d observations (in %d spellings, %d waits) showed no status that was not seen before; what is awaited is not changing, however it is looked at. Progress would be a status that moves, or acting on the cause", [v, g, w]),
) if {
	session.is_call
	object.get(session.loop, "observing", false)
	v := object.get(session.loop, "observed_stale", 0)
	g := object.get(session.loop, "observed_groups", 0)
	w := object.get(session.loop, "observed_waits", 0)
	g >= cfg.observed_stale.min_spellings
	w >= cfg.observed_stale.min_waits
	lvl := session.level(cfg.observed_stale, v)
}

# A search family: searches one after another that never lead to a read, an edit or a run.
findings contains session.ladder_finding(
	"session.loop.search_family",
	"loop",
	lvl,
	sprintf("%d searches in a row without reading, editing or running anything they found; progress would be opening a result, or asking for what is missing", [v]),
) if {
	session.is_call
	v := object.get(session.loop, "search_run", 0)
	lvl := session.level(cfg.search_family, v)
}

findings contains session.ladder_finding(
	"session.loop.search_empty",
	"loop",
	lvl,
	sprintf("%d of the last searches in a row found nothing; what is searched for is likely not there under any spelling", [v]),
) if {
	session.is_call
	v := object.get(session.loop, "search_empty", 0)
	lvl := session.level(cfg.search_empty, v)
}

# Queries of one family (an MCP SQL or search tool, psql, a search API) that keep answering
# that they found nothing, in new spellings: a search without progress, whatever the tool.
findings contains session.ladder_finding(
	"session.loop.query_empty",
	"loop",
	lvl,
	sprintf("%d queries of this kind in a row found nothing (an empty result, in every spelling); what is looked for is likely not there: progress would be a query that finds something, or asking for what is missing", [v]),
) if {
	session.is_call
	v := object.get(session.loop, "query_empty", 0)
	lvl := session.level(cfg.query_empty, v)
}

# Reworded searches that keep bringing back the results already seen, whatever was read
# between: the answer is not where the searches lead.
findings contains session.ladder_finding(
	"session.loop.search_same",
	"loop",
	lvl,
	sprintf("%d searches since the last change brought back results already seen under another wording; rewording finds nothing new: progress would be another source, a change, or asking for what is missing", [v]),
) if {
	session.is_call
	v := object.get(session.loop, "search_same", 0)
	lvl := session.level(cfg.search_same, v)
}

# Edits that re-apply changes made before (variants in rotation, a value flipped back) with
# nothing built, run or tested since: known from the calls alone, outputs or not.
findings contains session.ladder_finding(
	"session.loop.redo_edits",
	"loop",
	lvl,
	sprintf("%d edits re-applied a change already made and undone, with nothing built, run or tested since; rotating variants tests none of them: progress would be running a check on one", [v]),
) if {
	session.is_call
	v := object.get(session.loop, "redo_edits", 0)
	lvl := session.level(cfg.redo_edits, v)
}

# Writes that are never built, run or tested.
findings contains session.ladder_finding(
	"session.loop.unverified_writes",
	"loop",
	lvl,
	sprintf("%d code files written since anything was last built, run or tested (documents and configs that nothing runs are not counted); progress would be running or testing what was written", [v]),
) if {
	session.is_call
	v := object.get(session.loop, "unverified_writes", 0)
	lvl := session.level(cfg.unverified_writes, v)
}

# The same file written whole again and again, and nothing builds, runs or tests it in between:
# each version replaces the last unseen. Documents and configs that nothing runs do not count.
findings contains session.ladder_finding(
	"session.loop.rewrites",
	"loop",
	lvl,
	sprintf("%s was rewritten %d times since anything last built, ran or tested it; progress would be running it to see what the last version does", [session.loop.group, v]),
) if {
	session.is_call
	v := object.get(session.loop, "rewrites", 0)
	lvl := session.level(cfg.rewrites, v)
}

# A-B-A-B: two calls alternating with no progress (ping-pong edits that undo each other, re-reads).
findings contains session.ladder_finding(
	"session.loop.ping_pong",
	"loop",
	lvl,
	sprintf("the last %d calls alternate between the same two calls with no progress", [v]),
) if {
	session.is_call
	v := session.loop.ping_pong
	lvl := session.level(cfg.ping_pong, v)
}

# Cycles through a few groups of calls (two to four commands, reads, edits) whose outcomes
# repeat, with no progress since. Reading around (revisiting files while opening new ones)
# keeps more distinct groups in the window than max_distinct, and is not a cycle.
findings contains session.ladder_finding(
	"session.loop.no_progress",
	"loop",
	lvl,
	sprintf("%d of the last calls repeat earlier ones with the same outcome, cycling through %d kinds of call with no progress; progress would be a new result: a different error, a passing run, a file not yet read", [v, d]),
) if {
	session.is_call
	not_poll
	v := stale_evidence
	d := object.get(session.loop, "distinct_groups_in_window", session.loop.distinct_in_window)
	d <= cfg.stale_density.max_distinct
	lvl := session.level(cfg.stale_density, v)
}

# The evidence of a cycle, weighed (cfg.stale_density.weights): a stale call counts 1, one that
# failed with the same error signature `strong`, one known by its exit status alone `weak`, and
# the call being decided `next` when it continues the cycle (its group followed the call the
# last one repeated), and `retry` when it re-runs a command whose last run failed with an
# error signature and nothing changed since (a blind retry, known before its outcome).
# Strong evidence escalates sooner, weak evidence later.
stale_weights := object.union({"strong": 1, "weak": 1, "next": 0, "retry": 0}, object.get(cfg.stale_density, "weights", {}))

stale_evidence := v if {
	stale := object.get(session.loop, "stale_groups_in_window", session.loop.stale_in_window)
	strong := object.get(session.loop, "strong_stale_in_window", 0)
	weak := object.get(session.loop, "weak_stale_in_window", 0)
	nxt := object.get(session.loop, "cycle_next", 0)
	retry := object.get(session.loop, "retry_next", 0)
	w := stale_weights
	v := ((((stale - strong) - weak) + (strong * w.strong)) + ((weak * w.weak) + (nxt * w.next))) + (retry * w.retry)
}

# OpenClaw's generic repeat, made progress-aware: identical calls since the last progress.
findings contains session.ladder_finding(
	"session.loop.generic_repeat",
	"loop",
	lvl,
	sprintf("this exact call occurs %d times in the last %d calls with no progress between", [v, session.loop.history_size]),
) if {
	session.is_call
	v := session.loop.repeats
	lvl := session.level(cfg.generic_repeat, v)
}

# OpenClaw's global breaker: too many no-progress calls in the history.
findings contains session.ladder_finding(
	"session.loop.global_breaker",
	"loop",
	lvl,
	sprintf("%d calls in a row made no progress; the session is stopped", [v]),
) if {
	session.is_call
	v := session.loop.no_progress_calls
	lvl := session.level(cfg.global_breaker, v)
}
