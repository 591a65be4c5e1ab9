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
	not any_file(secrets)
	every s in secrets {
		at_home(e, s)
	}
}

# A credential that names its provider (STRIPE_SECRET_KEY, a detected github_token) is at home
# only at that provider's hosts (config.effects.credential_services): a Stripe key in a gist's
# body on api.github.com is published there, not used to sign in. Others, at any host of
# secret_hosts (the services credentials are for) or loopback.
at_home(e, s) if {
	some hosts in services_of(s)
	lib.glob_any(hosts, ["."], lower(send_host(e)))
}

# A credential variable whose name names no provider (`$API_KEY`, `$TOKEN`, the whole environment)
# is tied to no host by its name: it is at home only where config.effects.credential_variables maps
# that name (`CI_JOB_TOKEN` → GitLab, `NODE_AUTH_TOKEN` → the npm registries). A secret found in
# text whose type names no provider keeps the hosts credentials are for (secret_hosts).
at_home(e, s) if {
	count(services_of(s)) == 0
	not startswith(s, "env:")
	fx.allowed_send(e)
}

at_home(e, _) if e.url.ip_kind == "loopback"

services_of(s) := array.concat(
	[hosts |
		name := credential_name(s)
		some prefix, hosts in fx.cfg.credential_services
		startswith(name, prefix)
	],
	[hosts |
		name := credential_name(s)
		some variable, hosts in object.get(fx.cfg, "credential_variables", {})
		name == variable
	],
)

credential_name(s) := upper(substring(s, 4, -1)) if startswith(s, "env:")

credential_name(s) := upper(substring(s, 7, -1)) if startswith(s, "secret:")

send_host(e) := e.url.host if e.url != null

send_host(e) := e.sink if e.url == null

any_file(secrets) if {
	some s in secrets
	startswith(s, "file:")
}
