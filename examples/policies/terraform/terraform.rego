# Terraform (and OpenTofu, Terragrunt) changes real infrastructure: a person approves
# `apply`, `destroy` and state surgery; `-auto-approve` on destroy is never the agent's call.
# Settings: data.config.custom.terraform (data.json beside this file).
package toolgate.custom.terraform

import rego.v1

import data.toolgate.lib

cfg := data.config.custom.terraform

# The first word after the binary that is not an option: `terraform -chdir=x apply` → apply.
subcommand(c) := [a | some a in array.slice(c.argv, 1, count(c.argv)); not startswith(a, "-")][0]

terraform_calls contains [c, sub] if {
	some c in lib.commands
	c.name in cfg.binaries
	sub := subcommand(c)
}

auto_approved(c) if {
	some a in c.argv
	a in {"-auto-approve", "--auto-approve"}
}

findings contains object.union(
	lib.finding(
		"custom.terraform.apply",
		"ask",
		"destructive_cloud",
		"high",
		sprintf("%s %s changes real infrastructure; a person approves it", [c.name, sub]),
	),
	{"obligations": ["checkpoint"]},
) if {
	some [c, sub] in terraform_calls
	sub in cfg.ask_subcommands
}

findings contains lib.finding(
	"custom.terraform.auto_approve_destroy",
	"deny",
	"destructive_cloud",
	"critical",
	sprintf("%s %s -auto-approve destroys infrastructure without a plan review", [c.name, sub]),
) if {
	some [c, sub] in terraform_calls
	sub in cfg.deny_auto_approve_subcommands
	auto_approved(c)
}
