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

state_change(method, kind, args, sources) := {"facts": {
	"commands": [{"id": 0, "name": "curl", "args": args}],
	"effects": [
		{
			"type": "connect", "producer": "knowledge:curl", "command": 0, "host": "api.example.com", "port": 443,
			"url": {"host": "api.example.com", "ip_kind": kind, "has_credentials": false}, "listen": false, "shell": false, "method": method,
		},
		{"type": "send", "producer": "knowledge:curl", "command": 0, "sink": "https://api.example.com", "url": null, "sources": sources},
	],
}}

test_put_with_an_auth_header if {
	some f in destructive_remote.findings with input as state_change("PUT", "public", ["-X", "PUT", "-H", "Authorization: Bearer x"], [])
	f.rule == "effects.destructive_remote.state_change"
}

test_patch_with_a_secret_sent if {
	some f in destructive_remote.findings with input as state_change("patch", "public", [], ["env:GITHUB_TOKEN"])
	f.rule == "effects.destructive_remote.state_change"
}

test_put_without_credentials_is_not_judged if {
	count(destructive_remote.findings) == 0 with input as state_change("PUT", "public", ["-T", "a.zip"], [])
}

test_put_to_loopback_is_the_developers_own if {
	count(destructive_remote.findings) == 0 with input as state_change("PUT", "loopback", ["-u", "admin:x"], [])
}

test_unknown_program_destroys if {
	rules := {f.rule | some f in destructive_remote.findings} with input as {"facts":{"kind":"bash","effects":[{"producer":"bash","command":0,"type":"unknown","reason":"unknown_program_destroys:apps:destroy"}]},"context":{"cwd":"/home/dev/project","home":"/home/dev","workspace_roots":["/home/dev/project"]}}
	"effects.destructive_remote.unknown_program_destroys" in rules
}
