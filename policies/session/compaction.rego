# POST /v1/sessions/:id/compactions: does a reported compaction count as a success? A deny
# finding means it failed. It fails when the client says so, when the context is still
# not under the compaction threshold by verify_margin, or when the summary lost pinned
# items (goal, open todos, last checkpoint, files changed). After breaker_failures failures
# in a row the breaker opens: obligation handoff (stop retrying, hand the work over).
package toolgate.rules.session.compaction

import rego.v1

import data.toolgate.lib
import data.toolgate.session

cfg := session.gov.compaction

ctx := session.gov.context

is_compaction if input.event.type == "compaction"

failed_finding(rule, message) := lib.finding(rule, "deny", "context", "medium", message)

failures contains failed_finding("session.compaction.reported_failed", "the client reported the compaction as failed") if {
	is_compaction
	input.event.ok == false
}

failures contains failed_finding(
	"session.compaction.still_large",
	sprintf("after compaction the context holds %d tokens; it must be at most %d (window %d − %d − margin %d)", [after, limit, w, ctx.compact_margin, cfg.verify_margin]),
) if {
	is_compaction
	after := input.event.tokens_after
	w := input.event.window
	is_number(w)
	limit := (w - ctx.compact_margin) - cfg.verify_margin
	after > limit
}

failures contains failed_finding(
	"session.compaction.lost_pinned",
	sprintf("the summary lost pinned items: %s", [concat("; ", [sprintf("%s: %s", [l.type, l.value]) | some l in input.event.lost])]),
) if {
	is_compaction
	lost := [l | some l in input.event.lost; l.type in cfg.require_pinned]
	count(lost) > 0
}

failures contains failed_finding(
	"session.compaction.no_summary",
	"the compaction report has no summary, so the pinned items cannot be verified; send the summary",
) if {
	is_compaction
	input.event.summary_given == false
	cfg.require_summary
}

findings contains f if some f in failures

failures_after := input.session.compaction.consecutive_failures + 1

findings contains object.union(
	lib.finding(
		"session.compaction.breaker_open",
		"deny",
		"context",
		"high",
		sprintf("%d compactions in a row failed: stop retrying, checkpoint and hand the work over", [failures_after]),
	),
	{"obligations": ["handoff"]},
) if {
	is_compaction
	count(failures) > 0
	failures_after >= cfg.breaker_failures
}
