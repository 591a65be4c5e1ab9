package toolgate.rules.effects.destructive_remote_test

import rego.v1

import data.toolgate.rules.effects.destructive_remote

connect(method, kind) := {"facts": {"effects": [{
	"type": "connect", "producer": "code:python", "command": null, "host": "api.example.com", "port": 443,
	"url": {"host": "api.example.com", "ip_kind": kind}, "listen": false, "shell": false, "method": method,
}]}}

test_delete_to_a_public_host if {
	some f in destructive_remote.findings with input as connect("DELETE", "public")
	f.rule == "effects.destructive_remote.http_delete"
}

test_delete_to_loopback_is_the_developers_own if {
	count(destructive_remote.findings) == 0 with input as connect("DELETE", "loopback")
}

test_get_is_not_a_delete if {
	count(destructive_remote.findings) == 0 with input as connect("GET", "public")
}
