# Deleting what a remote service keeps, over effects: an HTTP DELETE sent by inline code
# (`requests.delete(u)`, `fetch(u, {method: 'DELETE'})`, `axios.delete`, `Net::HTTP::Delete`,
# `Invoke-RestMethod -Method Delete`) is the same act as `curl -X DELETE` (the bash rule
# bash.destructive_cloud.http_delete) and the fetch tool's DELETE. A service on loopback is the
# developer's own.
package toolgate.rules.effects.destructive_remote

import rego.v1

import data.toolgate.effects as fx
import data.toolgate.lib

findings contains lib.finding(
	"effects.destructive_remote.http_delete",
	"ask",
	"destructive_cloud",
	"high",
	sprintf("%s sends an HTTP DELETE to %s", [e.producer, e.host]),
) if {
	some e in fx.of_type("connect")
	upper(object.get(e, "method", "")) == "DELETE"
	object.get(object.get(e, "url", {}), "ip_kind", "") != "loopback"
}

# Changing a remote service's state with the caller's credentials: a PUT or PATCH
# (`effects.state_changing_methods`) from any client (curl -X PUT, wget --method=PATCH,
# `http PUT`, xh, requests.put, fetch with a method) to a host that is not loopback, carrying
# credentials: a secret among what the call sends, credentials in the URL, or an auth header
# or option (`effects.auth_words`). Admin and control-plane APIs (collaborators, branch
# protection, cluster settings, config vars) are reached this way; a plain upload without
# credentials is not judged here.
findings contains lib.finding(
	"effects.destructive_remote.state_change",
	"ask",
	"destructive_cloud",
	"high",
	sprintf("%s sends an authenticated HTTP %s to %s", [e.producer, upper(e.method), e.host]),
) if {
	some e in fx.of_type("connect")
	upper(object.get(e, "method", "")) in {m | some m in fx.cfg.state_changing_methods}
	object.get(object.get(e, "url", {}), "ip_kind", "") != "loopback"
	authenticated(e)
}

authenticated(e) if e.url.has_credentials

authenticated(e) if {
	some s in fx.of_type("send")
	s.command == e.command
	some source in s.sources
	fx.secret_source(source)
}

authenticated(e) if {
	some c in object.get(input.facts, "commands", [])
	c.id == e.command
	some a in c.args
	regex.match(fx.cfg.auth_words[_], a)
}

# A program the command table does not know, given a destroying verb in subcommand position
# (`dokku apps:destroy api`, `juju destroy-model prod`, `<cli> cluster delete x`): what it
# destroys is not known and may be a service's data. The verb is certain, the target is not:
# ask, like a known cloud CLI's delete (bash.destructive_cloud.delete_resource).
findings contains lib.finding(
	"effects.destructive_remote.unknown_program_destroys",
	"ask",
	"destructive_cloud",
	"high",
	sprintf("an unknown program is given the destroying verb %s", [substring(e.reason, count("unknown_program_destroys:"), -1)]),
) if {
	some e in fx.of_type("unknown")
	startswith(e.reason, "unknown_program_destroys:")
}
