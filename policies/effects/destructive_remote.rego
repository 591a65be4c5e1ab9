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
