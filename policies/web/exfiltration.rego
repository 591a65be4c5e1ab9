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

findings contains lib.finding(
	"web.exfiltration.write_method",
	"ask",
	"data_exfiltration",
	"medium",
	sprintf("%s %s sends data to a host that is not configured as trusted", [input.facts.method, url.host]),
) if {
	upper(input.facts.method) in data.config.web.write_methods
	not trusted_host(url.host)
	not forge_write(url.host)
}

trusted_host(host) if lib.glob_any(data.config.web.trusted_write_hosts, ["."], host)

# The services the workspace's credentials are for (config.effects.secret_hosts: forges,
# registries, cloud APIs) take writes as part of the everyday loop: a comment on an issue, a
# pull request, a release. DESIGN.md's stance allows curl to public hosts, and `curl -X POST
# -d '{…}' https://api.github.com/…` is allowed by the bash rules: the same request through the
# fetch tool gets the same answer. A secret in it is still judged (secret_sent above), and a
# write to any other host still asks. A DELETE there removes what the team keeps (a repository,
# a release, a package): not everyday, it asks.
forge_write(host) if {
	upper(input.facts.method) != "DELETE"
	lib.glob_any(data.config.effects.secret_hosts, ["."], host)
}
