# Credentials and secrets sent out through web requests.
package toolgate.rules.web.exfiltration

import rego.v1

import data.toolgate.lib

fetch if input.facts.kind == "web_fetch"

url := input.facts.url if fetch

secrets := lib.real_secrets(input.facts.secrets) if fetch

# Secrets of a known shape (provider tokens, private keys, cloud keys) leaving: deny.
strong := {s.type | some s in secrets; not s.type in data.config.secrets.low_confidence_types}

# Generic "key=value" secrets in a request are often the API's own parameter: ask.
weak := {s.type | some s in secrets; s.type in data.config.secrets.low_confidence_types}

findings contains lib.finding(
	"web.exfiltration.secret_sent",
	"deny",
	"data_exfiltration",
	"critical",
	sprintf("the request to %s carries a %s", [url.host, concat(", ", sort(strong))]),
) if count(strong) > 0

findings contains lib.finding(
	"web.exfiltration.generic_secret_sent",
	"ask",
	"secret_leak",
	"high",
	sprintf("the request to %s carries what looks like a %s", [url.host, concat(", ", sort(weak))]),
) if count(weak) > 0

findings contains lib.finding(
	"web.exfiltration.url_credentials",
	"ask",
	"secret_leak",
	"high",
	sprintf("the URL to %s embeds a user name and password", [url.host]),
) if url.has_credentials

findings contains lib.finding(
	"web.exfiltration.secret_parameter",
	"ask",
	"secret_leak",
	"medium",
	sprintf("the URL to %s passes %s in the query string", [url.host, concat(", ", url.secret_params)]),
) if count(url.secret_params) > 0

findings contains lib.finding(
	"web.exfiltration.collector_host",
	"ask",
	"data_exfiltration",
	"high",
	sprintf("%s is a paste, webhook or tunnel collector", [url.host]),
) if {
	lib.glob_any(data.config.bash.data_exfiltration.collector_hosts, ["."], url.host)
}

# One effect, one judgment (issue 13): a state-changing request is judged by the effects rules for
# every client alike (curl, wget, httpie, inline code, this tool, MCP fetch tools): a literal body
# without credentials to a public host is allowed, as DESIGN.md's stance allows curl to public
# hosts; a DELETE asks (effects.destructive_remote.http_delete), a PUT or PATCH carrying
# credentials asks (state_change), a secret sent out is denied (secret_sent), a collector asks.
