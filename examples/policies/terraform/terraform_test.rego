package toolgate.custom.terraform_test

import rego.v1

import data.toolgate.custom.terraform

bash(argv) := {"facts": {"kind": "bash", "commands": [{"name": argv[0], "argv": argv}]}}

test_apply_asks if {
	some f in terraform.findings with input as bash(["terraform", "apply"])
	f.rule == "custom.terraform.apply"
	f.action == "ask"
}

test_options_before_the_subcommand if {
	some f in terraform.findings with input as bash(["terraform", "-chdir=infra", "apply", "-auto-approve"])
	f.rule == "custom.terraform.apply"
}

test_plan_is_quiet if {
	count(terraform.findings) == 0 with input as bash(["terraform", "plan", "-out", "tf.plan"])
}

test_destroy_auto_approve_denies if {
	some f in terraform.findings with input as bash(["tofu", "destroy", "-auto-approve"])
	f.rule == "custom.terraform.auto_approve_destroy"
	f.action == "deny"
}

test_apply_auto_approve_only_asks if {
	rules := {f.rule | some f in terraform.findings} with input as bash(["terraform", "apply", "-auto-approve"])
	rules == {"custom.terraform.apply"}
}
