# File tools reaching into credential stores.
package toolgate.rules.files.credentials

import rego.v1

import data.toolgate.lib

file_kinds := {"read", "write", "edit"}

findings contains lib.finding(
	"files.credentials.credential_path",
	"deny",
	"credential_access",
	"critical",
	sprintf("%s of %s, a credential store", [input.facts.kind, input.facts.path.path]),
) if {
	input.facts.kind in file_kinds
	lib.credential_path(input.facts.path)
}
