# Fail closed: whatever the normalizer could not see through is never allowed silently.
package toolgate.rules.core.indeterminate

import rego.v1

import data.toolgate.lib

findings contains lib.finding(
	"core.indeterminate",
	"ask",
	"obfuscation",
	"medium",
	sprintf("the command could not be fully analysed (%s); a person should look at it", [concat(", ", input.facts.indeterminate)]),
) if count(object.get(input.facts, "indeterminate", [])) > 0
