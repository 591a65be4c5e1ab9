package toolgate.rules.session.context_test

import rego.v1

import data.toolgate.rules.session.context

base(tokens, kind) := {
	"call": {"tool": kind, "input": {}},
	"facts": {"kind": kind},
	"context": {"context_tokens": tokens, "context_window": 200000},
	"session": {"compaction": {"consecutive_failures": 0, "required": false}, "context": {}},
}

obligations(f) := {o | some x in f; some o in object.get(x, "obligations", [])}

test_below_warning_nothing if {
	count(context.findings) == 0 with input as base(100000, "read")
}

test_warning_threshold if {
	obligations(context.findings) == {"warn_context"} with input as base(180000, "read")
}

test_compaction_threshold_asks_heavy_calls if {
	f := context.findings with input as base(187000, "read")
	"compact" in obligations(f)
	some x in f
	x.action == "ask"
}

test_hard_margin_denies_heavy_calls if {
	f := context.findings with input as base(196000, "web_fetch")
	some x in f
	x.action == "deny"
}

test_breaker_open_means_handoff if {
	i := object.union(base(190000, "read"), {"session": {"compaction": {"consecutive_failures": 3}, "context": {}}})
	"handoff" in obligations(context.findings) with input as i
}
