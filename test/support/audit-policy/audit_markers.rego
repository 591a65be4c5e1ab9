# Rules owned by the audit tests, so that their decisions do not move when the shipped
# rules are tuned: a call whose command carries a marker word is denied or asked.
package toolgate.custom.audit_markers

import rego.v1

import data.toolgate.lib

command := object.get(input.call.input, "command", "")

findings contains lib.finding(
	"audit_markers.deny",
	"deny",
	"audit_marker",
	"high",
	"the command carries the DENY-ME marker",
) if contains(command, "DENY-ME")

findings contains lib.finding(
	"audit_markers.deny_twice",
	"deny",
	"audit_marker",
	"medium",
	"the command carries the TWICE marker as well",
) if contains(command, "TWICE")

findings contains lib.finding(
	"audit_markers.ask",
	"ask",
	"audit_review",
	"medium",
	"the command carries the ASK-ME marker",
) if contains(command, "ASK-ME")
