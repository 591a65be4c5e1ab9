# Stored credentials printed by a program that emits them (the command-knowledge table's
# `reveal` rules: `gh auth token`, `aws configure export-credentials`, `kubectl config view
# --raw`, a docker credential helper's `get`…), whatever the program.
package toolgate.rules.effects.credential_access

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

# Printed into the agent's context: the agent reads the credential (DESIGN.md: reading
# credentials is denied).
findings contains lib.finding(
	"effects.credential_access.revealed",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s prints a %s into the agent's context", [e.producer, e.secret]),
) if {
	some e in fx.of_type("reveal")
	e.to == "context"
}

# Captured into a variable, a pipe or a file: often legitimate (a bearer header to the
# provider's own API), so asked; where it is sent is judged by the exfiltration rules.
findings contains lib.finding(
	"effects.credential_access.captured",
	"ask",
	"credential_access",
	"high",
	sprintf("%s prints a %s into %s", [e.producer, e.secret, e.to]),
) if {
	some e in fx.of_type("reveal")
	e.to in {"pipe", "file"}
}
