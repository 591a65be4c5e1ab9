# Context management: past window − warn_margin the answer carries warn_context; past
# window − compact_margin it carries compact (or handoff while the compaction breaker is
# open), and calls that would grow the context a lot are asked, or denied past
# window − hard_margin, until the context is smaller again.
package toolgate.rules.session.context

import rego.v1

import data.toolgate.lib
import data.toolgate.session

cfg := session.gov.context

breaker_open if input.session.compaction.consecutive_failures >= session.gov.compaction.breaker_failures

window := input.context.context_window

window := input.session.context.window if {
	not input.context.context_window
	is_number(input.session.context.window)
}

tokens := input.context.context_tokens

# A client that stopped sending its context size: the last known size stands, if it was
# past the compaction threshold and no compaction was reported since.
tokens := input.session.context.tokens if {
	not input.context.context_tokens
	input.session.compaction.required
	is_number(input.session.context.tokens)
}

past_warn if tokens >= window - cfg.warn_margin

past_compact if tokens >= window - cfg.compact_margin

past_hard if tokens >= window - cfg.hard_margin

findings contains object.union(
	lib.finding("session.context.warn", "allow", "context", "low", sprintf("the context holds %d of %d tokens; plan a compaction", [tokens, window])),
	{"obligations": ["warn_context"]},
) if {
	session.is_call
	past_warn
	not past_compact
}

findings contains object.union(
	lib.finding("session.context.compact", "allow", "context", "medium", sprintf("the context holds %d of %d tokens; compact it now and report the compaction", [tokens, window])),
	{"obligations": ["compact"]},
) if {
	session.is_call
	past_compact
	not breaker_open
}

findings contains object.union(
	lib.finding("session.context.breaker_open", "allow", "context", "high", sprintf("%d compactions in a row failed; stop retrying and hand the work over", [input.session.compaction.consecutive_failures])),
	{"obligations": ["handoff"]},
) if {
	session.is_call
	breaker_open
}

# Calls whose output tends to be large.
heavy if input.facts.kind in cfg.heavy_kinds

heavy if input.call.tool in cfg.heavy_tools

heavy if {
	some c in data.toolgate.lib.commands
	c.name in cfg.heavy_commands
}

heavy if {
	some c in data.toolgate.lib.commands
	some prefix in cfg.heavy_subcommands
	session.has_prefix(c, prefix)
}

# A read with a small explicit limit does not grow the context much.
light_read if {
	input.facts.kind == "read"
	is_number(input.call.input.limit)
	input.call.input.limit <= cfg.small_read_lines
}

grows if {
	heavy
	not light_read
}

findings contains object.union(
	lib.finding("session.context.grow_denied", "deny", "context", "high", sprintf("the context is nearly full (%d of %d tokens) and this call would grow it; compact first", [tokens, window])),
	{"obligations": [compact_or_handoff]},
) if {
	session.is_call
	past_hard
	grows
}

findings contains object.union(
	lib.finding("session.context.grow_asked", "ask", "context", "medium", sprintf("the context is past the compaction threshold (%d of %d tokens) and this call would grow it; compact first", [tokens, window])),
	{"obligations": [compact_or_handoff]},
) if {
	session.is_call
	past_compact
	not past_hard
	grows
}

compact_or_handoff := "handoff" if breaker_open

else := "compact"
