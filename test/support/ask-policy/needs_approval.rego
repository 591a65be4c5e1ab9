# Test policy for the approval flow: the shipped policy asks rarely, so tests add a rule that
# asks for any shell command mentioning "needs-approval".
package toolgate.custom.integration_tests

import rego.v1

findings contains {
	"rule": "custom.integration_tests.needs_approval",
	"action": "ask",
	"category": "process_control",
	"severity": "medium",
	"message": "a person must approve this command",
} if {
	input.facts.kind == "bash"
	contains(input.call.input.command, "needs-approval")
}
