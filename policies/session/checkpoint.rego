# Checkpoint reminders: after every_calls decisions without a checkpoint, or when the context
# passes the warning threshold with no checkpoint taken since, the answer carries obligation
# checkpoint (the agent should POST /v1/sessions/:id/checkpoints). Never blocks.
package toolgate.rules.session.checkpoint

import rego.v1

import data.toolgate.lib
import data.toolgate.session

cfg := session.gov.checkpoints

findings contains object.union(
	lib.finding("session.checkpoint.due", "allow", "context", "info", sprintf("%d decisions since the last checkpoint; save one", [n])),
	{"obligations": ["checkpoint"]},
) if {
	session.is_call
	n := input.session.decisions_since_checkpoint
	is_number(cfg.every_calls)
	n >= cfg.every_calls
}
