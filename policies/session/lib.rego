# Helpers of the session governance rules (policies/session/*.rego). Nothing here decides.
package toolgate.session

import rego.v1

import data.toolgate.lib

gov := data.config.governance

# A tool call (not a session event such as a continuation or a compaction report).
is_call if not input.event

# The loop facts of the call being decided (session/loop.ts states them).
loop := input.session.loop if is_object(input.session.loop)

# The highest rung of an escalation ladder {warn, ask, deny, stop} that value v reaches.
# A rung missing from data is skipped.
level(t, v) := "stop" if {
	v >= t.stop
} else := "deny" if {
	v >= t.deny
} else := "ask" if {
	v >= t.ask
} else := "warn" if {
	v >= t.warn
}

# The finding for a rung: warn allows with obligation warn, ask asks, deny denies, stop
# denies and tells the agent to stop (the gateway then marks the session stopped).
ladder_finding(rule, category, "warn", message) := object.union(
	lib.finding(rule, "allow", category, "low", message),
	{"obligations": ["warn"]},
)

ladder_finding(rule, category, "ask", message) := object.union(
	lib.finding(rule, "ask", category, "medium", message),
	{"obligations": ["warn"]},
)

ladder_finding(rule, category, "deny", message) := lib.finding(rule, "deny", category, "high", message)

ladder_finding(rule, category, "stop", message) := object.union(
	lib.finding(rule, "deny", category, "critical", message),
	{"obligations": ["stop"]},
)

# argv of a command with its basename first, for prefix matching against data lists.
words(c) := array.concat([c.name], c.args)

# c starts with the words of prefix (the first word is the command, later words may be anywhere).
has_prefix(c, prefix) if {
	w := words(c)
	count(prefix) <= count(w)
	w[0] == prefix[0]
	every p in array.slice(prefix, 1, count(prefix)) {
		p in w
	}
}
