# Writes and links onto files that run at login, grant privileges or configure the system,
# whoever writes them (`>`, tee, cp, the Write tool, an MCP write, inline code); settings
# that make a tool run a command line later (git hooks/pagers/sshCommand/fsmonitor, `!`
# aliases, insteadOf, registries; shell PROMPT_COMMAND, BASH_ENV).
package toolgate.rules.effects.persistence

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

findings contains lib.finding(
	sprintf("effects.%s.sensitive_write", [category]),
	"deny",
	category,
	"critical",
	sprintf("%s writes %s (%s)", [e.producer, e.path.path, category]),
) if {
	some e in fx.of_type("write")
	not e.path.in_workspace
	some category in lib.sensitive_write_categories(e.path)
}

findings contains lib.finding(
	sprintf("effects.%s.sensitive_link", [category]),
	"deny",
	category,
	"critical",
	sprintf("%s links %s, a %s location, to %s", [e.producer, e.from.path, category, e.to.path]),
) if {
	some e in fx.of_type("link")
	not e.from.in_workspace
	some category in lib.sensitive_write_categories(e.from)
}

# A setting that makes the tool run a command line, fetch from elsewhere or load code.
findings contains lib.finding(
	"effects.persistence.command_setting",
	"ask",
	category,
	"high",
	sprintf("%s sets %s.%s, which decides what runs or where code comes from", [e.producer, e.tool, e.key]),
) if {
	some e in fx.of_type("config")
	some category, patterns in fx.cfg.risky_settings[e.tool]
	some pattern in patterns
	lib.regex_match(pattern, concat("=", [e.key, object.get(e, "value", "") ]))
}
