package toolgate.rules.core.stored_code_test

import rego.v1

import data.toolgate.rules.core.stored_code

workspace := {"cwd": "/home/dev/project", "home": "/home/dev"}

fetched := {"producer": "stored:bash", "command": null, "stored": true, "type": "exec", "program": "sh", "argv": ["sh"], "language": "bash", "code": null, "origin": "network", "script": null}

test_stored_fetched_code_is_denied if {
	some f in stored_code.findings with input as {"facts": {"kind": "write", "effects": [fetched]}, "context": workspace}
	f.rule == "core.stored_code"
	f.action == "deny"
}

test_nothing_stored_nothing_found if {
	count(stored_code.findings) == 0 with input as {"facts": {"kind": "write", "effects": [object.union(fetched, {"stored": false})]}, "context": workspace}
}

test_a_rule_switched_off_does_not_deny_through_a_stored_file if {
	count(stored_code.findings) == 0 with input as {"facts": {"kind": "write", "effects": [fetched]}, "context": workspace}
		with data.config.disabled_rules as ["effects.remote_code_exec.fetched_code"]
}
