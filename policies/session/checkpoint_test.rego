package toolgate.rules.session.checkpoint_test

import rego.v1

import data.toolgate.rules.session.checkpoint

test_due_after_every_calls if {
	some f in checkpoint.findings with input as {"session": {"decisions_since_checkpoint": 200}}
		with data.config.governance.checkpoints.every_calls as 200
	f.obligations == ["checkpoint"]
	f.action == "allow"
}

test_not_due_before if {
	count(checkpoint.findings) == 0 with input as {"session": {"decisions_since_checkpoint": 10}}
		with data.config.governance.checkpoints.every_calls as 200
}

test_off_when_null if {
	count(checkpoint.findings) == 0 with input as {"session": {"decisions_since_checkpoint": 10000}}
		with data.config.governance.checkpoints.every_calls as null
}
