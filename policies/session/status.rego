# Calls after the session was stopped or ended, or while an ancestor (the parent agent) is.
package toolgate.rules.session.status

import rego.v1

import data.toolgate.lib
import data.toolgate.session

stop_finding(rule, message) := object.union(lib.finding(rule, "deny", "loop", "critical", message), {"obligations": ["stop"]})

findings contains stop_finding(
	"session.status.stopped",
	sprintf("the session was told to stop (%s); no further calls are allowed in it", [object.get(input.session, "stop_reason", "no reason recorded")]),
) if {
	session.is_call
	input.session.status == "stopped"
}

findings contains stop_finding(
	"session.status.ended",
	sprintf("the session has ended (%s); start a new session, or resume from this one with resume_from", [object.get(object.get(input.session, "ended", {}), "status", "ended")]),
) if {
	session.is_call
	input.session.status == "ended"
}

findings contains stop_finding(
	"session.status.ancestor_stopped",
	sprintf("the parent session %s is %s, so its sub-agents stop too", [a.id, a.status]),
) if {
	session.is_call
	some a in object.get(input.session, "ancestors", [])
	a.status != "active"
}

# A new session that names an unknown session to resume from: its budgets would silently
# start from zero, so the call is denied until the id is fixed.
findings contains lib.finding(
	"session.status.resume_unknown",
	"deny",
	"budget",
	"medium",
	sprintf("%s; fix resume_from or drop it to start afresh", [input.session.resume_error]),
) if {
	session.is_call
	is_string(input.session.resume_error)
}
