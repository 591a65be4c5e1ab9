# Secrets leaving: any send effect (curl data or headers, scp/rsync sources, nc stdin,
# /dev/tcp, a fetch tool's body, a message, an MCP call) whose sources include a credential
# file, a credential variable, the whole environment or a detected secret, to a host that
# is not one the credentials are for.
package toolgate.rules.effects.data_exfiltration

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

findings contains lib.finding(
	"effects.data_exfiltration.secret_sent",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("%s sends %s to %s", [e.producer, concat(", ", sort(secrets)), e.sink]),
) if {
	some e in fx.of_type("send")
	not e.producer in {"tool:message"}
	secrets := {s | some s in e.sources; fx.secret_source(s)}
	count(secrets) > 0
	not excused(e, secrets)
}

# A credential used to sign in to its own service (a token in a header to the API it is for)
# is excused; a file's contents are not: what a push or an upload carries is published there.
excused(e, secrets) if {
	fx.allowed_send(e)
	not any_file(secrets)
}

any_file(secrets) if {
	some s in secrets
	startswith(s, "file:")
}
