# Loop governance: repetition without progress, failure streaks, identical failures
# despite edits, polling without progress, A-B-A-B oscillation, no-progress density, and
# OpenClaw's generic repeat and global breaker. Each detector has an escalation ladder
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
	lvl := session.level(cfg.repeat, v)
}

# The same command failing again with nothing changed.
findings contains session.ladder_finding(
	"session.loop.failure_streak",
	"loop",
	lvl,
	sprintf("this command failed the last %d times with nothing changed in between; retrying it as is will fail again", [v]),
) if {
	session.is_call
	not_poll
	v := session.loop.failure_streak
	lvl := session.level(cfg.failure_streak, v)
}

# Build-fix loops: edits in between, but the command keeps failing with the very same output.
findings contains session.ladder_finding(
	"session.loop.same_failure",
	"loop",
	lvl,
	sprintf("this command failed %d times in a row with identical output although files changed in between; the edits are not fixing it", [v]),
) if {
	session.is_call
	not_poll
	v := session.loop.same_failures
	lvl := session.level(cfg.same_failure, v)
}

# Polling without progress: the same poll keeps returning the same result.
findings contains session.ladder_finding(
	"session.loop.poll_no_progress",
	"loop",
	lvl,
	sprintf("this poll returned the same result %d times; what it waits for is not happening", [v]),
) if {
	session.is_call
	session.loop.poll
	v := session.loop.stale_repeats
	lvl := session.level(cfg.poll, v)
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

# Search cycles and the like: most recent calls repeat a few earlier ones with no progress.
# Reading around (revisiting files while opening new ones) keeps more distinct calls in the
# window than max_distinct, and is not a cycle.
findings contains session.ladder_finding(
	"session.loop.no_progress",
	"loop",
	lvl,
	sprintf("%d of the recent calls repeat earlier ones with no file changed and no new result", [v]),
) if {
	session.is_call
	not_poll
	v := session.loop.stale_in_window
	object.get(session.loop, "distinct_in_window", 0) <= cfg.stale_density.max_distinct
	lvl := session.level(cfg.stale_density, v)
}

# OpenClaw's generic repeat: identical calls in the history, progress or not.
findings contains session.ladder_finding(
	"session.loop.generic_repeat",
	"loop",
	lvl,
	sprintf("this exact call occurs %d times in the last %d calls", [v, session.loop.history_size]),
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
