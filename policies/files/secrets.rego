# Secrets written into files.
package toolgate.rules.files.secrets

import rego.v1

import data.toolgate.lib

writing if input.facts.kind in {"write", "edit"}

secrets := lib.real_secrets(input.facts.secrets) if writing

findings contains lib.finding(
	"files.secrets.secret_in_content",
	"ask",
	"secret_leak",
	"high",
	sprintf("the content written to %s holds a %s", [input.facts.path.path, concat(", ", sort({s.type | some s in secrets}))]),
) if count(secrets) > 0
