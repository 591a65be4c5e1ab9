# Messages that carry secrets out of the session.
package toolgate.rules.message.exfiltration

import rego.v1

import data.toolgate.lib

secrets := lib.real_secrets(input.facts.secrets) if input.facts.kind == "message"

findings contains lib.finding(
	"message.exfiltration.secret_in_message",
	data.config.message.secret_action,
	"data_exfiltration",
	"critical",
	sprintf("the message to %s carries a %s", [input.facts.to, concat(", ", sort({s.type | some s in secrets}))]),
) if count(secrets) > 0

findings contains lib.finding(
	"message.exfiltration.secret_leak",
	data.config.message.secret_action,
	"secret_leak",
	"critical",
	"the message text holds a secret",
) if count(secrets) > 0

# Recipients outside the configured allowlist (when one is set).
findings contains lib.finding(
	"message.exfiltration.unknown_recipient",
	"ask",
	"data_exfiltration",
	"low",
	sprintf("%s is not a configured recipient", [input.facts.to]),
) if {
	input.facts.kind == "message"
	count(data.config.message.allowed_recipients) > 0
	not allowed(input.facts.to)
}

allowed(to) if lib.glob_any(data.config.message.allowed_recipients, [], to)
